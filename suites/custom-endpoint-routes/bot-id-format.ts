/**
 * CE-ROUTE-06: the configured botId fits the OpenAPI path parameter (no request is made).
 *
 * @see docs/spec/custom-endpoint.md#1-conventions §1 (path parameters)
 */
import { type Check, customEndpointTarget, fail, pass, skipped } from '../../harness/index.ts';

const botIdPattern = /^[A-Za-z0-9-]+$/;
const botIdMaxLength = 36;

export const botIdFormatCheck: Check = {
  ruleId: 'CE-ROUTE-06',
  async run(context) {
    const botId = customEndpointTarget(context.target)?.address.botId;
    if (botId === undefined) {
      return skipped('CE-ROUTE-06: no Bot ID was configured (--bot-id).');
    }
    const problems: string[] = [];
    if (!botIdPattern.test(botId)) {
      const bad = [...new Set([...botId].filter((c) => !/[A-Za-z0-9-]/.test(c)))];
      problems.push(
        botId === ''
          ? 'it is empty'
          : `it holds ${bad.map((c) => JSON.stringify(c)).join(', ')}, outside ^[A-Za-z0-9-]+$`,
      );
    }
    if (botId.length > botIdMaxLength) {
      problems.push(`it has ${botId.length} characters, more than ${botIdMaxLength}`);
    }
    if (problems.length > 0) {
      return fail(
        `CE-ROUTE-06: expected a botId matching ^[A-Za-z0-9-]+$ with at most ${botIdMaxLength} characters, got "${botId}": ${problems.join('; ')}. Use letters, digits and "-" only, e.g. a UUID, as the docs recommend.`,
        {
          expected: `^[A-Za-z0-9-]+$, at most ${botIdMaxLength} characters`,
          actual: JSON.stringify(botId),
          evidence: [{ kind: 'note', text: `Configured botId: ${JSON.stringify(botId)}` }],
        },
      );
    }
    return pass(
      `CE-ROUTE-06: the botId "${botId}" matches ^[A-Za-z0-9-]+$ and has ${botId.length} characters (at most ${botIdMaxLength}).`,
    );
  },
};
