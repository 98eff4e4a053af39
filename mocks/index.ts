/**
 * The door of the mocks layer: the mock Conversational Cloud, the Third-Party Bots engine, the
 * example and broken bots, and the platform facts the harness and the suites build on. Other layers
 * import mocks only from here (docs/architecture.md).
 */
export { hostileCandidate, hostileCandidates } from './bots/hostile/index.ts';
export {
  brokenBot,
  brokenBots,
  brokenFunctions,
  classifyText,
  createExampleFunction,
  type EndpointAnswer,
  type ExampleCustomEndpointHooks,
  type ExampleCustomEndpointOptions,
  emptyAnswer,
  errorAnswer,
  exampleCard,
  exampleEncodedMetadata,
  exampleImageHost,
  exampleUtterances,
  type FaasLambda,
  jsonAnswer,
  lambda,
  type RunningCustomEndpoint,
  sendFileIdentifier,
  startExampleCustomEndpoint,
} from './bots/index.ts';
export { MockCloud, type MockCloudUrls } from './cloud/mock-cloud.ts';
export type { MockCloudOptions } from './cloud/mock-cloud-options.ts';

export { constantTimeEqual } from './http/constant-time-equal.ts';
export {
  defaultBodyLimitBytes,
  evidenceBodyLimitBytes,
  exchangeEvidence,
  redacted,
  type VendorExchange,
} from './http/vendor-exchange.ts';

export { callVendor, type VendorCallGate, type VendorHttpResult } from './http/vendor-http-call.ts';
export type { AgentSession, SessionEndReason } from './login/agent-sessions.ts';
export { defaultSessionTtlMs } from './login/index.ts';
export {
  type Agent,
  defaultMaxOpenConversations,
  type Skill,
} from './platform/account-directory.ts';
export { assertNever } from './platform/assert-never.ts';
export { parseCandidateBody } from './platform/candidate-json.ts';
export { type Clock, systemClock } from './platform/clock.ts';
export type { Conversation, Participant, StoredEvent } from './platform/conversation.ts';
export type { ConversationStore } from './platform/conversation-store.ts';
export { deepFreeze } from './platform/deep-freeze.ts';
export {
  faasFailedBotAction,
  faasFailedFaasRequest,
  faasInvokeLambda,
  faasMissingResponseBody,
  maxConversationLimitReached,
} from './platform/error-codes.ts';
export { cutText } from './platform/recorded-text.ts';
export type { Ring, RoutingTask } from './platform/routing.ts';
export { defaultTokenLifetimeSeconds, type TokenIssuer } from './sentinel/token-issuer.ts';
export type { BotLogEntry } from './tpb/bot-log.ts';
export { type CreateTpbBotOptions, createTpbBot } from './tpb/create-tpb-bot.ts';
export {
  type BearerSource,
  CustomEndpointClient,
} from './tpb/custom-endpoint-client.ts';
export { type CustomEndpointRoute, customEndpointRouteOf } from './tpb/custom-endpoint-route.ts';
export { CustomEndpointVendor } from './tpb/custom-endpoint-vendor.ts';
export { engineDefaults } from './tpb/engine-defaults.ts';
export { mockCapacityNote } from './tpb/escalation.ts';
export {
  createFaasInvoker,
  type FaasFunction,
  type FaasInvocationResult,
  type FaasInvoker,
  FaasModuleError,
  type FaasTarget,
} from './tpb/faas-invoker.ts';
export { faasWelcomeEventName } from './tpb/faas-vendor.ts';
export {
  customEndpointActionNames,
  parseCustomEndpointReply,
} from './tpb/reply-parse-custom-endpoint.ts';
export { faasActionNames } from './tpb/reply-parse-faas.ts';
export type {
  ActionView,
  Field,
  ItemView,
  ReplyParts,
  WireParts,
} from './tpb/reply-parts.ts';
export {
  encodedMetadataMaxLength,
  structuredContentMaxBytes,
  verifyReply,
} from './tpb/reply-verify.ts';
export { SentinelTokenCache } from './tpb/sentinel-token-cache.ts';
export type { TpbBot } from './tpb/tpb-bot.ts';
export {
  type ConversationInfo,
  consumerFileIdentifier,
  type VendorEvent,
} from './tpb/vendor.ts';
export { type TrafficEntry, trafficEvidence } from './ums/traffic-log.ts';
export { parseBrandPath, redactedPath } from './ums/upgrade-path.ts';
