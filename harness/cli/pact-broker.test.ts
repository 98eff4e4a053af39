/**
 * `pact publish`, `pact can-i-deploy` and `pact record-deployment` against a Pact Broker played by
 * msw: each handler answers as the broker's HAL API does, and every request is recorded so that
 * its method, path, query, body and Authorization header are asserted. Real gating needs a real
 * broker; these tests prove what we send and how we read the answers.
 *
 * @see https://docs.pact.io/pact_broker/advanced_topics/api_docs
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.ts';

const base = 'https://broker.example.com';
const token = 'pactflow-token-s3cr3t';
const bearer = `Bearer ${token}`;

interface Recorded {
  method: string;
  path: string;
  authorization: string | null;
  body?: unknown;
}

const server = setupServer();
let recorded: Recorded[] = [];

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  recorded = [];
});
afterAll(() => server.close());

/** Records the request as the broker received it: method, path with query, auth and JSON body. */
async function record(request: Request): Promise<void> {
  const url = new URL(request.url);
  const text = await request.clone().text();
  recorded.push({
    method: request.method,
    path: decodeURIComponent(url.pathname + url.search),
    authorization: request.headers.get('authorization'),
    ...(text ? { body: JSON.parse(text) } : {}),
  });
}

/** A broker route that records the request and plays one answer per call, the last one after. */
function route(method: 'get' | 'post', path: string, ...answers: (() => Response)[]) {
  let call = 0;
  return http[method](`${base}${path}`, async ({ request }) => {
    await record(request);
    const answer = answers[Math.min(call++, answers.length - 1)];
    return answer ? answer() : new HttpResponse(null, { status: 500 });
  });
}

const hal =
  (body: object, status = 200) =>
  () =>
    HttpResponse.json(body, { status, headers: { 'Content-Type': 'application/hal+json' } });

function pactDir(): { dir: string; content: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tpb-pact-broker-'));
  mkdirSync(join(dir, 'pacts'));
  const content = `${JSON.stringify({
    consumer: { name: 'LivePerson-Third-Party-Bots' },
    provider: { name: 'my-bot' },
    interactions: [{ description: 'a state check of the bot' }],
    metadata: { pactSpecification: { version: '4.0' } },
  })}\n`;
  writeFileSync(join(dir, 'pacts', 'LivePerson-Third-Party-Bots-my-bot.json'), content);
  return { dir, content };
}

/** One row of the broker's matrix between our consumer and a provider version. */
function matrixRow(success: boolean | null) {
  return {
    consumer: { name: 'LivePerson-Third-Party-Bots', version: { number: '1.2.3' } },
    provider: { name: 'my-bot', version: success === null ? null : { number: 'abc123' } },
    verificationResult: success === null ? null : { success },
  };
}

