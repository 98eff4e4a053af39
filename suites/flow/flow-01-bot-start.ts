// Spec: custom-endpoint.md §8.1 (Test Connection and bot start); tpb-platform.md §9 (start
// requires a passing Test Connection), §3.2 and §13 (a function answers within 30 s).

import {
  type Check,
  type EngineTarget,
  engineTarget,
  fail,
  pass,
  startCandidateBot,
} from '../../harness/index.ts';
import { engineDefaults, exchangeEvidence, type VendorExchange } from '../../mocks/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import { connectorSkipped, note } from './conversation-turns.ts';

/** What Test Connection does for each kind the engine calls, and how long it may take. */
const testConnection: Record<
  EngineTarget['kind'],
  { expectation: string; advice: string; limitMs?: number }
> = {
  'custom-endpoint': {
    expectation: 'a Sentinel token, then GET …/state answered 200 with {"state": "online"}',
    advice:
      'Answer GET /v1/bots/{botId}/environments/{environment}/state with 200 and {"state": "online", "version": "<semver>"} to a valid Sentinel bearer.',
  },
  faas: {
    expectation: 'a test invocation (the welcome event) answered with an output object within 30 s',
    advice:
      'Call back with an output object ({messages, context}) for every invocation, the welcome event included, within 30 s.',
    limitMs: engineDefaults.faasTimeoutMs,
  },
};

const evidenceOf = (exchanges: readonly VendorExchange[]): Evidence[] =>
  exchanges.map((exchange) => exchangeEvidence(exchange));

/**
 * FLOW-01: the engine adds a bot for the candidate and starts it (Test Connection at start), then
 * runs the wizard's Test Connection once more on the running bot; both must pass.
 */
export const flow01BotStart: Check = {
  ruleId: 'FLOW-01',
  async run(context) {
    const target = engineTarget(context.target);
    if (!target) return connectorSkipped('FLOW-01');
    const { expectation, advice, limitMs } = testConnection[target.kind];
    const began = performance.now();
    const { bot, ok, detail } = await startCandidateBot(context, 'tpb-conformance-flow-01');
    const startMs = Math.round(performance.now() - began);
    try {
      const startExchanges = bot.log.entries.flatMap((entry) =>
        entry.kind === 'vendor-call' ? [entry.exchange] : [],
      );
      if (!ok) {
        return fail(
          `FLOW-01: expected the bot to start after ${expectation}, got "${detail}". ${advice}`,
          {
            expected: expectation,
            actual: detail,
            evidence: [...evidenceOf(startExchanges), note(`bot start took ${startMs} ms`)],
          },
        );
      }
      const testBegan = performance.now();
      const again = await bot.options.vendor.testConnection();
      const testMs = Math.round(performance.now() - testBegan);
      const evidence = [
        ...evidenceOf(startExchanges),
        ...evidenceOf(again.exchanges),
        note(`bot start took ${startMs} ms; Test Connection on the running bot took ${testMs} ms`),
      ];
      if (!again.ok) {
        return fail(
          `FLOW-01: expected Test Connection on the running bot to pass (${expectation}), got "${again.detail}". ${advice}`,
          { expected: expectation, actual: again.detail, evidence },
        );
      }
      if (limitMs !== undefined && testMs > limitMs) {
        return fail(
          `FLOW-01: expected the test invocation to answer within 30 s, got ${testMs} ms. ${advice}`,
          { expected: '≤ 30000 ms', actual: `${testMs} ms`, evidence },
        );
      }
      return pass(
        `FLOW-01: Test Connection passed at bot start and again on the running bot (${expectation}).`,
        evidence,
      );
    } finally {
      await bot.stop();
    }
  },
};
