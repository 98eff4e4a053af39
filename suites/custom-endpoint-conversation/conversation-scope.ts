/**
 * CE-CONV-05 and CE-CONV-07: the candidate keeps per-conversation state, scoped per
 * (botId, environment, convId).
 *
 * @see docs/spec/custom-endpoint.md#5-e3-create-conversation §5, §8.2, §8.3
 */
import { setTimeout as delay } from 'node:timers/promises';
import {
  type CandidateResponse,
  type Check,
  fail,
  pass,
  passOrWarn,
  skipped,
} from '../../harness/index.ts';
import {
  answerOf,
  ceProbe,
  conversationBody,
  explainedByPut,
  isSuccess,
  messagingLpEvent,
  newConvId,
  plainSentence,
  richContentEvent,
  startEvent,
  successCodeWarning,
  textContent,
  textEvent,
  unknownEnvironment,
} from '../custom-endpoint-shared/index.ts';
import { environmentList } from '../custom-endpoint-state/index.ts';

/** Sentences without a trigger word, so that no reply ends the conversation. */
const followUps = [
  'What can you do for me?',
  'Tell me more, please.',
  'And what else?',
  'How does that work?',
];

/**
 * Events sent to one conversation: well past the handful a short-lived cache survives
 * (docs/decisions/0013-conversation-lifetime-and-scope.md).
 */
const lifetimeEvents = 12;

/** A pause half-way, so that state kept only for the moment of a burst shows. */
const pauseMs = 300;

/**
 * Where the sequence holds another event type than TEXT: shared rich content (events 4 and 10)
 * and a welcome on return after the pause (event 8), as a conversation meets them.
 */
const otherTypes: ReadonlyMap<number, 'RICH_CONTENT' | 'START'> = new Map([
  [3, 'RICH_CONTENT'],
  [7, 'START'],
  [9, 'RICH_CONTENT'],
]);

/** One event of the sequence and how it is judged. */
interface LifetimeEvent {
  label: string;
  body: unknown;
  /**
   * TEXT must answer 200. Another type only must not answer 404: its other answers are
   * CE-EVENT-04's and CE-EVENT-05's to judge, a 404 means the conversation was forgotten.
   */
  strict: boolean;
}

function lifetimeEvent(convId: string, sequence: number, sentence: string): LifetimeEvent {
  const type = otherTypes.get(sequence);
  const lpEvent = messagingLpEvent(convId, textContent(sentence), sequence);
  if (type === 'RICH_CONTENT') {
    return { label: ' (RICH_CONTENT)', body: richContentEvent(convId), strict: false };
  }
  if (type === 'START') return { label: ' (START)', body: startEvent(lpEvent), strict: false };
  return { label: '', body: textEvent(sentence, lpEvent), strict: true };
}

/** CE-CONV-05: after a PUT, every POST of the conversation answers 200. */
export const keepsConversationCheck: Check = {
  ruleId: 'CE-CONV-05',
  async run(context) {
    const got = await ceProbe('CE-CONV-05', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const convId = newConvId();
    const put = await probe.put(convId, conversationBody());
    const events = Array.from({ length: lifetimeEvents }, (_, index) =>
      lifetimeEvent(
        convId,
        index,
        index === 0
          ? plainSentence(context.utterances)
          : (followUps[index % followUps.length] as string),
      ),
    );
    const answers: CandidateResponse[] = [];
    for (const [sequence, event] of events.entries()) {
      if (sequence === lifetimeEvents / 2) await delay(pauseMs);
      answers.push(await probe.post(convId, event.body));
    }
    const [first] = answers;
    if (first && explainedByPut(put, first)) {
      return skipped(
        `CE-CONV-05: no conversation to follow: the PUT answered ${answerOf(put)} and the first event 404 (CE-CONV-01 reports it).`,
      );
    }
    const failed = answers
      .map((response, index) => ({ response, index, event: events[index] as LifetimeEvent }))
      .filter(({ response, event }) =>
        event.strict ? !isSuccess(response) : response.status === 404,
      );
    if (failed.length > 0) {
      const actual = failed
        .map(
          ({ response, index, event }) =>
            `event ${index + 1} of ${answers.length}${event.label}: ${answerOf(response)}`,
        )
        .join('; ');
      return fail(
        `CE-CONV-05: expected every POST after the PUT to answer 200 for the conversation's lifetime, got ${actual}. Keep the conversation's state from its PUT until it ends; a CE that forgets it forces a PUT and a retry on every event, and escalates on the second 404.`,
        {
          expected: `200 for the ${answers.length} events (no 404 for RICH_CONTENT and START)`,
          actual,
          evidence: probe.evidence,
        },
      );
    }
    return passOrWarn(
      `CE-CONV-05: ${answers.length} POSTs after the PUT (TEXT, RICH_CONTENT and START), with a ${pauseMs} ms pause half-way, all found the conversation.`,
      [...new Set(answers.flatMap((response) => successCodeWarning(response, 'E4')))],
      probe.evidence,
    );
  },
};

/** CE-CONV-07: a conversation created in one environment is unknown in another. */
export const conversationScopeCheck: Check = {
  ruleId: 'CE-CONV-07',
  async run(context) {
    const got = await ceProbe('CE-CONV-07', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const configured = probe.address.environment;
    // Another environment the bot really has says most; a bot with one environment gets an unknown one.
    const list = environmentList(await probe.environments());
    const sibling = list.ok ? list.names.find((name) => name !== configured) : undefined;
    const other = sibling ?? unknownEnvironment();
    const otherWhat = sibling
      ? `the bot's other environment "${other}"`
      : `environment "${other}" (the bot lists no other environment)`;
    const convId = newConvId();
    const sentence = plainSentence(context.utterances);
    await probe.put(convId, conversationBody());
    const post = await probe.post(
      convId,
      textEvent(sentence, messagingLpEvent(convId, textContent(sentence))),
      { environment: other },
    );
    // The same event in the conversation's own environment shows that there is something to find.
    const own = await probe.post(
      convId,
      textEvent(sentence, messagingLpEvent(convId, textContent(sentence), 1)),
    );
    if (post.status === 404 && !isSuccess(own)) {
      return skipped(
        `CE-CONV-07: no conversation to look for: after its PUT, the conversation answered ${answerOf(own)} in its own environment "${configured}" (CE-CONV-01 and CE-CONV-05 report it).`,
      );
    }
    if (post.status !== 404) {
      return fail(
        `CE-CONV-07: expected a POST under ${otherWhat} for a conversation created in "${configured}" to answer 404, got ${answerOf(post)}. Key conversations by (botId, environment, convId).`,
        { expected: 'status 404', actual: answerOf(post), evidence: probe.evidence },
      );
    }
    return pass(
      `CE-CONV-07: a POST under ${otherWhat} for a conversation created in "${configured}" answered 404 (and ${own.status} in "${configured}").`,
      probe.evidence,
    );
  },
};
