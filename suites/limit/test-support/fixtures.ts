// Broken candidates for the LIMIT tests: the example Custom Endpoint with a conversation cap of its
// own, started like a zoo bot (mock JWKS) through `brokenLimitContext`.
import { type BuiltContext, buildContext } from '../../../harness/index.ts';
import {
  type ExampleCustomEndpointHooks,
  errorAnswer,
  startExampleCustomEndpoint,
} from '../../../mocks/index.ts';

/** Answers the PUT of every conversation past `cap` distinct ones with `status`. */
const capsConversations = (cap: number, status: number): ExampleCustomEndpointHooks => {
  const seen = new Set<string>();
  return {
    answer: (answer, context) => {
      if (context.route !== 'conversation' || !context.params.convId) return answer;
      seen.add(context.params.convId);
      return seen.size > cap ? errorAnswer(status, 'too many conversations') : answer;
    },
  };
};

export const limitFixtures = {
  /** LIMIT-01..05: 503 to every new conversation past 200 (fewer than the recommended 250). */
  'refuses-after-200-conversations': () => capsConversations(200, 503),
  /** LIMIT-04: counts every conversation it ever saw, closed or not, and refuses the 1,000th. */
  'counts-every-conversation': () => capsConversations(999, 429),
} as const;

export type LimitFixture = keyof typeof limitFixtures;

export function brokenLimitContext(name: LimitFixture): Promise<BuiltContext> {
  return buildContext(
    { timeoutMs: 2000 },
    {
      startCandidate: (cloud) =>
        startExampleCustomEndpoint({
          auth: { jwksUrl: cloud.urls.jwksUrl, ca: cloud.certificates.caCertPem },
          hooks: limitFixtures[name](),
        }),
    },
  );
}
