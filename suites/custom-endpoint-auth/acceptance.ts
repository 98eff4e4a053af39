import type { Evidence } from '../../schemas/index.ts';
import { redactEvidence } from './evidence-redaction.ts';
import {
  describeAnswers,
  isAuthRefusal,
  isSuccess,
  type RouteAnswer,
  routeMissingStatuses,
} from './route-probe.ts';

/** How a set of answers to a token that should be accepted came out. */
export interface Acceptance {
  accepted: RouteAnswer[];
  /** 401 or 403: the token was refused. */
  refused: RouteAnswer[];
  /** Neither accepted nor refused: 5xx, an unexpected 4xx, no answer. */
  other: RouteAnswer[];
  /** E1 answered as a route the candidate does not serve (404, 405, 501): no verdict there. */
  unserved: RouteAnswer[];
}

/** Sorts answers to a token that should be accepted: 2xx accepts it on every route. */
export function judgeAcceptance(
  answers: readonly RouteAnswer[],
  options: { e1Unserved?: (answer: RouteAnswer) => boolean } = {},
): Acceptance {
  const e1Unserved =
    options.e1Unserved ??
    ((answer: RouteAnswer) => routeMissingStatuses.includes(answer.response.status ?? 0));
  const result: Acceptance = { accepted: [], refused: [], other: [], unserved: [] };
  for (const answer of answers) {
    if (isSuccess(answer.response)) result.accepted.push(answer);
    else if (isAuthRefusal(answer.response)) result.refused.push(answer);
    else if (answer.route === 'E1' && e1Unserved(answer)) result.unserved.push(answer);
    else result.other.push(answer);
  }
  return result;
}

export const failedAcceptance = (acceptance: Acceptance): RouteAnswer[] => [
  ...acceptance.refused,
  ...acceptance.other,
];

/** The HTTP evidence of some answers, secrets redacted, at most `limit` of them. */
export function answerEvidence(
  answers: readonly RouteAnswer[],
  secrets: readonly string[],
  limit = 8,
): Evidence[] {
  return answers.slice(0, limit).map((answer) => redactEvidence(answer.response.evidence, secrets));
}

/** A note naming what E1 answered when it is not served. */
export function unservedWarning(acceptance: Acceptance): string[] {
  return acceptance.unserved.length > 0
    ? [
        `E1 answered ${describeAnswers(acceptance.unserved)}, as for a route that is not served, so the token could not be judged there (no documented flow calls E1; CE-STATE-04 covers it).`,
      ]
    : [];
}
