export type { ConversationKey, StoredConversation } from './conversation-registry.ts';
export { buildCustomEndpointReply, type ReplyContext } from './custom-endpoint-reply.ts';
export {
  type EndpointAnswer,
  emptyAnswer,
  errorAnswer,
  jsonAnswer,
} from './endpoint-answer.ts';
export type {
  ConversationEvent,
  ConversationType,
  CreateConversationRequest,
  LpEvent,
} from './event-body.ts';
export {
  type AnswerContext,
  type CustomEndpointRoute,
  type ExampleCustomEndpointHooks,
  type ExampleCustomEndpointOptions,
  type RouteParams,
  type RunningCustomEndpoint,
  startExampleCustomEndpoint,
} from './example-custom-endpoint.ts';
export { defaultJwksRefetchCooldownSeconds } from './jwks-key-source.ts';
export {
  clockToleranceSeconds,
  customEndpointScopes,
  type TokenCheck,
  TokenVerifier,
  type TokenVerifierAuth,
  type TokenVerifierOptions,
} from './token-verifier.ts';
