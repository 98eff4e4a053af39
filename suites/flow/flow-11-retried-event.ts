// Spec: custom-endpoint.md §8.4 (60 s per request, at most three attempts; timeouts, 429 and 5xx
// are retried with the same request) and §9; tpb-platform.md §13 (Retry Policy Recommendations).

import {
  botConfig,
  type Check,
  customEndpointTarget,
  escalationEvidence,
  fail,
  HarnessError,
  passOrWarn,
  scenarioLimitMs,
  settleConversation,
  skipped,
  startCandidateBot,
  sweepSentences,
  turnEvidence,
  turnsOf,
} from '../../harness/index.ts';
import type { VendorExchange } from '../../mocks/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import { note, startFailed } from './conversation-turns.ts';
import { FaultProxy } from './fault-proxy.ts';

interface Retry {
  event: string;
  status?: number;
  problem?: string;
  evidence: Evidence[];
}

const statusOf = (exchange: VendorExchange | undefined) =>
  exchange?.response ? `HTTP ${exchange.response.status}` : (exchange?.error ?? 'no retry');

/**
 * FLOW-11: the bot talks to the candidate through the fault proxy, which throws away the
 * candidate's first response to each event and answers 503 instead; the engine retries the
 * identical POST, and the candidate must answer it with 200 (not 409 for a duplicate, not 5xx).
 * Two events: the conversation's first (right after its PUT) and a later one.
 */
export const flow11RetriedEvent: Check = {
  ruleId: 'FLOW-11',
  async run(context) {
    const target = customEndpointTarget(context.target);
    if (!target) {
      return skipped(`FLOW-11 applies to custom-endpoint targets, not ${context.target.kind}.`);
    }
    const proxy = await FaultProxy.start(target.address.baseUrl, 'discard-first-event-response');
    const skill = 'tpb-conformance-flow-11';
    const settings = botConfig(context).customEndpoint;
    if (!settings) throw new HarnessError('TPB_INTERNAL', 'FLOW-11: no Custom Endpoint settings.');
    const { bot, ok, detail } = await startCandidateBot(context, skill, {
      customEndpoint: { ...settings, baseUrl: proxy.baseUrl },
    });
    try {
      if (!ok) return startFailed('FLOW-11', detail, bot.log.entries);
      const texts = [
        context.utterances.fallback ?? (sweepSentences[0] as string),
        sweepSentences[1] as string,
      ];
      const { conversationId } = context.cloud.consumer.open({
        skill,
        channel: 'messaging',
        text: texts[0] as string,
      });
      const limit = scenarioLimitMs(context);
      await settleConversation(bot, conversationId, 1, limit);
      const first = turnsOf(bot.log.forConversation(conversationId));
      if (!first.some((turn) => turn.escalation)) {
        context.cloud.consumer.sendText(conversationId, texts[1] as string);
        await settleConversation(bot, conversationId, 2, limit);
      }
      const retries: Retry[] = turnsOf(bot.log.forConversation(conversationId))
        .filter((turn) => turn.event === 'text')
        .map((turn, index) => {
          const posts = turn.exchanges.filter((exchange) => exchange.request.method === 'POST');
          const discarded = proxy
            .requestsFor(conversationId)
            .filter((request) => request.discarded)[index];
          const retry = posts[1];
          const status = retry?.response?.status;
          const label = index === 0 ? 'the first event (right after the PUT)' : 'a later event';
          const evidence: Evidence[] = [
            note(
              `${label}: the fault proxy discarded the candidate's HTTP ${discarded?.upstreamStatus ?? '?'} and answered 503; the engine's retry got ${statusOf(retry)}`,
            ),
            ...turnEvidence(turn),
            ...(turn.escalation ? [escalationEvidence(conversationId, turn.escalation)] : []),
          ];
          const good = status !== undefined && status >= 200 && status < 300;
          const put = turn.exchanges.filter((exchange) => exchange.request.method === 'PUT').at(-1);
          const problem =
            posts.length === 0
              ? `${label} was never POSTed (its PUT got ${statusOf(put)})`
              : `the retry of ${label} got ${statusOf(retry)}`;
          return {
            event: label,
            ...(status !== undefined ? { status } : {}),
            ...(good ? {} : { problem }),
            evidence,
          };
        });
      if (retries.length === 0) {
        throw new HarnessError(
          'TPB_INTERNAL',
          `FLOW-11: the engine handed no event of conversation ${conversationId} to the candidate.`,
        );
      }
      const problems = retries.filter((retry) => retry.problem !== undefined);
      if (problems.length > 0) {
        return fail(
          `FLOW-11: expected the identical retried POST of an event whose response was lost to get 200, got: ${problems.map((retry) => retry.problem).join('; ')}. Treat a repeated event as a retry: answer it with 200 and the reply, never 409 or 5xx.`,
          {
            expected: '200 to the retried POST',
            actual: problems.map((retry) => retry.problem).join('; '),
            evidence: retries.flatMap((retry) => retry.evidence),
          },
        );
      }
      return passOrWarn(
        `FLOW-11: with the first response to each event discarded (503), the identical retried POST got ${retries.map((retry) => retry.status).join(' and ')} for ${retries.map((retry) => retry.event).join(' and ')}.`,
        retries
          .filter((retry) => retry.status !== 200)
          .map(
            (retry) =>
              `FLOW-11: the retry of ${retry.event} got ${retry.status}; 200 is the documented success code.`,
          ),
        retries.flatMap((retry) => retry.evidence),
      );
    } finally {
      await bot.stop();
      await proxy.close();
    }
  },
};
