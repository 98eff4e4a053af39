// Issue 13 (the mock under bad input); decision 0014. RFC 9112 §3.2: whatever the request target
// (`//`, `*`, absolute-form, `..`, `\`, raw bytes, malformed escapes), a request or a websocket
// upgrade gets a well-formed 4xx in the error shape of the surface it names, and the mock keeps
// serving. A target the router could not parse used to end the mock's process.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MockCloud } from '../mock-cloud.ts';
import { type FuzzSurface, refusalProblems } from './test-support/answer-shapes.ts';
import { malformedEscape } from './test-support/bad-requests.ts';
import { fuzzParameters, fuzzTimeoutMs } from './test-support/fuzz-budget.ts';
import { expectHealthy, expectServing } from './test-support/healthy-client.ts';
import { HttpProbe } from './test-support/http-probe.ts';
import { sendUpgrade } from './test-support/raw-upgrade.ts';

const cloud = await MockCloud.start();
const probe = new HttpProbe(cloud.urls.http);
afterAll(async () => {
  probe.close();
  await cloud.stop();
});

const surfaces: FuzzSurface[] = ['sentinel', 'csds', 'login', 'control'];

/** Pieces a target is made of: real path prefixes, separators, dots, escapes, any bytes. */
const piece = fc.oneof(
  fc.constantFrom(
    '/',
    '//',
    '\\',
    '.',
    '..',
    '/..',
    '%2e%2e',
    '%2F',
    '?',
    '#',
    '*',
    'http://',
    'http://[',
    '/sentinel',
    '/control',
    '/api/account/12345678',
    '/login',
    '/service',
    '/ws_api/account/12345678/messaging/brand',
  ),
  malformedEscape,
  fc.string({
    unit: fc.integer({ min: 0x21, max: 0xff }).map((code) => String.fromCharCode(code)),
    maxLength: 10,
  }),
);

const target = fc.array(piece, { minLength: 1, maxLength: 8 }).map((pieces) => pieces.join(''));

describe('any request target', () => {
  it('gets a well-formed 4xx, and the mock keeps serving', {
    timeout: fuzzTimeoutMs(150, 20),
  }, async () => {
    await fc.assert(
      fc.asyncProperty(
        target,
        fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS'),
        async (path, method) => {
          const answer = await probe.send({ method, target: path });
          // The target decides the surface; the answer must fit one of their error shapes.
          const fits = surfaces.filter((surface) => refusalProblems(surface, answer).length === 0);
          expect(fits, `${method} ${path}: ${answer.status} ${answer.text}`).not.toEqual([]);
          await expectServing(cloud, probe);
        },
      ),
      fuzzParameters(150),
    );
    await expectHealthy(cloud, probe);
  });

  it('as a websocket upgrade gets a well-formed 4xx, and the mock keeps serving', {
    timeout: fuzzTimeoutMs(100, 30),
  }, async () => {
    await fc.assert(
      fc.asyncProperty(target, async (path) => {
        const answer = await sendUpgrade(cloud.urls.http, path);
        expect(answer.status, `${path}: ${answer.body}`).toBeGreaterThanOrEqual(400);
        expect(answer.status, `${path}: ${answer.body}`).toBeLessThan(500);
        expect(answer.headers['content-type']).toBe('application/json');
        // The UMS refusal `{error: {message, responseStatus}}`, or the router's `{error}` when
        // the HTTP parser refused the request before it could be an upgrade.
        const { error } = JSON.parse(answer.body) as { error: unknown };
        expect(
          typeof error === 'string' ? error : (error as { message?: unknown }).message,
        ).toEqual(expect.any(String));
        await expectServing(cloud, probe);
      }),
      fuzzParameters(100),
    );
    await expectHealthy(cloud, probe);
  });
});
