/**
 * CE-EVENT-02 and CE-EVENT-03: a TEXT event gets `{response, analytics}`, and every response
 * item is `{type, data}` with its type's required field.
 *
 * @see docs/spec/custom-endpoint.md#63-reply §6.3
 */

import {
  type CandidateResponse,
  type Check,
  fail,
  passOrWarn,
  type RunContext,
  skipped,
} from '../../harness/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import {
  answerOf,
  type CeProbe,
  type ConversationType,
  ceProbe,
  chatLpEvent,
  conversationBody,
  explainedByPut,
  isSuccess,
  lpEventFor,
  newConvId,
  plainSentence,
  quoteBody,
  startEvent,
  successCodeWarning,
  textEvent,
} from '../custom-endpoint-shared/index.ts';
import { unknownKeys } from './unknown-keys.ts';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** CE-EVENT-02: a TEXT event answers 200 with an object holding `response[]` and `analytics{}`. */
export const textEventCheck: Check = {
  ruleId: 'CE-EVENT-02',
  async run(context) {
    const got = await ceProbe('CE-EVENT-02', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const convId = newConvId();
    const put = await probe.put(convId, conversationBody());
    const sentence = plainSentence(context.utterances);
    const response = await probe.post(
      convId,
      textEvent(sentence, lpEventFor('MESSAGING', convId, sentence)),
    );
    if (explainedByPut(put, response)) {
      return skipped(
        `CE-EVENT-02: no conversation to send the TEXT event to: the PUT answered ${answerOf(put)} and the event 404 (CE-CONV-01 reports it).`,
      );
    }
    const problem = envelopeProblem(response);
    if (problem !== undefined) {
      return fail(
        `CE-EVENT-02: expected the TEXT event "${sentence}" to answer 200 with {"response": [...], "analytics": {...}}, got ${problem}. Return both keys, e.g. {"response":[{"type":"TEXT","data":{"message":"Hi"}}],"analytics":{"intents":[]}}.`,
        {
          expected: '200 {response: array, analytics: object}',
          actual: problem,
          evidence: probe.evidence,
        },
      );
    }
    return passOrWarn(
      `CE-EVENT-02: the TEXT event answered ${response.status} with response[] and analytics{}.`,
      successCodeWarning(response, 'E4'),
      probe.evidence,
    );
  },
};

/** Why an E4 answer is not `{response: array, analytics: object}`, or undefined. */
export function envelopeProblem(response: CandidateResponse): string | undefined {
  if (!isSuccess(response)) return answerOf(response);
  const body = response.json;
  if (body === undefined)
    return `status ${response.status} with a body that is not JSON (${quoteBody(response)})`;
  if (!isObject(body))
    return `status ${response.status} with ${quoteBody(response)}, not an object`;
  const missing: string[] = [];
  if (!Array.isArray(body.response))
    missing.push(`"response" is ${describe(body.response)}, not an array`);
  if (!isObject(body.analytics))
    missing.push(`"analytics" is ${describe(body.analytics)}, not an object`);
  return missing.length > 0
    ? `status ${response.status} where ${missing.join(' and ')}`
    : undefined;
}

const describe = (value: unknown): string =>
  value === undefined
    ? 'missing'
    : Array.isArray(value)
      ? 'an array'
      : (JSON.stringify(value) ?? String(value));

const itemTypes = ['TEXT', 'STRUCTURED_CONTENT', 'DELAY', 'ACTION'] as const;

/** What is wrong with one `response[]` item (CE-EVENT-03 only: type and its required field). */
export function itemProblem(item: unknown): string | undefined {
  if (!isObject(item)) return `is ${describe(item)}, not an object {type, data}`;
  const { type, data } = item;
  if (typeof type !== 'string' || !(itemTypes as readonly string[]).includes(type)) {
    const near =
      typeof type === 'string' && (itemTypes as readonly string[]).includes(type.toUpperCase())
        ? ` (types are upper case: "${type.toUpperCase()}")`
        : '';
    return `has type ${describe(type)}, not one of ${itemTypes.map((t) => `"${t}"`).join(', ')}${near}`;
  }
  if (!isObject(data)) return `(${type}) has data ${describe(data)}, not an object`;
  switch (type) {
    case 'TEXT':
      return typeof data.message === 'string'
        ? undefined
        : `(TEXT) has data.message ${describe(data.message)}, not a string`;
    case 'STRUCTURED_CONTENT':
      return isObject(data.structuredContent)
        ? undefined
        : `(STRUCTURED_CONTENT) has data.structuredContent ${describe(data.structuredContent)}, not an object`;
    case 'DELAY':
      return typeof data.seconds === 'number'
        ? undefined
        : `(DELAY) has data.seconds ${describe(data.seconds)}, not a number`;
    default:
      return typeof data.name === 'string'
        ? undefined
        : `(ACTION) has data.name ${describe(data.name)}, not a string`;
  }
}

/** The consumer sentences CE-EVENT-03 sends: every declared utterance and a plain one. */
function sentencesOf(utterances: Readonly<Record<string, string | undefined>>): string[] {
  const declared = Object.values(utterances).filter((u): u is string => typeof u === 'string');
  return [...new Set([plainSentence(utterances), ...declared])];
}

/** One reply of CE-EVENT-03, named by what triggered it. */
interface Reply {
  what: string;
  /** The parsed body, when the answer was a 2xx JSON object with a response array. */
  body?: { response: unknown[] };
  evidence: Evidence[];
}

function probed(what: string, response: CandidateResponse): Reply {
  const ok =
    isSuccess(response) && isObject(response.json) && Array.isArray(response.json.response);
  return {
    what,
    ...(ok ? { body: response.json as { response: unknown[] } } : {}),
    evidence: [response.evidence],
  };
}

/** Every reply the engine's session observed: welcome events, rich content, files, the sweep. */
async function sessionReplies(context: RunContext): Promise<Reply[]> {
  const session = await context.session();
  return session.replies.flatMap((reply) =>
    isObject(reply.raw) && Array.isArray(reply.raw.response)
      ? [
          {
            what: `the session's ${reply.channel} ${reply.event} event (${reply.trigger}, conversation ${reply.conversationId})`,
            body: reply.raw as { response: unknown[] },
            evidence: reply.evidence,
          },
        ]
      : [],
  );
}

async function collectReplies(probe: CeProbe, sentences: string[]): Promise<Reply[]> {
  // A reply is judged whatever the PUT answered: only 2xx answers carry items.
  const replies: Reply[] = [];
  const channels: ConversationType[] = ['MESSAGING', 'CHAT'];
  for (const type of channels) {
    for (const sentence of sentences) {
      // A fresh conversation per sentence: a transfer or close ends a conversation.
      const convId = newConvId();
      await probe.put(convId, conversationBody(type));
      const response = await probe.post(
        convId,
        textEvent(sentence, lpEventFor(type, convId, sentence)),
      );
      replies.push(probed(`${type} "${sentence}"`, response));
    }
  }
  const welcome = newConvId();
  await probe.put(welcome, conversationBody('CHAT'));
  replies.push(probed('CHAT START', await probe.post(welcome, startEvent(chatLpEvent('', true)))));
  return replies;
}

/** CE-EVENT-03: every item of every reply is `{type, data}` with the type's required field. */
export const responseItemsCheck: Check = {
  ruleId: 'CE-EVENT-03',
  async run(context) {
    const got = await ceProbe('CE-EVENT-03', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const replies = [
      ...(await collectReplies(probe, sentencesOf(context.utterances))),
      ...(await sessionReplies(context)),
    ];
    const judged = replies.filter((reply) => reply.body !== undefined);
    if (judged.length === 0) {
      return skipped(
        'CE-EVENT-03: no reply to judge: no event answered 2xx with a response array (CE-CONV-01 and CE-EVENT-02 report why).',
      );
    }
    const problems: string[] = [];
    const unknown: string[] = [];
    const evidence: Evidence[] = [];
    let items = 0;
    for (const reply of judged) {
      const list = reply.body?.response ?? [];
      const before = problems.length;
      list.forEach((item, index) => {
        items += 1;
        const problem = itemProblem(item);
        if (problem) problems.push(`${reply.what}: response[${index}] ${problem}`);
      });
      if (problems.length > before) evidence.push(...reply.evidence);
      const keys = unknownKeys(reply.body);
      if (keys.length > 0) unknown.push(`${reply.what}: ${keys.join(', ')}`);
    }
    if (problems.length > 0) {
      const shown =
        problems.slice(0, 5).join('; ') +
        (problems.length > 5 ? `; and ${problems.length - 5} more` : '');
      return fail(
        `CE-EVENT-03: expected every response item to be {type, data} with type TEXT, STRUCTURED_CONTENT, DELAY or ACTION (exact case) and its required field, got ${shown}. See custom-endpoint.md §6.3 for the item shapes; TPB escalates a reply it cannot parse.`,
        {
          expected:
            'TEXT data.message string; STRUCTURED_CONTENT data.structuredContent object; DELAY data.seconds; ACTION data.name',
          actual: shown,
          evidence,
        },
      );
    }
    const warnings =
      unknown.length > 0
        ? [
            `${unknown.length} replies carry keys the OpenAPI does not name (the platform ignores them; check for a misspelt key): ${unknown.slice(0, 3).join('; ')}${unknown.length > 3 ? `; and ${unknown.length - 3} more` : ''}.`,
          ]
        : [];
    return passOrWarn(
      `CE-EVENT-03: ${items} items in ${judged.length} replies (every declared utterance in messaging and chat, a chat START, and every reply of the engine's session) have a valid type and their required field.`,
      warnings,
      [
        {
          kind: 'note',
          text: `Judged ${judged.length} replies of ${probe.evidence.length} exchanges.`,
        },
      ],
    );
  },
};
