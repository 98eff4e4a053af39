// Spec: custom-endpoint.md §8.2 (PUT once, then one POST per event) and §8.3; tpb-platform.md
// §1 step 6 and §4 (messages are rendered in order, then the action), §14.4.

import {
  type Check,
  type EngineTarget,
  engineTarget,
  fail,
  isBotMessage,
  pass,
  publishedEvent,
  publishedKey,
  type SessionConversation,
  transcriptKey,
  turnsOf,
} from '../../harness/index.ts';
import { exchangeEvidence, type VendorExchange } from '../../mocks/index.ts';
import type { ControlTranscriptEvent, Evidence } from '../../schemas/index.ts';
import { connectorSkipped, note, notStarted } from './conversation-turns.ts';

interface Violation {
  conversationId: string;
  what: string;
  evidence: Evidence[];
}

/** System changes that show an action took effect. */
const effectTypes: Record<string, ReadonlyArray<ControlTranscriptEvent['type']>> = {
  TRANSFER: ['participant-removed', 'skill-changed'],
  CLOSE_CONVERSATION: ['dialog-closed', 'conversation-closed'],
  CHANGE_TTR: ['ttr-changed'],
};

const isCreated = (status: number | undefined) =>
  status !== undefined && ((status >= 200 && status < 300) || status === 409);

/** Custom Endpoint: the PUT succeeds before the event's POST, and no POST after it gets 404. */
function putThenPost(conversation: SessionConversation): Violation[] {
  const violations: Violation[] = [];
  let created = false;
  for (const turn of turnsOf(conversation.log)) {
    const puts: VendorExchange[] = [];
    for (const exchange of turn.exchanges) {
      const status = exchange.response?.status;
      if (exchange.request.method === 'PUT') {
        puts.push(exchange);
        if (isCreated(status)) created = true;
      } else if (exchange.request.method === 'POST' && status === 404 && created) {
        violations.push({
          conversationId: conversation.conversationId,
          what: `POST ${exchange.request.url} got 404 after the conversation's PUT had succeeded`,
          evidence: [...puts, exchange].map((item) => exchangeEvidence(item)),
        });
      }
    }
    if (puts.length > 0 && !puts.some((exchange) => isCreated(exchange.response?.status))) {
      const last = puts.at(-1);
      violations.push({
        conversationId: conversation.conversationId,
        what: `the conversation was never created: its PUT got ${last?.response ? `HTTP ${last.response.status}` : (last?.error ?? 'no answer')}, so the ${turn.event} event was never POSTed and no reply reached the consumer`,
        evidence: puts.map((item) => exchangeEvidence(item)),
      });
    }
  }
  return violations;
}

/** Every accepted reply's messages reach the consumer in order, before its action's effect. */
function messagesBeforeAction(conversation: SessionConversation): Violation[] {
  const { conversationId, transcript } = conversation;
  const turns = turnsOf(conversation.log);
  const sent = turns.flatMap((turn) =>
    turn.published.map(publishedEvent).filter((event) => event.type !== 'ChatStateEvent'),
  );
  const delivered = transcript.events
    .map((event, index) => ({ event, index }))
    .filter(({ event }) => isBotMessage(event));
  const mismatch = sent.findIndex(
    (event, index) =>
      delivered[index] === undefined ||
      publishedKey(event) !==
        transcriptKey((delivered[index] as { event: ControlTranscriptEvent }).event),
  );
  if (mismatch >= 0 || delivered.length !== sent.length) {
    const at = mismatch >= 0 ? mismatch : sent.length;
    return [
      {
        conversationId,
        what: `the consumer's transcript does not hold the bot's messages in reply order: message ${at + 1} was sent as ${sent[at] ? publishedKey(sent[at]) : '(nothing)'}, the transcript shows ${delivered[at] ? transcriptKey(delivered[at].event) : '(nothing)'}`,
        evidence: [
          note(`sent: ${JSON.stringify(sent.map(publishedKey))}`),
          note(`transcript: ${JSON.stringify(delivered.map(({ event }) => transcriptKey(event)))}`),
        ],
      },
    ];
  }
  const violations: Violation[] = [];
  let messagesSoFar = 0;
  for (const turn of turns) {
    const own = turn.published.filter(
      (entry) => publishedEvent(entry).type !== 'ChatStateEvent',
    ).length;
    const firstIndex = delivered[messagesSoFar]?.index;
    const previousIndex = messagesSoFar > 0 ? (delivered[messagesSoFar - 1]?.index ?? -1) : -1;
    messagesSoFar += own;
    const lastIndex = own > 0 ? delivered[messagesSoFar - 1]?.index : undefined;
    for (const action of turn.actions) {
      if (action.outcome !== 'applied') continue;
      const types = effectTypes[action.action.name];
      if (!types || lastIndex === undefined) continue;
      const effect = transcript.events.findIndex(
        (event, index) => index > previousIndex && types.includes(event.type),
      );
      if (effect < 0 || effect < lastIndex) {
        violations.push({
          conversationId,
          what:
            effect < 0
              ? `the reply's ${action.action.name} left no trace in the conversation`
              : `the reply's ${action.action.name} took effect (${transcript.events[effect]?.type}) before its messages reached the consumer`,
          evidence: [
            note(
              `transcript from the reply on: ${JSON.stringify(
                transcript.events
                  .slice(firstIndex ?? previousIndex + 1)
                  .map((event) => `${event.from}:${event.type}`),
              )}`,
            ),
          ],
        });
      }
    }
  }
  return violations;
}

