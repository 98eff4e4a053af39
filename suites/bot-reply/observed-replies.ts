/**
 * Every reply a run observed, as reply views: for a Custom Endpoint or a function, each vendor
 * reply of the shared session (`context.session()`), whatever triggered it; for a connector, each
 * message-carrying PublishEvent request it sent in the connector session of the UMS suite.
 *
 * @see ../../harness/runner/session.ts
 */
import type {
  ConnectorTarget,
  EngineTarget,
  ObservedReply,
  RunContext,
  Session,
} from '../../harness/index.ts';
import { assertNever } from '../../mocks/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import { connectorSession } from '../connector/index.ts';
import type { ReplyView } from './reply-view.ts';
import { connectorView } from './wire-connector.ts';

/** The replies the reply rules judge, and the ones they cannot read. */
export interface ObservedReplies {
  views: ReplyView[];
  /** Replies not in the wire's top-level shape (CE-EVENT-02/03, FAAS-01/04 judge them). */
  unreadable: Array<{ label: string; reason: string }>;
}

/** Why nothing can be judged: the reason of a `skipped` outcome. */
export interface NothingObserved {
  skip: string;
}

/** Characters of a function output kept in a note (an in-process function has no HTTP). */
const noteLimit = 2000;

/** The replies of the run, or why there are none. */
export async function observedReplies(
  context: RunContext,
): Promise<ObservedReplies | NothingObserved> {
  const { target } = context;
  switch (target.kind) {
    case 'custom-endpoint':
    case 'faas':
      return sessionReplies(context, target.kind);
    case 'connector':
      return connectorReplies(context, target);
    default:
      return assertNever(target);
  }
}

/** The vendor replies of the shared engine session, read the way the engine read them. */
async function sessionReplies(
  context: RunContext,
  wire: EngineTarget['kind'],
): Promise<ObservedReplies | NothingObserved> {
  const session = await context.session();
  if (!session.started) {
    return {
      skip: `the engine could not start the candidate (${session.startDetail}), so no reply was observed; FLOW-01 reports the start.`,
    };
  }
  if (session.replies.length === 0) {
    return {
      skip: `no reply was observed in the session's ${session.conversations.length} conversations; the FLOW rules report why.`,
    };
  }
  const views: ReplyView[] = [];
  const unreadable: ObservedReplies['unreadable'] = [];
  for (const reply of session.replies) {
    const label = labelOf(reply);
    // The parts the engine read when the reply arrived: the rules judge that reading.
    const { parts } = reply;
    if ('unreadable' in parts) {
      unreadable.push({ label, reason: parts.unreadable });
      continue;
    }
    views.push({
      wire,
      label,
      channel: reply.channel,
      trigger: reply.trigger,
      conversationId: reply.conversationId,
      raw: reply.raw,
      ...parts,
      evidence: replyEvidence(reply, label),
      escalations: escalationsOf(session, reply.conversationId),
    });
  }
  if (views.length === 0) {
    const [first] = unreadable;
    return {
      skip: `none of the ${unreadable.length} observed replies is in the documented top-level shape (first: ${first?.label}: ${first?.reason}); CE-EVENT-02/03 and FAAS-01/04 judge the shape.`,
    };
  }
  return { views, unreadable };
}

/**
 * A connector's replies: the PublishEvent requests of the connector session the UMS suite runs
 * (memoized per run, so the conversations run once for both suites).
 */
async function connectorReplies(
  context: RunContext,
  target: ConnectorTarget,
): Promise<ObservedReplies | NothingObserved> {
  if (!target.command) {
    return {
      skip: 'no connector command was given (--command), so no connector reply was observed.',
    };
  }
  const session = connectorSession(context);
  const result = await session.conversations();
  if (!result.ran) {
    return {
      skip: 'the connector never became ready, so none of its replies was observed; UMS-01 to UMS-03 report why.',
    };
  }
  const views = session.recorder.entries
    .map((entry) => connectorView(entry))
    .filter((view): view is ReplyView => view !== undefined);
  if (views.length === 0) {
    return {
      skip: `the connector published no message in the ${result.conversations.length} conversations of the UMS session; UMS-06 reports unanswered consumers.`,
    };
  }
  return { views, unreadable: [] };
}

const triggerWords: Record<string, string> = {
  sweep: 'a sweep sentence',
  welcome: 'the welcome event',
  'rich-content': 'consumer rich content',
  file: 'a consumer file',
};

function labelOf(reply: ObservedReply): string {
  const what = triggerWords[reply.trigger] ?? `the "${reply.trigger}" utterance`;
  return `the ${reply.channel} reply to ${what} (conversation ${reply.conversationId})`;
}

function replyEvidence(reply: ObservedReply, label: string): Evidence[] {
  if (reply.evidence.length > 0) return reply.evidence;
  const json = JSON.stringify(reply.raw) ?? String(reply.raw);
  const cut = json.length > noteLimit ? `${json.slice(0, noteLimit)}… (cut)` : json;
  return [{ kind: 'note', text: `Reply of ${label}: ${cut}` }];
}

function escalationsOf(session: Session, conversationId: string): Evidence[] {
  const conversation = session.conversations.find((c) => c.conversationId === conversationId);
  const evidence: Evidence[] = [];
  for (const entry of conversation?.log ?? []) {
    if (entry.kind !== 'escalation' || !entry.errorId) continue;
    evidence.push({
      kind: 'escalation',
      conversationId,
      code: entry.code,
      errorId: entry.errorId,
      at: entry.at,
      detail: entry.detail,
    });
  }
  return evidence;
}
