/** LivePerson's runtime error codes share this prefix (tpb-platform.md §8). */
export const errorCodePrefix = 'com.liveperson.bot-connectors-worker.error.';

/** The 999-conversation limit: a new conversation past it is error-escalated. */
export const maxConversationLimitReached = `${errorCodePrefix}pipes.conversation-limit-checker.max-conv-limit-reached`;