/** What FLOW-02 judges besides message order, and its words, for each kind the engine calls. */
const judged: Record<
  EngineTarget['kind'],
  {
    flowViolations: (conversation: SessionConversation) => Violation[];
    expected: string;
    /** Appended to the sentences that state the expectation and the pass. */
    expectedAlso: string;
    passedAlso: string;
    hint: string;
  }
> = {
  'custom-endpoint': {
    flowViolations: putThenPost,
    expected:
      'PUT 2xx/409 once, then POSTs answered 200; messages in reply order before the action',
    expectedAlso: ', after a successful PUT and with no POST answered 404',
    passedAlso: '; every PUT succeeded and no POST after it got 404',
    hint: 'Answer the PUT of a new conversation with 200 (or 201/204), keep the conversation, and answer its events with 200.',
  },
  faas: {
    flowViolations: () => [],
    expected: 'messages in reply order before the action',
    expectedAlso: '',
    passedAlso: '',
    hint: 'Answer every event with messages in the order they are to be shown.',
  },
};

/**
 * FLOW-02: over every conversation of the session, the bot's messages reach the consumer in the
 * order of the replies, each reply's messages before its action takes effect; for a Custom
 * Endpoint also the PUT-then-POST flow: the PUT succeeds and no POST after it gets 404.
 * Replies the engine rejected (and escalated) are judged by FLOW-10 and BOT-REPLY, not here.
 */
export const flow02ReplyOrder: Check = {
  ruleId: 'FLOW-02',
  async run(context) {
    const target = engineTarget(context.target);
    if (!target) return connectorSkipped('FLOW-02');
    const { flowViolations, expected, expectedAlso, passedAlso, hint } = judged[target.kind];
    const session = await context.session();
    if (!session.started) return notStarted('FLOW-02', session);
    const violations = session.conversations.flatMap((conversation) => [
      ...flowViolations(conversation),
      ...messagesBeforeAction(conversation),
    ]);
    const replies = session.replies.length;
    const actions = session.conversations
      .flatMap((conversation) => conversation.log)
      .filter((entry) => entry.kind === 'action' && entry.outcome === 'applied').length;
    if (violations.length > 0) {
      const first = violations[0] as Violation;
      return fail(
        `FLOW-02: expected every reply's messages to reach the consumer in order before its action${expectedAlso}; got ${violations.length} violation(s), first in conversation ${first.conversationId}: ${first.what}. ${hint}`,
        {
          expected,
          actual: first.what,
          evidence: violations.flatMap((violation) => [
            note(`conversation ${violation.conversationId}: ${violation.what}`),
            ...violation.evidence,
          ]),
        },
      );
    }
    return pass(
      `FLOW-02: in ${session.conversations.length} conversations, the messages of ${replies} replies reached the consumer in reply order, before each of ${actions} actions took effect${passedAlso}.`,
    );
  },
};
