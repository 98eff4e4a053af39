/**
 * What a faas candidate answered, wherever the harness saw it: its own invocations
 * (faas-probes.ts) and the engine's invocations during the shared session (the bot log's
 * vendor-event, vendor-call, vendor-reply and escalation entries).
 *
 * @see docs/spec/tpb-platform.md#32-liveperson-functions §3.2 (Errors), §8
 */
import type { RunContext, Session } from '../../harness/index.ts';
import {
  type BotLogEntry,
  exchangeEvidence,
  faasFailedFaasRequest,
  faasInvokeLambda,
  faasMissingResponseBody,
} from '../../mocks/index.ts';
import type { Evidence } from '../../schemas/index.ts';

/**
 * How an invocation ended: an answer (`output` holds it, whatever its shape), no body (null,
 * undefined, empty), a body that is not JSON (HTTP form), no answer in time, or an error
 * (error callback, throw, rejection, non-2xx status, unreachable).
 */
export type FaasOutcome = 'answered' | 'no-body' | 'not-json' | 'timeout' | 'error';

export interface FaasAnswer {
  /** Which invocation, in words, for messages. */
  source: string;
  /** The vendor event it carried: text, welcome, rich-content, file. */
  event: string;
  channel?: 'messaging' | 'chat';
  outcome: FaasOutcome;
  output?: unknown;
  code?: string;
  detail?: string;
  evidence: Evidence[];
}

/** The codes a failed invocation escalates with (tpb-platform.md §8). */
const invocationCodes = new Set([faasInvokeLambda, faasMissingResponseBody, faasFailedFaasRequest]);

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Cuts long values so that evidence stays readable. */
export function clip(text: string, max = 2000): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function noteEvidence(text: string): Evidence {
  return { kind: 'note', text: clip(text) };
}

/** Tells a failed invocation's kind from the invoker's code and detail (faas-invoker.ts). */
export function outcomeOf(code: string, detail: string): Exclude<FaasOutcome, 'answered'> {
  if (code === faasMissingResponseBody) return 'no-body';
  if (/did not call back within|timeout after \d+ ms/.test(detail)) return 'timeout';
  if (/not JSON|-byte limit/.test(detail)) return 'not-json';
  return 'error';
}

export function failedAnswer(
  source: string,
  event: string,
  channel: FaasAnswer['channel'],
  code: string,
  detail: string,
): FaasAnswer {
  return {
    source,
    event,
    ...(channel ? { channel } : {}),
    outcome: outcomeOf(code, detail),
    code,
    detail,
    evidence: [],
  };
}

/** One line about an answer, for messages: where it came from and how it ended. */
export function describeAnswer(answer: FaasAnswer): string {
  switch (answer.outcome) {
    case 'answered':
      return `${answer.source} answered ${clip(JSON.stringify(answer.output) ?? String(answer.output), 300)}`;
    default:
      return `${answer.source} ended with ${answer.code}: ${(answer.detail ?? '').replace(/\.$/, '')}`;
  }
}

const sessionAnswersOf = new WeakMap<Session, FaasAnswer[]>();

/**
 * The engine's invocations during the shared session: each vendor event with the raw reply it
 * got, or the faas error it escalated with; plus a failed Test Connection.
 */
export async function sessionAnswers(context: RunContext): Promise<FaasAnswer[]> {
  const session = await context.session();
  let answers = sessionAnswersOf.get(session);
  if (!answers) {
    answers = collectSessionAnswers(session);
    sessionAnswersOf.set(session, answers);
  }
  return answers;
}

function collectSessionAnswers(session: Session): FaasAnswer[] {
  const answers: FaasAnswer[] = [];
  if (!session.started) {
    const detail = session.startDetail.replace(/^Test Connection failed: /, '');
    const match = /^([\w.-]+): (.*)$/s.exec(detail);
    if (match?.[1] && invocationCodes.has(match[1])) {
      answers.push({
        ...failedAnswer(
          "the engine's Test Connection (a welcome invocation)",
          'welcome',
          undefined,
          match[1],
          match[2] ?? '',
        ),
        evidence: [
          ...httpOf(session.startLog),
          noteEvidence(`Test Connection failed: ${session.startDetail}`),
        ],
      });
    }
  }
  for (const conversation of session.conversations) {
    let current: { event: string; text?: string; evidence: Evidence[]; done: boolean } | undefined;
    for (const entry of conversation.log) {
      if (entry.kind === 'vendor-event') {
        current = {
          event: entry.event,
          ...(entry.text !== undefined ? { text: entry.text } : {}),
          evidence: [],
          done: false,
        };
        continue;
      }
      if (!current || current.done) continue;
      if (entry.kind === 'vendor-call') {
        current.evidence.push(exchangeEvidence(entry.exchange));
      } else if (entry.kind === 'vendor-reply' || entry.kind === 'escalation') {
        const source = `the engine's ${conversation.channel} ${current.event} invocation${current.text !== undefined ? ` ${JSON.stringify(clip(current.text, 80))}` : ''} in conversation ${conversation.conversationId}`;
        if (entry.kind === 'vendor-reply') {
          answers.push({
            source,
            event: current.event,
            channel: conversation.channel,
            outcome: 'answered',
            output: entry.raw,
            evidence:
              current.evidence.length > 0
                ? current.evidence
                : [noteEvidence(`${source} answered ${JSON.stringify(entry.raw)}`)],
          });
        } else if (invocationCodes.has(entry.code)) {
          answers.push({
            ...failedAnswer(source, current.event, conversation.channel, entry.code, entry.detail),
            evidence: [
              ...current.evidence,
              {
                kind: 'escalation',
                conversationId: conversation.conversationId,
                code: entry.code,
                errorId: entry.errorId ?? 'unknown',
                at: entry.at,
                detail: entry.detail,
              },
            ],
          });
        }
        current.done = true;
      }
    }
  }
  return answers;
}

function httpOf(log: readonly BotLogEntry[]): Evidence[] {
  return log.flatMap((entry) =>
    entry.kind === 'vendor-call' ? [exchangeEvidence(entry.exchange)] : [],
  );
}

/** The outputs among answers (what the function called back with), for the reply-shape rules. */
export function outputs(answers: readonly FaasAnswer[]): FaasAnswer[] {
  return answers.filter((answer) => answer.outcome === 'answered');
}

/** Evidence of the first few answers, so that a finding stays readable. */
export function evidenceOf(answers: readonly FaasAnswer[], max = 5): Evidence[] {
  return answers.slice(0, max).flatMap((answer) => answer.evidence);
}