describe('pact publish', () => {
  it('posts every contract, base64, with the version, branch and tags to pb:publish-contracts', async () => {
    const { dir, content } = pactDir();
    server.use(
      route(
        'get',
        '/',
        hal({ _links: { 'pb:publish-contracts': { href: `${base}/contracts/publish` } } }),
      ),
      route(
        'post',
        '/contracts/publish',
        hal({
          notices: [
            {
              type: 'info',
              text: 'Pact published for LivePerson-Third-Party-Bots version 1.2.3 and provider my-bot.',
            },
          ],
        }),
      ),
    );

    const result = await runCli(
      [
        'pact',
        'publish',
        'pacts',
        '--broker-url',
        `${base}/`,
        '--broker-token',
        token,
        '--consumer-app-version',
        '1.2.3',
        '--branch',
        'main',
        '--tag',
        'dev',
        '--tag',
        'rc',
      ],
      { cwd: dir },
    );

    expect(result).toEqual({
      code: 0,
      stdout:
        'Pact published for LivePerson-Third-Party-Bots version 1.2.3 and provider my-bot.\n' +
        `Published 1 contract(s) of LivePerson-Third-Party-Bots version 1.2.3 to ${base}.\n`,
      stderr: '',
    });
    expect(recorded).toEqual([
      { method: 'GET', path: '/', authorization: bearer },
      {
        method: 'POST',
        path: '/contracts/publish',
        authorization: bearer,
        body: {
          pacticipantName: 'LivePerson-Third-Party-Bots',
          pacticipantVersionNumber: '1.2.3',
          branch: 'main',
          tags: ['dev', 'rc'],
          contracts: [
            {
              consumerName: 'LivePerson-Third-Party-Bots',
              providerName: 'my-bot',
              specification: 'pact',
              contentType: 'application/json',
              content: Buffer.from(content).toString('base64'),
              onConflict: 'overwrite',
            },
          ],
        },
      },
    ]);
  });

  it('stops on a 401 with one message that names the request, never the token (exit 2)', async () => {
    const { dir } = pactDir();
    // A broker that echoes what it refused: the token must still not reach the terminal.
    server.use(
      http.get(`${base}/`, async ({ request }) => {
        await record(request);
        return HttpResponse.json(
          { error: `invalid credentials: ${request.headers.get('authorization')}` },
          { status: 401 },
        );
      }),
    );

    const result = await runCli(['pact', 'publish', 'pacts', '--consumer-app-version', '1.2.3'], {
      cwd: dir,
      env: { PACT_BROKER_BASE_URL: base, PACT_BROKER_TOKEN: token },
    });

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `tpb-conformance: Failed to publish the contracts: the broker answered 401 to GET ${base}/ ({"error":"invalid credentials: Bearer [redacted]"}). Check --broker-token (PACT_BROKER_TOKEN), or --broker-username and --broker-password: the broker did not accept them. (TPB_BROKER)\n`,
    );
    expect(result.stderr).not.toContain(token);
    expect(recorded).toEqual([{ method: 'GET', path: '/', authorization: bearer }]);
  });

  it('says so when the broker cannot be reached, or no broker is named (exit 2)', async () => {
    const { dir } = pactDir();
    server.use(http.get(`${base}/`, () => HttpResponse.error()));
    const args = ['pact', 'publish', 'pacts', '--consumer-app-version', '1.2.3'];

    const unreachable = await runCli([...args, '--broker-url', base], { cwd: dir });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(
      /^tpb-conformance: Failed to publish the contracts: GET https:\/\/broker\.example\.com\/ got no response \(.+\)\. Check --broker-url \(PACT_BROKER_BASE_URL\) and that the broker is running\. \(TPB_UNREACHABLE\)\n$/,
    );

    const unnamed = await runCli(args, { cwd: dir });
    expect(unnamed).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'tpb-conformance: Missing --broker-url URL (or PACT_BROKER_BASE_URL): the Pact Broker or PactFlow to ask. Run "tpb-conformance pact publish --help" for its options. (TPB_USAGE)\n',
    });
  });

  it('refuses a file that is not a pact before it asks the broker (exit 2)', async () => {
    const { dir } = pactDir();
    writeFileSync(
      join(dir, 'pacts', 'empty.json'),
      JSON.stringify({ consumer: { name: 'c' }, provider: { name: 'p' }, interactions: [] }),
    );
    const result = await runCli(
      ['pact', 'publish', 'pacts', '--consumer-app-version', '1.2.3', '--broker-url', base],
      { cwd: dir },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `Failed to publish ${join(dir, 'pacts', 'empty.json')}: not a pact file (/interactions: `,
    );
    expect(recorded).toEqual([]);
  });
});

