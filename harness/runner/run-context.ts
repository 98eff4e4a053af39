import type { FaasTarget, MockCloud } from '../../mocks/index.ts';
import type { HarnessConfig } from '../../schemas/index.ts';
import type { UtteranceKey } from '../config/config-keys.ts';
import type { ConversationType } from '../rules/rule.ts';
import type { CandidateAddress, CandidateHttp } from './candidate-http.ts';
import type { CandidateInterruption } from './candidate-interruption.ts';
import type { ErrorResponseLog } from './error-response-log.ts';
import type { Session } from './session.ts';
import type { TokenMinter } from './token-minter.ts';

/** Everything a check can use. One per run; checks must not change what others rely on. */
export interface RunContext {
  kind: 'custom-endpoint' | 'faas' | 'connector';
  config: Readonly<HarnessConfig>;
  /** The candidate's declared utterances (key → consumer sentence). */
  utterances: Readonly<Partial<Record<UtteranceKey, string>>>;
  /** The conversation types the bot is configured for (--conversation-type): one or both. */
  conversationTypes: readonly ConversationType[];
  /** Skills the candidate may transfer to, created on the mock account. */
  skills: readonly string[];
  /** User ids of human agents on the mock account the candidate may transfer to (--agent). */
  agents: readonly string[];
  /** Per-request timeout towards the candidate (the platform's 60 s unless configured). */
  timeoutMs: number;
  cloud: MockCloud;
  /** Custom Endpoint: where it is, and direct HTTP to it. */
  candidate?: CandidateAddress;
  http?: CandidateHttp;
  /**
   * Custom Endpoint: every error response the candidate sent in this run, to `http` and to the
   * engine bots started for it; SEC-12 and SEC-13 inspect them all.
   */
  errorResponses?: ErrorResponseLog;
  /**
   * Custom Endpoint: stops every call to the candidate once one of its routes stopped answering;
   * the runner then checks no further rule (decision 0015).
   */
  interruption?: CandidateInterruption;
  /** Signs with the key the candidate trusts; absent with a real Sentinel (--token-url). */
  minter?: TokenMinter;
  /** A valid bearer for direct calls. */
  bearer(): Promise<string>;
  /** A LivePerson Function: what to invoke. */
  faas?: FaasTarget;
  /** The connector: the command that starts it. */
  command?: string;
  /** The conversations the harness ran through the engine, run once and shared by the checks. */
  session(): Promise<Session>;
}
