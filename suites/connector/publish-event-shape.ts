/**
 * UMS-07: every PublishEvent the connector sends is `{dialogId, event}` with a valid event
 * (schemas ums-publish-event-request and ums-event), on a valid request envelope (ums-request);
 * structured-content metadata travels in the envelope `metadata` array, not in the body or the
 * event; private text uses `messageAudience: "AGENTS_AND_MANAGERS"` (judged on the answer to the
 * declared `private-text` utterance). Documented variants pass with a warning: RichContentEvent
 * with `message` instead of `content`, and an envelope `metadata` that is one object.
 *
 * @see docs/spec/ums.md#7-requests §7 (PublishEvent event variants)
 */
import { type Check, fail, passOrWarn, skipped } from '../../harness/index.ts';
import type { TrafficEntry } from '../../mocks/index.ts';
import { type Evidence, validate } from '../../schemas/index.ts';
import { connectorSession, conversationOf } from './connector-session.ts';
import { notConnected } from './not-ready.ts';
import { entryEvidence, frameOf, isRecord, isRequest, umsTypes } from './ums-frames.ts';

interface Judgement {
  entry: TrafficEntry;
  problems: string[];
  warnings: string[];
}

export const publishEventShapeCheck: Check = {
  ruleId: 'UMS-07',
  async run(context) {
    const session = connectorSession(context);
    const result = await session.conversations();
    if (!result.ready.opened) {
      return notConnected('UMS-07', session, result.ready, 'its PublishEvent requests');
    }
    const publishes = session.recorder.entries.filter((entry) =>
      isRequest(entry, umsTypes.publishEvent),
    );
    if (publishes.length === 0) {
      return skipped(
        'UMS-07: the connector sent no PublishEvent, so there was no body to judge (see UMS-06).',
      );
    }
    const judged = publishes.map(judge);
    const privateProblem = privateTextProblem(
      context.utterances['private-text'],
      result,
      publishes,
    );
    const bad = judged.filter((judgement) => judgement.problems.length > 0);
    if (bad.length > 0 || privateProblem) {
      const first = bad[0];
      const actual = first
        ? `${bad.length} of ${publishes.length} PublishEvent request(s) malformed; the first: ${first.problems.slice(0, 3).join('; ')}`
        : (privateProblem as string);
      const evidence: Evidence[] = bad
        .slice(0, 4)
        .flatMap((judgement) => [
          entryEvidence(judgement.entry),
          { kind: 'note' as const, text: judgement.problems.join('\n') },
        ]);
      if (first && privateProblem) evidence.push({ kind: 'note', text: privateProblem });
      return fail(
        `UMS-07: expected PublishEvent bodies {dialogId, event} with a valid ContentEvent (text/plain, non-empty message), RichContentEvent (content), AcceptStatusEvent or ChatStateEvent, metadata in the envelope array and private text with messageAudience "AGENTS_AND_MANAGERS", got ${actual}. See ums.md §7 for the event shapes.`,
        {
          expected: 'PublishEvent bodies as in ums.md §7',
          actual,
          evidence,
        },
      );
    }
    const warnings = [...new Set(judged.flatMap((judgement) => judgement.warnings))];
    const types = new Map<string, number>();
    for (const entry of publishes) {
      const event = frameOf(entry)?.body;
      const type = isRecord(event) && isRecord(event.event) ? String(event.event.type) : '?';
      types.set(type, (types.get(type) ?? 0) + 1);
    }
    return passOrWarn(
      `UMS-07: all ${publishes.length} PublishEvent request(s) are well-formed (${[...types].map(([type, count]) => `${type} ×${count}`).join(', ')}).`,
      warnings,
    );
  },
};

/** What is wrong with one PublishEvent frame, and which documented variants it uses. */
function judge(entry: TrafficEntry): Judgement {
  const judgement: Judgement = { entry, problems: [], warnings: [] };
  const frame = frameOf(entry);
  if (!frame) {
    // The mock cut or could not parse it; the mock's own 4xx answer is the finding of other rules.
    if (!entry.truncated) judgement.problems.push('/: the frame is not a JSON object');
    return judgement;
  }
  const envelope = validate('ums-request', frame);
  if (!envelope.ok) judgement.problems.push(...envelope.issues.map((issue) => issue.message));
  const body = validate('ums-publish-event-request', frame.body);
  if (!body.ok) {
    judgement.problems.push(...body.issues.map((issue) => `/body${issue.message}`));
  }
  const rawBody = isRecord(frame.body) ? frame.body : {};
  if ('metadata' in rawBody || 'encodedMetadata' in rawBody) {
    judgement.problems.push(
      '/body/metadata: expected metadata on the request envelope (publishEvent(body, null, metadata)), got it inside the body',
    );
  }
  const event = isRecord(rawBody.event) ? rawBody.event : undefined;
  if (event?.type === 'RichContentEvent' && !('content' in event) && 'message' in event) {
    judgement.warnings.push(
      'A RichContentEvent carries its structured content in `message` (the websocket schemas’ name); `content` is preferred (node-agent-sdk and the docs).',
    );
  }
  if (isRecord(frame.metadata)) {
    judgement.warnings.push(
      'The envelope `metadata` is a single object; an array of metadata objects is preferred.',
    );
  }
  return judgement;
}

/** When a private-text utterance was declared: its answer must include a private text. */
function privateTextProblem(
  utterance: string | undefined,
  result: Awaited<ReturnType<ReturnType<typeof connectorSession>['conversations']>>,
  publishes: TrafficEntry[],
): string | undefined {
  if (!utterance) return undefined;
  const turn = result.conversations
    .flatMap((conversation) => conversation.turns)
    .find((candidate) => candidate.key === 'private-text');
  if (!turn) return undefined;
  const privateAnswer = publishes.some((entry) => {
    const body = frameOf(entry)?.body;
    return (
      entry.at >= turn.sentAt &&
      conversationOf(entry) === turn.conversationId &&
      isRecord(body) &&
      body.messageAudience === 'AGENTS_AND_MANAGERS'
    );
  });
  return privateAnswer
    ? undefined
    : `the answer to the private-text utterance "${utterance}" carried no PublishEvent with messageAudience "AGENTS_AND_MANAGERS"`;
}
