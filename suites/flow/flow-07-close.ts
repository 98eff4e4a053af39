// Spec: tpb-platform.md §2.2 (CLOSE_CONVERSATION {withoutPcs?}) and §4 (withoutPcs: true →
// ConversationStateField CLOSE; otherwise DialogChange closing the main dialog, which opens the
// post-conversation survey dialog when the conversation has one); ums.md §9.

import {
  type Check,
  engineTarget,
  escalationEvidence,
  fail,
  pass,
  type RunContext,
  scenarioLimitMs,
  settleConversation,
  skipped,
  startCandidateBot,
  turnEvidence,
  turnsOf,
} from '../../harness/index.ts';
import type { BotLogEntry } from '../../mocks/index.ts';
import type { ControlTranscript, Evidence } from '../../schemas/index.ts';
import { connectorSkipped, note, notStarted, startFailed } from './conversation-turns.ts';

interface Closed {
  where: string;
  problem?: string;
  /** What the candidate's CLOSE_CONVERSATION asked, when it sent one. */
  withoutPcs?: boolean;
  evidence: Evidence[];
}

const surveyOpened = (transcript: ControlTranscript) =>
  transcript.events.some(
    (event) =>
      event.type === 'dialog-opened' &&
      (event.detail as { dialogType?: unknown } | undefined)?.dialogType === 'POST_SURVEY',
  );

/** Judges one conversation in which the close utterance was said. */
function judge(
  context: RunContext,
  where: string,
  conversationId: string,
  log: readonly BotLogEntry[],
  transcript: ControlTranscript,
  survey: boolean,
): Closed {
  const turns = turnsOf(log);
  const escalated = turns.find((turn) => turn.escalation);
  if (escalated?.escalation) {
    return {
      where,
      problem: `the close was error-escalated with ${escalated.escalation.code} (${escalated.escalation.detail})`,
      evidence: [
        escalationEvidence(conversationId, escalated.escalation),
        ...turnEvidence(escalated),
      ],
    };
  }
  const close = turns
    .flatMap((turn) => turn.actions)
    .find((entry) => entry.action.name === 'CLOSE_CONVERSATION');
  if (close?.action.name !== 'CLOSE_CONVERSATION') {
    const said = turns.find((turn) => turn.event === 'text');
    return {
      where,
      problem: `the reply to "${context.utterances.close}" held no CLOSE_CONVERSATION action (reply: ${JSON.stringify(said?.reply?.raw ?? null)})`,
      evidence: said ? turnEvidence(said) : [],
    };
  }
  const withoutPcs = close.action.withoutPcs === true;
  const opened = surveyOpened(transcript);
  const states = `state ${transcript.state}, survey dialog ${opened ? 'opened' : 'not opened'}`;
  const expectSurvey = survey && !withoutPcs;
  const ok = expectSurvey ? opened : transcript.state === 'CLOSE' && !opened;
  const expected = expectSurvey
    ? 'the main dialog closed and the post-conversation survey dialog opened'
    : 'the conversation closed without a survey dialog';
  return {
    where,
    withoutPcs,
    ...(ok ? {} : { problem: `expected ${expected} (withoutPcs: ${withoutPcs}), got ${states}` }),
    evidence: [
      note(
        `${where}: CLOSE_CONVERSATION with withoutPcs ${withoutPcs}; survey ${survey ? 'enabled' : 'disabled'}; ${states}`,
      ),
    ],
  };
}

/**
 * FLOW-07: the declared close utterance must close the session's conversations (messaging and
 * chat, no survey); in an extra messaging conversation with a post-conversation survey, the
 * survey dialog must open unless the candidate's CLOSE_CONVERSATION said `withoutPcs: true`.
 */
export const flow07Close: Check = {
  ruleId: 'FLOW-07',
  async run(context) {
    if (!engineTarget(context.target)) return connectorSkipped('FLOW-07');
    const utterance = context.utterances.close;
    if (!utterance) {
      return skipped(
        'FLOW-07: no close utterance was declared (--utterance close=…), so there is no close to check.',
      );
    }
    const session = await context.session();
    if (!session.started) return notStarted('FLOW-07', session);
    const results = session.conversations
      .filter((item) => item.trigger === 'close')
      .map((item) =>
        judge(
          context,
          `${item.channel} conversation ${item.conversationId}`,
          item.conversationId,
          item.log,
          item.transcript,
          false,
        ),
      );

    const skill = 'tpb-conformance-flow-07';
    const { bot, ok, detail } = await startCandidateBot(context, skill);
    try {
      if (!ok) return startFailed('FLOW-07', detail, bot.log.entries);
      const { conversationId } = context.cloud.consumer.open({
        skill,
        channel: 'messaging',
        survey: true,
        text: utterance,
      });
      await settleConversation(bot, conversationId, 1, scenarioLimitMs(context));
      results.push(
        judge(
          context,
          `messaging conversation ${conversationId} with a survey`,
          conversationId,
          bot.log.forConversation(conversationId),
          context.cloud.consumer.transcript(conversationId),
          true,
        ),
      );
    } finally {
      await bot.stop();
    }

    const problems = results.filter((result) => result.problem !== undefined);
    if (problems.length > 0) {
      return fail(
        `FLOW-07: expected "${utterance}" to close the conversation (with a post-conversation survey unless withoutPcs: true), got ${problems.length} of ${results.length}: ${problems.map((result) => `in ${result.where} ${result.problem}`).join('; ')}. Answer with one CLOSE_CONVERSATION action (withoutPcs: true only to skip the survey).`,
        {
          expected: 'closed; the survey dialog opens unless withoutPcs: true',
          actual: problems.map((result) => `${result.where}: ${result.problem}`).join('; '),
          evidence: problems.flatMap((result) => result.evidence),
        },
      );
    }
    return pass(
      `FLOW-07: "${utterance}" closed ${results.length} conversations (messaging, chat, and messaging with a survey, where the survey ${results.at(-1)?.withoutPcs ? 'was skipped as withoutPcs: true asked' : 'dialog opened'}).`,
      results.flatMap((result) => result.evidence),
    );
  },
};
