/**
 * Request bodies as the mock Third-Party Bots engine sends them (mocks/tpb/custom-endpoint-vendor.ts,
 * mocks/tpb/conversation-runner.ts): PUT bodies with the docs' shapes, event bodies with the
 * preferred variants, and realistic `context.lpEvent`s for messaging (the raw UMS notification)
 * and chat (a chat line event).
 *
 * @see docs/spec/custom-endpoint.md#5-e3-create-conversation §5, §6.1, §6.2
 */
import { randomUUID } from 'node:crypto';
import type {
  CustomEndpointCLOSE_CONVERSATIONEvent,
  CustomEndpointCONVERSATIONEvent,
  CustomEndpointCreateConversationRequestBody,
  CustomEndpointHostedFileEvent,
  CustomEndpointLpEvent,
  CustomEndpointRICH_CONTENTEvent,
  CustomEndpointSTARTEvent,
  CustomEndpointTEXTEvent,
} from '../../schemas/index.ts';

export type ConversationType = 'MESSAGING' | 'CHAT';

/** The text TPB sends in place of a consumer file (tpb-platform.md §6). */
export const sendFileIdentifier = 'com.liveperson.bot-connectors.consumer.send-file';

/**
 * A PUT body as the engine sends it by default: `skillId` a numeric string (docs), `engagementId`
 * a number, no `sdes` (D8, D9). `context` keys given here replace or add to the defaults.
 */
export function conversationBody(
  type: ConversationType = 'MESSAGING',
  context: Record<string, unknown> = {},
): CustomEndpointCreateConversationRequestBody {
  return { context: { type, skillId: '1234567', engagementId: 1, ...context } };
}

/** SDES as the Visit Information API gives them, collected once at conversation start. */
export const exampleSdes = {
  authenticatedSdes: {
    ctmrinfo: {
      type: 'ctmrinfo',
      info: { cstatus: 'vip', ctype: 'gold', customerId: 'tpb-conformance-customer', imei: '' },
    },
    personal: {
      type: 'personal',
      personal: {
        firstname: 'Ada',
        lastname: 'Lovelace',
        contacts: [{ email: 'ada@example.com', phone: '+15555550100' }],
      },
    },
  },
  unauthenticatedSdes: {
    customerInfo: {
      type: 'customerInfo',
      info: { customerId: 'guest-1', companyBranch: 'online', accountName: 'tpb-conformance' },
    },
  },
} as const;

/** Visitor information as the docs' PUT example shows it (opaque to the candidate). */
export const exampleVisitor = {
  sharkVisitorId: 'tpb-conformance-visitor',
  sharkSessionId: 'tpb-conformance-session',
  ipAddress: '127.0.0.1',
  browser: 'CHROME',
  os: 'LINUX',
  osVersion: '6.1',
  language: 'en-US',
  consumerId: randomUUID(),
};

const clientProperties = {
  type: '.ClientProperties',
  appId: 'webAsync',
  ipAddress: '127.0.0.1',
  deviceFamily: 'DESKTOP',
  os: 'LINUX',
  integration: 'WEB_SDK',
  integrationVersion: '3.0.0',
  browser: 'CHROME',
  browserVersion: '120.0.0',
  features: ['PHOTO_SHARING', 'QUICK_REPLIES', 'AUTO_MESSAGES', 'MULTI_DIALOG', 'RICH_CONTENT'],
};

/** What a consumer event carries in UMS (ums.md §8.2). */
export type ConsumerContent =
  | { type: 'ContentEvent'; message: string; contentType: 'text/plain' }
  | { type: 'RichContentEvent'; content: Record<string, unknown> };

/** A text ContentEvent. */
export const textContent = (message: string): ConsumerContent => ({
  type: 'ContentEvent',
  message,
  contentType: 'text/plain',
});

/**
 * The messaging lpEvent: the raw UMS messaging event notification of the consumer's message, as
 * the engine passes it through (sequence, dialogId, serverTimestamp, originator, event, metadata,
 * messageAudience).
 */
