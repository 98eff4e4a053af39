/**
 * Test support for the UMS suite: a RunContext for a connector command with small time bounds,
 * and the fixtures' commands. Not a test file.
 */
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { buildContext, type CheckOutcome, type RunContext } from '../../../harness/index.ts';
import type { HarnessConfig } from '../../../schemas/index.ts';
import { stopConnector } from '../connector-session.ts';
import { type ConnectorTimings, configureConnector } from '../connector-timings.ts';
import { umsChecks } from '../index.ts';

const sdkBot = fileURLToPath(new URL('../../../mocks/cloud/interop/sdk-bot.cjs', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/sdk-connector.cjs', import.meta.url));

/** The unmodified node-agent-sdk bot of the mock's interop test (no reconnect, no refresh). */
export const sdkBotCommand = `"${process.execPath}" "${sdkBot}"`;

/** The conformant fixture, with quick reconnects and keep-alives, and rules to break. */
export function fixtureCommand(breaks: string[] = [], extra: string[] = []): string {
  const flags = ['--reconnect-ms=100', '--keepalive-ms=500', ...extra];
  if (breaks.length > 0) flags.push(`--break=${breaks.join(',')}`);
  return `"${process.execPath}" "${fixture}" ${flags.join(' ')}`;
}

/** Bounds small enough for tests, wide enough for two busy cores. */
export const testTimings: Partial<ConnectorTimings> = {
  connectWithinMs: 15_000,
  readyWithinMs: 3_000,
  quietMs: 300,
  recoverWithinMs: 5_000,
  runawayReplies: 8,
  stopGraceMs: 1_000,
};

export interface ConnectorRun {
  context: RunContext;
  /** Runs the checks of these rules (all when omitted), in catalogue order. */
  check(ruleIds?: string[]): Promise<Map<string, CheckOutcome>>;
  dispose(): Promise<void>;
}

/** A connector run on a fresh mock cloud, with the transfer and close utterances declared. */
export async function connectorRun(
  command: string,
  options: { config?: HarnessConfig; timings?: Partial<ConnectorTimings> } = {},
): Promise<ConnectorRun> {
  const built = await buildContext({
    kind: 'connector',
    command,
    timeoutMs: 1_500,
    utterances: { transfer: 'transfer', close: 'close' },
    ...options.config,
  });
  configureConnector(built.context, { ...testTimings, ...options.timings });
  return {
    context: built.context,
    async check(ruleIds) {
      const outcomes = new Map<string, CheckOutcome>();
      for (const check of umsChecks) {
        if (ruleIds && !ruleIds.includes(check.ruleId)) continue;
        outcomes.set(check.ruleId, await check.run(built.context));
      }
      return outcomes;
    },
    async dispose() {
      await stopConnector(built.context);
      await built.dispose();
    },
  };
}

/** The statuses of a run's outcomes, by rule, for exact assertions. */
export function statuses(outcomes: Map<string, CheckOutcome>): Record<string, string> {
  return Object.fromEntries([...outcomes].map(([ruleId, outcome]) => [ruleId, outcome.status]));
}

/** The outcome of one rule for the fixture with some rules broken. */
export async function brokenOutcome(
  ruleId: string,
  breaks: string[],
  options: {
    timings?: Partial<ConnectorTimings>;
    utterances?: Record<string, string>;
    /** The reply timeout (--timeout-ms). */
    timeoutMs?: number;
  } = {},
): Promise<CheckOutcome> {
  const config: HarnessConfig = {
    ...(options.utterances ? { utterances: options.utterances } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  };
  const run = await connectorRun(fixtureCommand(breaks), {
    ...(options.timings ? { timings: options.timings } : {}),
    config,
  });
  try {
    const outcome = (await run.check([ruleId])).get(ruleId);
    if (!outcome) throw new Error(`No outcome for ${ruleId}`);
    return outcome;
  } finally {
    await run.dispose();
  }
}

/** A failure of `ruleId` in the house format, with evidence and the `actual` expected. */
export function expectFailure(outcome: CheckOutcome, ruleId: string, actual: RegExp): void {
  expect(outcome.status).toBe('fail');
  expect(outcome.message.startsWith(`${ruleId}: expected `)).toBe(true);
  expect(outcome.actual).toMatch(actual);
  expect(outcome.evidence?.length).toBeGreaterThan(0);
}
