// Spec: custom-endpoint.md §8.1 (Test Connection and bot start); tpb-platform.md §9 (start
// requires a passing Test Connection), §3.2 and §13 (a function answers within 30 s).

import { type Check, fail, pass, type RunContext, startCandidateBot } from '../../harness/index.ts';
import { exchangeEvidence, type VendorExchange } from '../../mocks/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import { connectorSkipped, note } from './conversation-turns.ts';

const faasLimitMs = 30_000;

function expectation(context: RunContext): string {
  return context.kind === 'faas'
    ? 'a test invocation (the welcome event) answered with an output object within 30 s'
    : 'a Sentinel token, then GET …/state answered 200 with {"state": "online"}';
}

function advice(context: RunContext): string {
  return context.kind === 'faas'
    ? 'Call back with an output object ({messages, context}) for every invocation, the welcome event included, within 30 s.'
    : 'Answer GET /v1/bots/{botId}/environments/{environment}/state with 200 and {"state": "online", "version": "<semver>"} to a valid Sentinel bearer.';
}

const evidenceOf = (exchanges: readonly VendorExchange[]): Evidence[] =>
  exchanges.map((exchange) => exchangeEvidence(exchange));

/**
 * FLOW-01: the engine adds a bot for the candidate and starts it (Test Connection at start), then
 * runs the wizard's Test Connection once more on the running bot; both must pass.
 */
export const flow01BotStart: Check = {
  ruleId: 'FLOW-01',
  async run(context) {
    if (context.kind === 'connector') return connectorSkipped('FLOW-01');
    const began = performance.now();
    const { bot, ok, detail } = await startCandidateBot(context, 'tpb-conformance-flow-01');
    const startMs = Math.round(performance.now() - began);
    try {
      const startExchanges = bot.log.entries.flatMap((entry) =>
        entry.kind === 'vendor-call' ? [entry.exchange] : [],
      );
      if (!ok) {
        return fail(
          `FLOW-01: expected the bot to start after ${expectation(context)}, got "${detail}". ${advice(context)}`,
          {
            expected: expectation(context),
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
          `FLOW-01: expected Test Connection on the running bot to pass (${expectation(context)}), got "${again.detail}". ${advice(context)}`,
          { expected: expectation(context), actual: again.detail, evidence },
        );
      }
      if (context.kind === 'faas' && testMs > faasLimitMs) {
        return fail(
          `FLOW-01: expected the test invocation to answer within 30 s, got ${testMs} ms. ${advice(context)}`,
          { expected: '≤ 30000 ms', actual: `${testMs} ms`, evidence },
        );
      }
      return pass(
        `FLOW-01: Test Connection passed at bot start and again on the running bot (${expectation(context)}).`,
        evidence,
      );
    } finally {
      await bot.stop();
    }
  },
};
