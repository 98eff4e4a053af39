// Spec: tpb-platform.md §5 (messaging: with the bot setting "Welcome Message" a welcome event is
// sent right after a transfer to the bot, with lpEvent.lastConsumerMessage = the consumer's last
// utterance; FaaS adds lpEvent.type "ContentEvent" and content "welcome") and §10.

import {
  type Check,
  type EngineTarget,
  engineTarget,
  escalationEvidence,
  fail,
  HarnessError,
  pass,
  scenarioLimitMs,
  settleConversation,
  startCandidateBot,
  transferIn,
  turnEvidence,
  turnsOf,
} from '../../harness/index.ts';
import type { TpbBot } from '../../mocks/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import { connectorSkipped, note, startFailed } from './conversation-turns.ts';

/** What the consumer said to the human agent before the transfer. */
const consumerText = 'I have a question about my order';

interface Variant {
  name: string;
  conversationId: string;
  problem?: string;
  evidence: Evidence[];
}

function judge(bot: TpbBot, name: string, conversationId: string): Variant {
  const turns = turnsOf(bot.log.forConversation(conversationId));
  const welcome = turns.find((turn) => turn.event === 'welcome');
  const escalated = welcome?.escalation ?? turns.find((turn) => turn.escalation)?.escalation;
  if (escalated) {
    return {
      name,
      conversationId,
      problem: `the welcome-on-transfer ${name} was error-escalated with ${escalated.code} (${escalated.detail})`,
      evidence: [
        escalationEvidence(conversationId, escalated),
        ...(welcome ? turnEvidence(welcome) : []),
        ...(welcome?.reply ? [note(`reply as given: ${JSON.stringify(welcome.reply.raw)}`)] : []),
      ],
    };
  }
  if (!welcome) {
    throw new HarnessError(
      'TPB_INTERNAL',
      `FLOW-04: the engine sent no welcome event for conversation ${conversationId}, transferred in to a bot with the "Welcome Message" setting.`,
    );
  }
  return { name, conversationId, evidence: turnEvidence(welcome) };
}

/** The welcome event as each kind the engine calls receives it. */
const welcomeEvent: Record<EngineTarget['kind'], string> = {
  'custom-endpoint': 'START',
  faas: 'event.name with an empty message',
};

/**
 * FLOW-04: a bot with the "Welcome Message" setting; a human agent hands two messaging
 * conversations over to its skill, one where the consumer had spoken (the welcome carries
 * `lastConsumerMessage`) and one where only the agent had. Neither welcome may be escalated.
 */
export const flow04WelcomeOnTransfer: Check = {
  ruleId: 'FLOW-04',
  async run(context) {
    const target = engineTarget(context.target);
    if (!target) return connectorSkipped('FLOW-04');
    const skill = 'tpb-conformance-flow-04';
    const { bot, ok, detail } = await startCandidateBot(context, skill, { welcomeMessage: true });
    try {
      if (!ok) return startFailed('FLOW-04', detail, bot.log.entries);
      const plans = [
        { name: 'with lastConsumerMessage', text: consumerText },
        { name: 'without lastConsumerMessage', text: undefined },
      ];
      const variants = await Promise.all(
        plans.map(async (plan) => {
          const conversationId = transferIn(context, skill, plan.text);
          await settleConversation(bot, conversationId, 1, scenarioLimitMs(context));
          return judge(bot, plan.name, conversationId);
        }),
      );
      const failed = variants.filter((variant) => variant.problem !== undefined);
      if (failed.length > 0) {
        const first = failed[0] as Variant;
        return fail(
          `FLOW-04: expected the welcome event after a transfer to the bot to be answered without error escalation, ${failed.map((variant) => variant.name).join(' and ')}; got: ${first.problem}. Answer the welcome event (${welcomeEvent[target.kind]}) with a reply, whether or not lpEvent.lastConsumerMessage is there.`,
          {
            expected: 'a reply without error escalation, with and without lastConsumerMessage',
            actual: failed.map((variant) => variant.problem).join('; '),
            evidence: failed.flatMap((variant) => variant.evidence),
          },
        );
      }
      return pass(
        `FLOW-04: the welcome event after a transfer to the bot was answered without error escalation, ${variants.map((variant) => variant.name).join(' and ')}.`,
        variants.flatMap((variant) => variant.evidence),
      );
    } finally {
      await bot.stop();
    }
  },
};
