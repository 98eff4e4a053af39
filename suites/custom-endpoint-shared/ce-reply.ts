/**
 * Whether an E4 answer is a reply the platform can use: the documented body (parsed as the mock
 * engine parses it) and, unless told otherwise, a reply that passes the engine's verification
 * (at least one message or a supported action, one action at most, …).
 *
 * @see docs/spec/custom-endpoint.md#63-reply §6.3, §9
 * @see docs/spec/tpb-platform.md#2-the-vendor-neutral-reply §2
 */
import type { CandidateResponse } from '../../harness/index.ts';
import { parseCustomEndpointReply, verifyReply } from '../../mocks/index.ts';
import { answerOf, isSuccess, quoteBody } from './ce-probe.ts';

export type ReplyJudgement = { ok: true; warnings: string[] } | { ok: false; problem: string };

/**
 * A 200 with a usable reply. A 2xx other than 200 is accepted with a warning ("undocumented
 * success code", §9).
 */
export function judgeReply(
  response: CandidateResponse,
  options: { channel: 'messaging' | 'chat'; requireContent?: boolean },
): ReplyJudgement {
  if (!isSuccess(response)) return { ok: false, problem: answerOf(response) };
  const warnings = successCodeWarning(response, 'E4');
  if (response.json === undefined) {
    return {
      ok: false,
      problem: `status ${response.status} with a body that is not JSON (${quoteBody(response)})`,
    };
  }
  const parsed = parseCustomEndpointReply(response.json);
  if (!parsed.ok) return { ok: false, problem: parsed.detail };
  if (options.requireContent === false) return { ok: true, warnings };
  const verified = verifyReply(parsed.reply, { channel: options.channel });
  if (!verified.ok) return { ok: false, problem: verified.detail };
  return { ok: true, warnings };
}

/** The warning for a 2xx that is not 200 on E1, E2 or E4; none for 200. */
export function successCodeWarning(
  response: CandidateResponse,
  route: 'E1' | 'E2' | 'E4',
): string[] {
  return isSuccess(response) && response.status !== 200
    ? [`${route} answered ${response.status}, an undocumented success code; 200 is preferred.`]
    : [];
}
