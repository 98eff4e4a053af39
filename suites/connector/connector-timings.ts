/**
 * The time bounds of the UMS rules, with the spec's defaults. A run (or a test) may shrink them
 * for one RunContext before the connector starts, with `configureConnector`.
 *
 * @see docs/rules.md (UMS-03, UMS-06, UMS-12, UMS-13, UMS-14)
 */
import { isSet, type RunContext, scenarioKey } from '../../harness/index.ts';
import { defaultSessionTtlMs } from '../../mocks/index.ts';

export interface ConnectorTimings {
  /** From the process start to its first socket on the mock (harness policy). */
  connectWithinMs: number;
  /** UMS-03: from the socket opening to ONLINE and a subscription (10 s). */
  readyWithinMs: number;
  /** UMS-06: a consumer text is answered within this (30 s, or the run's --timeout-ms). */
  replyWithinMs: number;
  /** How long the harness watches for something that must not happen (an echo, a late publish). */
  quietMs: number;
  /** UMS-12: from the socket drop to ONLINE again and an answer (60 s). */
  recoverWithinMs: number;
  /** UMS-13: the session TTL the mock issues to the restarted connector (LivePerson's 8 h). */
  sessionTtlMs: number;
  /** UMS-13: a TTL short enough to watch runs out by itself; it is watched this many TTLs. */
  sessionTtlWatchFactor: number;
  /**
   * UMS-13: the longest watch (TTL × factor) the harness waits for; past it (the 8 h default) the
   * harness ends the session itself, as the platform does when a session runs out.
   */
  sessionTtlWatchLimitMs: number;
  /** UMS-14: the longest allowed silence without `.GetClock` or a ping (60 s). */
  keepAliveWithinMs: number;
  /** UMS-14: the recommended keep-alive period (30 s); slower passes with a warning. */
  keepAliveRecommendedMs: number;
  /** Bot messages into one conversation without a consumer message in between that make an echo loop. */
  runawayReplies: number;
  /** From SIGTERM to SIGKILL when the connector is stopped. */
  stopGraceMs: number;
}

/** The spec's bounds; `replyWithinMs` follows --timeout-ms when it is given. */
export function defaultConnectorTimings(context: RunContext): ConnectorTimings {
  return {
    connectWithinMs: 30_000,
    readyWithinMs: 10_000,
    // UMS-06's own 30 s, unless the run chose a per-request timeout.
    replyWithinMs: isSet(context.config, 'timeoutMs') ? context.config.timeoutMs : 30_000,
    quietMs: 2_000,
    recoverWithinMs: 60_000,
    sessionTtlMs: defaultSessionTtlMs,
    sessionTtlWatchFactor: 1.5,
    sessionTtlWatchLimitMs: 60_000,
    keepAliveWithinMs: 60_000,
    keepAliveRecommendedMs: 30_000,
    runawayReplies: 20,
    stopGraceMs: 2_000,
  };
}

/** The run's changes to the defaults, set before the connector starts. */
const configuredTimings = scenarioKey<Partial<ConnectorTimings>>('connector timings');

/**
 * Shrinks (or stretches) the bounds for one run; call it before the first UMS check runs.
 *
 * @example
 * configureConnector(context, { recoverWithinMs: 5000, sessionTtlMs: 1500 });
 */
export function configureConnector(context: RunContext, timings: Partial<ConnectorTimings>): void {
  Object.assign(
    context.scenarios.once(configuredTimings, () => ({})),
    timings,
  );
}

/** The bounds in force for the run. */
export function connectorTimings(context: RunContext): ConnectorTimings {
  return Object.freeze({
    ...defaultConnectorTimings(context),
    ...context.scenarios.get(configuredTimings),
  });
}
