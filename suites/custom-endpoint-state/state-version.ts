/**
 * CE-STATE-06 (INFO): whether E2's `version` is a semantic version (D12: any string passes
 * CE-STATE-01; the reference implementation returns "1.0").
 *
 * @see docs/spec/custom-endpoint.md#4-e2-get-bot-state §4, §10 (D12)
 */
import { type Check, info } from '../../harness/index.ts';
import { answerOf, ceProbe, isSuccess, quoteBody } from '../custom-endpoint-shared/index.ts';

/** Semantic Versioning 2.0.0, the regular expression semver.org suggests. */
export const semverPattern =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export const stateVersionCheck: Check = {
  ruleId: 'CE-STATE-06',
  async run(context) {
    const got = await ceProbe('CE-STATE-06', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const response = await probe.state();
    const body = response.json as { version?: unknown } | undefined;
    const version =
      isSuccess(response) && typeof body === 'object' && body ? body.version : undefined;
    if (typeof version !== 'string') {
      return info(
        `CE-STATE-06: no version to report: E2 answered ${isSuccess(response) ? `${response.status} with ${quoteBody(response)}` : answerOf(response)} (CE-STATE-01 judges the body).`,
        probe.evidence,
      );
    }
    return info(
      semverPattern.test(version)
        ? `CE-STATE-06: version "${version}" is a semantic version.`
        : `CE-STATE-06: version "${version}" is not a semantic version (MAJOR.MINOR.PATCH, e.g. "1.0.0"); any string is accepted.`,
      probe.evidence,
    );
  },
};
