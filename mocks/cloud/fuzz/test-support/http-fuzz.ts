import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MockCloud } from '../../mock-cloud.ts';
import { answerProblems, type FuzzSurface, refusalProblems } from './answer-shapes.ts';
import { badRequests } from './bad-requests.ts';
import { fuzzParameters, fuzzTimeoutMs } from './fuzz-budget.ts';
import { expectHealthy, expectServing } from './healthy-client.ts';
import { fuzzEndpoints, targetOf } from './http-endpoints.ts';
import { HttpProbe } from './http-probe.ts';

/** Runs per endpoint in `npm test`; `npm run fuzz` sets TPB_FUZZ_RUNS. */
const runsPerEndpoint = 40;

/** Bigger than the router's 1 MiB body limit. */
const hugeBodyBytes = 1024 * 1024 + 512 * 1024;

/**
 * Property-based tests of one HTTP surface of a fresh mock cloud: every endpoint gets seeded bad
 * requests (see `badRequests`) and must answer each with a 2xx of its success shape or a 4xx of
 * the surface's error shape, never a 5xx or a dropped connection; a good request succeeds after
 * each one, and a healthy client does everything after each endpoint's batch.
 */
export async function describeHttpFuzz(surface: FuzzSurface): Promise<void> {
  const cloud = await MockCloud.start();
  const probe = new HttpProbe(cloud.urls.http);
  afterAll(async () => {
    probe.close();
    await cloud.stop();
  });
  const openConversation = () => cloud.consumer.open({ text: 'hello' }).conversationId;
  const endpoints = fuzzEndpoints(cloud, { openConversation }).filter(
    (endpoint) => endpoint.surface === surface,
  );
  const secrets = [
    cloud.app.clientSecret,
    cloud.agent.password,
    cloud.controlToken,
    `Bearer ${cloud.controlToken}`,
  ];

  describe(`${surface} endpoints under bad input`, () => {
    it.each(endpoints)(
      '$name: a well-formed answer to every bad request',
      {
        timeout: fuzzTimeoutMs(runsPerEndpoint, 20),
      },
      async (endpoint) => {
        await fc.assert(
          fc.asyncProperty(badRequests(endpoint, secrets), async (bad) => {
            const answer = await probe.send(bad.probe);
            const problems = bad.refused
              ? refusalProblems(surface, answer)
              : answerProblems(surface, answer, endpoint.success);
            expect(problems, `${bad.mutation}: ${bad.probe.method} ${bad.probe.target}`).toEqual(
              [],
            );
            await expectServing(cloud, probe);
          }),
          fuzzParameters(runsPerEndpoint),
        );
        await expectHealthy(cloud, probe);
      },
    );

    const readingBody = endpoints.filter((endpoint) => endpoint.body !== '');
    it.skipIf(readingBody.length === 0).each(readingBody)(
      '$name: 413 in the error shape for a body over the limit',
      async (endpoint) => {
        const answer = await probe.send({
          method: 'POST',
          target: targetOf(endpoint),
          headers: endpoint.headers,
          body: `{"text":"${'x'.repeat(hugeBodyBytes)}"}`,
        });
        expect(answer.status).toBe(413);
        expect(refusalProblems(surface, answer)).toEqual([]);
        await expectServing(cloud, probe);
      },
    );
  });
}