describe('pact can-i-deploy', () => {
  const args = [
    'pact',
    'can-i-deploy',
    '--pacticipant',
    'LivePerson-Third-Party-Bots',
    '--version',
    '1.2.3',
    '--to-environment',
    'production',
  ];
  const env = { PACT_BROKER_BASE_URL: base, PACT_BROKER_TOKEN: token };
  const matrixQuery =
    '/matrix?q[][pacticipant]=LivePerson-Third-Party-Bots&q[][version]=1.2.3&latestby=cvp&environment=production';
  const asked = { method: 'GET', path: matrixQuery, authorization: bearer };
  const yes = hal({
    summary: {
      deployable: true,
      reason: 'All required verification results are published and successful',
      success: 1,
      failed: 0,
      unknown: 0,
    },
    matrix: [matrixRow(true)],
  });

  it('exits 0 when the matrix says deployable, and prints the rows and the reason', async () => {
    server.use(route('get', '/matrix', yes));

    const result = await runCli(args, { env });

    expect(result).toEqual({
      code: 0,
      stdout: [
        'CONSUMER                     C.VERSION  PROVIDER  P.VERSION  SUCCESS?',
        'LivePerson-Third-Party-Bots  1.2.3      my-bot    abc123     true',
        '',
        'All required verification results are published and successful',
        'can-i-deploy: yes, deploy LivePerson-Third-Party-Bots 1.2.3 to production.',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(recorded).toEqual([asked]);
  });

  it('exits 1 when the broker refuses, with its reason', async () => {
    const reason =
      'The verification for the pact between version 1.2.3 of LivePerson-Third-Party-Bots and the version of my-bot currently deployed to production (abc123) failed';
    server.use(
      route(
        'get',
        '/matrix',
        hal({
          summary: { deployable: false, reason, success: 0, failed: 1, unknown: 0 },
          matrix: [matrixRow(false)],
        }),
      ),
    );

    const result = await runCli(args, { env });

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'LivePerson-Third-Party-Bots  1.2.3      my-bot    abc123     false',
    );
    expect(result.stdout).toContain(
      `${reason}\ncan-i-deploy: no, do not deploy LivePerson-Third-Party-Bots 1.2.3 to production.\n`,
    );
    expect(recorded).toEqual([asked]);
  });

  it('asks again while a verification is pending, and exits 0 once it is published', async () => {
    const pending = hal({
      summary: {
        deployable: null,
        reason:
          'There is no verified pact between version 1.2.3 of LivePerson-Third-Party-Bots and the version of my-bot currently deployed to production',
        success: 0,
        failed: 0,
        unknown: 1,
      },
      matrix: [matrixRow(null)],
    });
    server.use(route('get', '/matrix', pending, pending, yes));

    const result = await runCli([...args, '--retry-while-unknown', '5', '--retry-interval', '0'], {
      env,
    });

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'Waiting for 1 verification result(s) to be published (try 1 of 5, 0 s apart)\n' +
        'Waiting for 1 verification result(s) to be published (try 2 of 5, 0 s apart)\n',
    );
    expect(result.stdout).toContain('can-i-deploy: yes');
    expect(recorded).toEqual([asked, asked, asked]);
  });

  it('exits 1 when the verification is still pending after the retries', async () => {
    server.use(
      route(
        'get',
        '/matrix',
        hal({
          summary: { deployable: null, reason: 'pending', unknown: 1 },
          matrix: [matrixRow(null)],
        }),
      ),
    );

    const result = await runCli(
      [
        ...args.slice(0, 4),
        '--latest',
        ...args.slice(6),
        '--retry-while-unknown',
        '1',
        '--retry-interval',
        '0',
      ],
      { env },
    );

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'LivePerson-Third-Party-Bots  1.2.3      my-bot               unknown',
    );
    expect(result.stdout).toContain(
      'can-i-deploy: no, do not deploy LivePerson-Third-Party-Bots (latest) to production. 1 verification result(s) still pending after 1 retry.\n',
    );
    const latest = {
      ...asked,
      path: matrixQuery.replace('q[][version]=1.2.3', 'q[][latest]=true'),
    };
    expect(recorded).toEqual([latest, latest]);
  });
});

describe('pact record-deployment', () => {
  const basic = `Basic ${Buffer.from('ci-user:ci-password').toString('base64')}`;
  const versionPath = '/pacticipants/my-bot/versions/abc123';
  const brokerWithEnvironments = () => [
    route(
      'get',
      '/',
      hal({
        _links: {
          'pb:pacticipant-version': {
            href: `${base}/pacticipants/{pacticipant}/versions/{version}`,
            templated: true,
          },
        },
      }),
    ),
    route(
      'get',
      versionPath,
      hal({
        number: 'abc123',
        _links: {
          'pb:record-deployment': [
            { name: 'test', href: `${base}/environments/1111/deployed-versions/my-bot/abc123` },
            {
              name: 'production',
              href: `${base}/environments/2222/deployed-versions/my-bot/abc123`,
            },
          ],
        },
      }),
    ),
    route(
      'post',
      '/environments/2222/deployed-versions/my-bot/abc123',
      hal({ currentlyDeployed: true }, 201),
    ),
  ];
  const args = (environment: string) => [
    'pact',
    'record-deployment',
    '--pacticipant',
    'my-bot',
    '--version',
    'abc123',
    '--environment',
    environment,
    '--broker-url',
    base,
    '--broker-username',
    'ci-user',
    '--broker-password',
    'ci-password',
  ];

  it("finds the version and the environment's link through HAL, and posts the deployment", async () => {
    server.use(...brokerWithEnvironments());

    const result = await runCli(args('production'));

    expect(result).toEqual({
      code: 0,
      stdout: `Recorded the deployment of my-bot version abc123 to production in ${base}.\n`,
      stderr: '',
    });
    expect(recorded).toEqual([
      { method: 'GET', path: '/', authorization: basic },
      { method: 'GET', path: versionPath, authorization: basic },
      {
        method: 'POST',
        path: '/environments/2222/deployed-versions/my-bot/abc123',
        authorization: basic,
        body: {},
      },
    ]);
  });

  it('names the environments the broker has when the one given is not among them (exit 2)', async () => {
    server.use(...brokerWithEnvironments());

    const result = await runCli(args('prodution'));

    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'tpb-conformance: Failed to record the deployment: the broker has no environment "prodution" to record my-bot in. Did you mean "production"? Its environments: test, production. (TPB_USAGE)\n',
    });
    expect(recorded.map((request) => request.method)).toEqual(['GET', 'GET']);
  });
});
