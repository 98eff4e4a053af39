/**
 * The candidate a run certifies, one member per target kind (`--kind`), each with only what that
 * kind has. Code that treats kinds differently switches on `kind` with an `assertNever` default or
 * looks the kind up in a `Record<TargetKind, …>`, so a new kind fails to compile at every place
 * that must handle it, instead of falling into the Custom Endpoint branch.
 */
import { assertNever, type FaasTarget } from '../../mocks/index.ts';
import type { TPBBotConfig } from '../../schemas/index.ts';
import type { CandidateAddress, CandidateHttp } from './candidate-http.ts';
import type { CandidateInterruption } from './candidate-interruption.ts';
import type { ErrorResponseLog } from './error-response-log.ts';

/** A Custom Endpoint: the engine calls it, and the harness calls it directly too. */
export interface CustomEndpointTarget {
  kind: 'custom-endpoint';
  /** Where it is. */
  address: CandidateAddress;
  /** Direct HTTP to it. */
  http: CandidateHttp;
  /**
   * Every error response the candidate sent in this run, to `http` and to the engine bots
   * started for it; SEC-12 and SEC-13 inspect them all.
   */
  errorResponses: ErrorResponseLog;
  /**
   * Stops every call to the candidate once one of its routes stopped answering; the runner then
   * checks no further rule (decision 0015).
   */
  interruption: CandidateInterruption;
}

/** A LivePerson Function: what the engine invokes. */
export interface FunctionTarget {
  kind: 'faas';
  faas: FaasTarget;
}

/** A connector: the command that starts it; it calls the platform, nothing calls it. */
export interface ConnectorTarget {
  kind: 'connector';
  command: string;
}

export type CandidateTarget = CustomEndpointTarget | FunctionTarget | ConnectorTarget;

/** The targets the Third-Party Bots engine calls, named by the engine's own `kind`. */
export type EngineTarget = Extract<CandidateTarget, { kind: TPBBotConfig['kind'] }>;

/** The target as the engine calls it; undefined for a connector, which the UMS suite drives. */
export function engineTarget(target: CandidateTarget): EngineTarget | undefined {
  switch (target.kind) {
    case 'custom-endpoint':
    case 'faas':
      return target;
    case 'connector':
      return undefined;
    default:
      return assertNever(target);
  }
}

/** The target when the harness can call it directly over HTTP (a Custom Endpoint), else undefined. */
export function customEndpointTarget(target: CandidateTarget): CustomEndpointTarget | undefined {
  switch (target.kind) {
    case 'custom-endpoint':
      return target;
    case 'faas':
    case 'connector':
      return undefined;
    default:
      return assertNever(target);
  }
}
