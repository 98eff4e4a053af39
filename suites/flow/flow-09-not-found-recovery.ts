// Spec: custom-endpoint.md §8.3 (404 recovery: when the event POST answers 404 the engine repeats
// the flow once from the PUT, then the same POST; a second 404 fails the event) and §9 (E4 for a
// conversation never created: 404; success: 200, other 2xx with a warning).

import {
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
import { CustomEndpointVendor, type VendorExchange } from '../../mocks/index.ts';
import { note, startFailed } from './conversation-turns.ts';

const statusOf = (exchange: VendorExchange | undefined) =>
  exchange?.response ? `HTTP ${exchange.response.status}` : (exchange?.error ?? 'no request');

/**
 * FLOW-09: the engine skips the PUT of a new conversation (it marks it created, see
 * `CustomEndpointClient.markCreated`), so the candidate first sees a POST for a conversation it
 * does not know. It must answer 404; the engine then PUTs and POSTs again, and that POST must
 * succeed.
 */
export const flow09NotFoundRecovery: Check = {
  ruleId: 'FLOW-09',
  async run(context) {
    if (!customEndpointTarget(context.target)) {
      return skipped(`FLOW-09 applies to custom-endpoint targets, not ${context.target.kind}.`);
    }
    const skill = 'tpb-conformance-flow-09';
    const { bot, ok, detail } = await startCandidateBot(context, skill);
    try {
      if (!ok) return startFailed('FLOW-09', detail, bot.log.entries);
      const vendor = bot.options.vendor;
      if (!(vendor instanceof CustomEndpointVendor)) {
        throw new HarnessError('TPB_INTERNAL', 'FLOW-09: the bot does not call a Custom Endpoint.');
      }
      const text = context.utterances.fallback ?? (sweepSentences[0] as string);
      const { conversationId } = context.cloud.consumer.open({ skill, channel: 'messaging', text });
      // The engine hears of the conversation only over the websocket, so this is in time.
      vendor.client.markCreated(conversationId);
      await settleConversation(bot, conversationId, 1, scenarioLimitMs(context));
      const turn = turnsOf(bot.log.forConversation(conversationId)).find(
        (item) => item.event === 'text',
      );
      if (!turn) {
        throw new HarnessError(
          'TPB_INTERNAL',
          `FLOW-09: the engine handed no event of conversation ${conversationId} to the candidate.`,
        );
      }
      const evidence = [
        note('the mock skipped the PUT of this conversation: its first request is the POST'),
        ...turnEvidence(turn),
        ...(turn.escalation ? [escalationEvidence(conversationId, turn.escalation)] : []),
      ];
      const { exchanges } = turn;
      const firstPost = exchanges.find((exchange) => exchange.request.method === 'POST');
      const putIndex = exchanges.findIndex((exchange) => exchange.request.method === 'PUT');
      const put = exchanges[putIndex];
      const repeated = exchanges
        .slice(putIndex + 1)
        .filter((exchange) => exchange.request.method === 'POST')
        .at(-1);
      const sequence = exchanges
        .map((exchange) => `${exchange.request.method} ${statusOf(exchange)}`)
        .join(', ');
      if (firstPost?.response?.status !== 404) {
        return fail(
          `FLOW-09: expected 404 to the POST of a conversation that was never created (PUT skipped), got ${statusOf(firstPost)}. Answer events of unknown conversations with 404, so that the platform creates the conversation again.`,
          { expected: '404', actual: statusOf(firstPost), evidence },
        );
      }
      const putStatus = put?.response?.status;
      const created =
        putStatus !== undefined && ((putStatus >= 200 && putStatus < 300) || putStatus === 409);
      const repeatedStatus = repeated?.response?.status;
      if (
        !created ||
        repeatedStatus === undefined ||
        repeatedStatus < 200 ||
        repeatedStatus >= 300
      ) {
        return fail(
          `FLOW-09: expected the PUT and POST the mock sent again after the 404 to succeed (PUT 2xx, POST 200), got ${sequence}. Keep the conversation the PUT creates and answer its events.`,
          {
            expected: 'POST 404, PUT 2xx, POST 200',
            actual: sequence,
            evidence,
          },
        );
      }
      return passOrWarn(
        `FLOW-09: the POST of a conversation whose PUT was skipped got 404, and after the mock's PUT the repeated POST got ${repeatedStatus} (${sequence}).`,
        repeatedStatus === 200
          ? []
          : [
              `FLOW-09: the repeated POST got ${repeatedStatus}; 200 is the documented success code.`,
            ],
        evidence,
      );
    } finally {
      await bot.stop();
    }
  },
};
