/**
 * The k6 export, run: the script is executed by Node with small stand-ins for k6's modules
 * (`k6`, `k6/http`, `k6/metrics`) that record every call, so what is asserted is what k6 would
 * send. Each request body is checked against our wire schemas (E3 ce-conversation, E4 ce-event).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '../../schemas/index.ts';
import { type K6Scenario, renderK6Script } from './k6-script.ts';

let dir: string;

const stubs: Record<string, string> = {
  'index.js': `export function check(value, checks) {
  let all = true;
  for (const [name, test] of Object.entries(checks)) {
    const ok = test(value);
    globalThis.__k6.checks.push({ name, ok });
    all = all && ok;
  }
  return all;
}
export function sleep(seconds) { globalThis.__k6.sleeps.push(seconds); }`,
  'http.js': `function call(method, url, body, params) {
  globalThis.__k6.requests.push({ method, url, body: JSON.parse(body), params });
  const status = globalThis.__k6.status(method, url);
  const text = JSON.stringify({ response: [{ type: 'TEXT', data: { message: 'ok' } }], analytics: {} });
  return { status, timings: { duration: 7 }, json: () => JSON.parse(text) };
}
export default {
  put: (url, body, params) => call('PUT', url, body, params),
  post: (url, body, params) => call('POST', url, body, params),
};`,
  'metrics.js': `class Metric {
  constructor(name) { this.name = name; }
  add(value) { globalThis.__k6.metrics.push([this.name, value]); }
}
export class Rate extends Metric {}
export class Trend extends Metric {}`,
};

const runner = `globalThis.__ENV = JSON.parse(process.env.K6_ENV);
globalThis.__k6 = { requests: [], checks: [], sleeps: [], metrics: [],
  status: (method) => Number(process.env[method === 'PUT' ? 'PUT_STATUS' : 'POST_STATUS']) };
const script = await import(process.argv[2]);
let setupError;
let data;
try { data = script.setup(); } catch (error) { setupError = error.message; }
if (!setupError) script.default(data);
console.log(JSON.stringify({ options: script.options, setupError, ...globalThis.__k6 }));`;

/** Writes the script beside the stand-ins, runs setup() and one iteration, answers what it did. */
async function runScript(
  scenario: K6Scenario,
  {
    env = { TPB_TOKEN: 'token-from-env' } as Record<string, string>,
    putStatus = 200,
    postStatus = 200,
  } = {},
) {
  const file = join(dir, `script-${Math.random().toString(36).slice(2)}.js`);
  await writeFile(file, renderK6Script(scenario), 'utf8');
  const { stdout } = await promisify(execFile)(process.execPath, [join(dir, 'run.mjs'), file], {
    env: {
      PATH: process.env.PATH ?? '',
      K6_ENV: JSON.stringify(env),
      PUT_STATUS: String(putStatus),
      POST_STATUS: String(postStatus),
    },
  });
  return JSON.parse(stdout) as {
    options: { scenarios: { conversations: Record<string, unknown> }; thresholds: unknown };
    setupError?: string;
    requests: {
      method: string;
      url: string;
      body: unknown;
      params: { headers: Record<string, string>; timeout: string };
    }[];
    checks: { name: string; ok: boolean }[];
    sleeps: number[];
    metrics: [string, unknown][];
  };
}

const scenario: K6Scenario = {
  baseUrl: 'https://bots.example.com/',
  botId: 'my-bot',
  environment: 'prod',
  conversations: 250,
  turns: 3,
  rampUpMs: 0,
  thinkTimeMs: 500,
  timeoutMs: 60_000,
  latencyThresholdMs: 5000,
  texts: ['Hello there', 'What can you do for me?'],
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tpb-k6-'));
  await mkdir(join(dir, 'node_modules', 'k6'), { recursive: true });
  await writeFile(
    join(dir, 'node_modules', 'k6', 'package.json'),
    JSON.stringify({
      name: 'k6',
      type: 'module',
      exports: { '.': './index.js', './http': './http.js', './metrics': './metrics.js' },
    }),
  );
  for (const [name, text] of Object.entries(stubs)) {
    await writeFile(join(dir, 'node_modules', 'k6', name), text);
  }
  await writeFile(join(dir, 'run.mjs'), runner);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('renderK6Script', () => {
  it("plays one conversation per iteration with the platform's requests, valid by our schemas", async () => {
    const run = await runScript(scenario);
    expect(run.setupError).toBeUndefined();
    const conversation =
      /^https:\/\/bots\.example\.com\/v1\/bots\/my-bot\/environments\/prod\/conversations\/([0-9a-f-]{36})$/;
    expect(run.requests.map((request) => request.method)).toEqual(['PUT', 'POST', 'POST', 'POST']);
    const [put, ...posts] = run.requests;
    const convId = conversation.exec(put?.url ?? '')?.[1];
    expect(convId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(validate('ce-conversation', put?.body).issues).toEqual([]);
    for (const post of posts) {
      expect(post.url).toBe(`${put?.url}/events`);
      expect(validate('ce-event', post.body).issues).toEqual([]);
    }
    expect(posts.map((post) => (post.body as { data: { message: string } }).data.message)).toEqual([
      'Hello there',
      'What can you do for me?',
      'Hello there',
    ]);
    for (const request of run.requests) {
      expect(request.params.headers.Authorization).toBe('Bearer token-from-env');
      expect(request.params.timeout).toBe('60000ms');
    }
    expect(run.sleeps).toEqual([0.5, 0.5, 0.5]);
    expect(run.metrics.filter(([name]) => name === 'tpb_turn_failed')).toEqual([
      ['tpb_turn_failed', false],
      ['tpb_turn_failed', false],
      ['tpb_turn_failed', false],
    ]);
  });

  it('maps the numbers onto k6 options: executor, ramp-up, thresholds', async () => {
    const atOnce = (await runScript(scenario)).options;
    expect(atOnce.scenarios.conversations).toMatchObject({
      executor: 'per-vu-iterations',
      vus: 250,
      iterations: 1,
    });
    expect(atOnce.thresholds).toEqual({
      tpb_turn_failed: ['rate==0'],
      tpb_turn_duration: ['p(95)<5000'],
    });
    const ramped = (await runScript({ ...scenario, rampUpMs: 10_000 })).options;
    expect(ramped.scenarios.conversations).toMatchObject({
      executor: 'constant-arrival-rate',
      rate: 250,
      timeUnit: '10000ms',
      duration: '10000ms',
      preAllocatedVUs: 250,
    });
  });

  it('counts a failed turn, and stops a conversation whose PUT failed', async () => {
    const failedTurns = await runScript(scenario, { postStatus: 500 });
    expect(failedTurns.metrics.filter(([name]) => name === 'tpb_turn_failed')).toHaveLength(3);
    expect(failedTurns.checks.every((check) => check.name.startsWith('E3') || !check.ok)).toBe(
      true,
    );
    const failedPut = await runScript(scenario, { putStatus: 503 });
    expect(failedPut.requests.map((request) => request.method)).toEqual(['PUT']);
    expect(failedPut.metrics).toEqual([['tpb_turn_failed', true]]);
  });

  it('embeds no bearer, and refuses to start without TPB_TOKEN', async () => {
    const text = renderK6Script(scenario);
    expect(text).not.toMatch(/Bearer [A-Za-z0-9]/);
    expect(text).toContain('__ENV.TPB_TOKEN');
    const run = await runScript(scenario, { env: {} });
    expect(run.setupError).toMatch(/^Set TPB_TOKEN to a bearer the bot accepts/);
    expect(run.requests).toEqual([]);
  });
});
