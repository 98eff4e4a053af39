import type { Check } from '../../harness/index.ts';
import { otherAccountAudienceCheck } from './other-account-audience.ts';
import { rotatedKeyAcceptedCheck } from './rotated-key-accepted.ts';
import { sameTokenReusedCheck } from './same-token-reused.ts';
import { validTokenAcceptedCheck } from './valid-token-accepted.ts';

/** CE-AUTH: accepting the platform's credentials (custom-endpoint.md §7). */
export const ceAuthChecks: readonly Check[] = [
  validTokenAcceptedCheck,
  sameTokenReusedCheck,
  rotatedKeyAcceptedCheck,
  otherAccountAudienceCheck,
];

// Shared with the SEC suite, which sends its attacks through the same route requests.
export {
  type Acceptance,
  answerEvidence,
  failedAcceptance,
  judgeAcceptance,
  unservedWarning,
} from './acceptance.ts';
export { describeToken, redactEvidence, reportSecrets } from './evidence-redaction.ts';
export { trustsMockJwks } from './rotated-key-accepted.ts';
export {
  type Credentials,
  callEveryRoute,
  callRoute,
  callRoutesInFlow,
  createConversationBody,
  describeAnswers,
  directHttp,
  isAuthRefusal,
  isSuccess,
  noDirectHttp,
  type RouteAnswer,
  type RouteCallOptions,
  type RouteName,
  routeMissingStatuses,
  routeNames,
  statusOf,
  textEventBody,
} from './route-probe.ts';