export function messagingLpEvent(
  convId: string,
  event: ConsumerContent,
  sequence = 0,
): CustomEndpointLpEvent {
  const consumerId = exampleVisitor.consumerId;
  return {
    sequence,
    dialogId: convId,
    conversationId: convId,
    serverTimestamp: Date.now(),
    originatorId: consumerId,
    originatorPId: consumerId,
    originatorClientProperties: clientProperties,
    originatorMetadata: { id: consumerId, role: 'CONSUMER', clientProperties },
    event,
    metadata: [],
    messageAudience: 'ALL',
  };
}

/** The chat lpEvent: a chat line event, a completely different shape from messaging (§6.2). */
export function chatLpEvent(text: string, isWelcomeEvent = false): CustomEndpointLpEvent {
  return {
    '@id': String(Date.now()),
    '@type': 'line',
    time: new Date().toISOString(),
    textType: 'plain',
    text,
    by: 'Visitor',
    source: 'visitor',
    subType: 'REGULAR',
    chatSessionKey: `H${Date.now()}`,
    isWelcomeEvent,
  };
}

/** The lpEvent of a text in a conversation of `type`. */
export const lpEventFor = (
  type: ConversationType,
  convId: string,
  text: string,
): CustomEndpointLpEvent =>
  type === 'CHAT' ? chatLpEvent(text) : messagingLpEvent(convId, textContent(text));

/** A consumer text message: `TEXT` with `source: "CONSUMER"`. */
export function textEvent(
  message: string,
  lpEvent: CustomEndpointLpEvent,
): CustomEndpointTEXTEvent {
  return { type: 'TEXT', source: 'CONSUMER', data: { message }, context: { lpEvent } };
}

/** Consumer rich content: a vertical with a map element, as shared on WhatsApp (§6.1). */
export const sharedLocation: Record<string, unknown> = {
  type: 'vertical',
  elements: [{ type: 'map', la: 40.7128, lo: -74.006, alt: 'Shared location' }],
};

/** A `RICH_CONTENT` event (messaging only). */
export function richContentEvent(
  convId: string,
  content: Record<string, unknown> = sharedLocation,
): CustomEndpointRICH_CONTENTEvent {
  return {
    type: 'RICH_CONTENT',
    source: 'CONSUMER',
    data: { content },
    context: { lpEvent: messagingLpEvent(convId, { type: 'RichContentEvent', content }) },
  };
}

/**
 * The welcome event `START` with `source: "CONVERSATION"` and `data: {}`; `lastConsumerMessage`
 * is added to the lpEvent when given (messaging welcome on transfer).
 */
export function startEvent(
  lpEvent: CustomEndpointLpEvent,
  lastConsumerMessage?: string,
): CustomEndpointSTARTEvent {
  return {
    type: 'START',
    source: 'CONVERSATION',
    data: {},
    context: {
      lpEvent: {
        ...lpEvent,
        ...(lastConsumerMessage !== undefined ? { lastConsumerMessage } : {}),
      },
    },
  };
}

/** OpenAPI `StateChange` (D1, D2): `CONVERSATION` with `STARTED`, `TRANSFERRED` or `CLOSED`. */
export function conversationStateEvent(
  name: 'STARTED' | 'TRANSFERRED' | 'CLOSED',
  lpEvent: CustomEndpointLpEvent,
): CustomEndpointCONVERSATIONEvent {
  return { type: 'CONVERSATION', source: 'CONVERSATION', data: { name }, context: { lpEvent } };
}

/** OpenAPI `HostedFileChange` (D3). */
export function hostedFileEvent(lpEvent: CustomEndpointLpEvent): CustomEndpointHostedFileEvent {
  return {
    type: 'hosted-file',
    source: 'CONSUMER',
    data: { relativePath: '/files/receipt.jpg', fileType: 'JPEG', caption: 'my receipt' },
    context: { lpEvent },
  };
}

/** The survey bot's close notification (reference implementation, D2). */
export function closeConversationEvent(
  lpEvent: CustomEndpointLpEvent,
): CustomEndpointCLOSE_CONVERSATIONEvent {
  return { type: 'CLOSE_CONVERSATION', source: 'CONVERSATION', data: {}, context: { lpEvent } };
}

/** A consumer sentence with no trigger in it: the declared fallback, or a greeting. */
export const plainSentence = (utterances: { fallback?: string }): string =>
  utterances.fallback ?? 'Hello there';
