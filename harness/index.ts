/**
 * The door of the harness layer: the runner and what a check needs (the run context, outcomes,
 * the rule catalogue, candidate HTTP and the engine session). The suites import the harness only
 * from here. The package's entry for users is public.ts, not this file.
 */
export type { UtteranceKey } from './config/config-keys.ts';
export {
  faasLimitMs,
  isSet,
  type ResolvedConfig,
  runDefaults,
  withDefaults,
} from './config/defaults.ts';
export {
  escalationEvidence,
  isBotMessage,
  isConsumerVisible,
  type LogEntryOf,
  type PublishedEvent,
  publishedEvent,
  publishedKey,
  scenarioLimitMs,
  settleConversation,
  type Turn,
  transcriptKey,
  turnEvidence,
  turnsOf,
} from './conversation/conversation-turns.ts';
export {
  agentHandoverText,
  agentSkillName,
  transferIn,
} from './conversation/transfer-in.ts';
export { type Signal, waitUntil } from './conversation/wait-until.ts';
export { HarnessError } from './harness-error.ts';
export {
  describeStats,
  type EventOutcome,
  type LatencyStats,
  latencyStats,
  p95BudgetMs,
  percentile,
} from './load/latency-stats.ts';
export {
  judgeSaturation,
  type Saturation,
  saturationLagMs,
  startSaturationGuard,
} from './load/saturation-guard.ts';
export { matchRules, ruleById, rules, rulesInGroup, type TargetKind } from './rules/index.ts';
export { transcriptTextLimit } from './runner/bounded-transcript.ts';
export { type BuiltContext, buildContext } from './runner/build-context.ts';
export {
  type CandidateAddress,
  CandidateHttp,
  type CandidateResponse,
} from './runner/candidate-http.ts';
export { hungRunBoundMs } from './runner/candidate-interruption.ts';
export {
  type CandidateTarget,
  type ConnectorTarget,
  type CustomEndpointTarget,
  customEndpointTarget,
  type EngineTarget,
  engineTarget,
  type FunctionTarget,
} from './runner/candidate-target.ts';
export { certify } from './runner/certify.ts';
export {
  type Check,
  type CheckOutcome,
  fail,
  info,
  notApplicable,
  pass,
  passOrWarn,
  skipped,
  warn,
} from './runner/check.ts';
export type { ObservedErrorResponse } from './runner/error-response-log.ts';
export type { RunContext } from './runner/run-context.ts';
export { RunScenarios, type ScenarioKey, scenarioKey } from './runner/run-scenarios.ts';
export { exitCodeOf, runRules } from './runner/runner.ts';
export {
  botConfig,
  calledByEngine,
  escalationSkill,
  type ObservedReply,
  runSession,
  type Session,
  type SessionConversation,
  startCandidateBot,
  sweepSentences,
} from './runner/session.ts';
export { TokenMinter } from './runner/token-minter.ts';
