import type { MockCloud } from '../../mocks/index.ts';
import type { UtteranceKey } from '../config/config-keys.ts';
import type { ResolvedConfig } from '../config/defaults.ts';
import type { ConversationType } from '../rules/rule.ts';
import type { CandidateTarget } from './candidate-target.ts';
import type { RunScenarios } from './run-scenarios.ts';
import type { Session } from './session.ts';
import type { TokenMinter } from './token-minter.ts';

/** Everything a check can use. One per run; checks must not change what others rely on. */
export interface RunContext {
  /** The candidate, with what its kind has; switch on `target.kind`, exhaustively. */
  target: CandidateTarget;
  /** The run's config, every default filled (harness/config/defaults.ts). */
  config: ResolvedConfig;
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
  /** Signs with the key the candidate trusts; absent with a real Sentinel (--token-url). */
  minter?: TokenMinter;
  /** A valid bearer for direct calls. */
  bearer(): Promise<string>;
  /** The conversations the harness ran through the engine, run once and shared by the checks. */
  session(): Promise<Session>;
  /**
   * What the checks of the run make once and share (a connector session, the LIMIT load, the SEC
   * attacks); a copy of the context for the same candidate keeps the same store.
   */
  scenarios: RunScenarios;
}
