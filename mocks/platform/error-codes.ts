/** LivePerson's runtime error codes share this prefix (tpb-platform.md §8). */
export const errorCodePrefix = 'com.liveperson.bot-connectors-worker.error.';

/** The 999-conversation limit: a new conversation past it is error-escalated. */
export const maxConversationLimitReached = `${errorCodePrefix}pipes.conversation-limit-checker.max-conv-limit-reached`;

/** A LivePerson Function invocation failed: error callback, thrown error, over 30 s, quota. */
export const faasInvokeLambda = `${errorCodePrefix}aivendor.faas.invoke-lambda`;

/** A LivePerson Function called back (or answered) without a body. */
export const faasMissingResponseBody = `${errorCodePrefix}aivendor.faas.missing-response-body`;

/** The request invoking a LivePerson Function failed; the mock uses it for the HTTP form. */
export const faasFailedFaasRequest = `${errorCodePrefix}aivendor.faas.failed-faas-request`;

/**
 * Mock design, outside LivePerson's namespace: LivePerson documents no Custom Endpoint runtime
 * code, so Custom Endpoint escalations carry this prefix and a reason (tpb-platform.md §8).
 */
export const customEndpointErrorCodePrefix = 'tpb-conformance.mock.customendpoint.';

// --- Reply verification (tpb-platform.md §2.3, §8): the vendor-neutral reply model. ---

/** A Custom Endpoint reply body that is not the documented `{response, analytics}` shape (mock design). */
export const customEndpointInvalidResponse = `${customEndpointErrorCodePrefix}invalid-response`;

/**
 * Mock design: a function's output that is not the documented `{messages, context}` shape.
 * LivePerson documents no code for it.
 */
export const faasInvalidResponse = 'tpb-conformance.mock.faas.invalid-response';

/** Mock design: a Custom Endpoint or FaaS reply with more than one action (none is documented). */
export const multipleActions = 'tpb-conformance.mock.multiple-actions';

/** A reply with neither messages nor an action (also: only an intent). */
export const missingActionAndMessages = `${errorCodePrefix}pipes.verify-ai-response.missing-action-and-messages`;

/** A reply with no messages and only an unsupported action. */
export const noMessagesAndNotSupportedAction = `${errorCodePrefix}pipes.verify-ai-response.no-messages-and-not-supported-action`;

/** Quick replies in a chat conversation. */
export const quickRepliesNotSupported = `${errorCodePrefix}pipes.verify-ai-response.quick-replies-not-supported`;

/** A bot message could not be sent in messaging (e.g. malformed structured content). */
export const messagingSendMessage = `${errorCodePrefix}connector.messaging.send-message`;

/** A bot message could not be sent in chat. */
export const chatSendMessage = `${errorCodePrefix}connector.chat.send-message`;

/** TRANSFER to a skill name the account does not have, in messaging (older page revision). */
export const messagingTransferSkillNotExisting = `${errorCodePrefix}pipes.messaging-handle-bot-action.transfer-skill-not-existing`;

/** TRANSFER to a skill name the account does not have, in chat (newer page revision). */
export const chatTransferSkillNotExisting = `${errorCodePrefix}pipes.chat-handle-bot-action.transfer-skill-not-existing`;

/** The function an INVOCATION / INVOKE_FUNCTION action called failed (escalates with failOnError). */
export const faasFailedBotAction = `${errorCodePrefix}aivendor.faas.failed-bot-action`;
