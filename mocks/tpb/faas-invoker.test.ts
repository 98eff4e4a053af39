/**
 * tpb-platform.md §3.2 (invocation, input, output, errors), §8 (aivendor.faas codes), §13 (30 s,
 * no retries): a candidate function in-process (module or function) and over HTTP.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type FaaSBotInvocationInput,
  type FaaSExternalInvocationBody,
  validate,
} from '../../schemas/index.ts';
import { exchangeEvidence } from '../http/vendor-exchange.ts';
import { ManualClock } from '../platform/clock.ts';
import {
  faasFailedFaasRequest,
  faasInvokeLambda,
  faasMissingResponseBody,
} from '../platform/error-codes.ts';
import { engineDefaults } from './engine-defaults.ts';
import {
  createFaasInvoker,
  type FaasFunction,
  type FaasInvoker,
  FaasModuleError,
} from './faas-invoker.ts';
import {
  type CandidateHandler,
  sendJson,
  startTestCandidate,
  type TestCandidate,
} from './test-support/vendor-test-server.ts';

const input: FaaSBotInvocationInput = {
  message: 'hi',
  convId: 'c0ffee00-0000-4000-8000-000000000002',
  context: { lpEvent: { sequence: 3, event: { type: 'ContentEvent', message: 'hi' } } },
};
const output = { messages: ['hello'] };
/** The invoker's options when a test has no timeout of its own: LivePerson's. */
const platformTimeout = { timeoutMs: engineDefaults.faasTimeoutMs };

let dir: string;
const open: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faas-invoker-'));
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function invokerFor(fn: FaasFunction, timeoutMs = 1_000): FaasInvoker {
  return createFaasInvoker({ fn }, { timeoutMs });
}

describe('in-process functions', () => {
  it('FAAS-01 runs a TS module exporting lambda(input, callback) with {timestamp, headers, payload}', async () => {
    const module = fileURLToPath(
      new URL('./test-support/faas-invoker-fixture.ts', import.meta.url),
    );
    const result = await createFaasInvoker({ module }, platformTimeout).invoke(input);
    expect(result).toEqual({
      ok: true,
      output: {
        messages: ['echo: hi'],
        context: { intentId: 'headers,payload,timestamp', confidenceScore: 1 },
      },
      exchanges: [],
    });
  });

  it('hands the function a valid faas-invocation, a copy of the input', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 3));
    let received: FaaSExternalInvocationBody | undefined;
    const invoker = createFaasInvoker(
      {
        fn: (invocation, callback) => {
          received = invocation;
          invocation.payload.message = 'mutated';
          callback(null, output);
        },
      },
      { ...platformTimeout, clock },
    );
    await invoker.invoke(input);
    expect(validate('faas-invocation', received)).toMatchObject({ ok: true });
    expect(received).toMatchObject({ timestamp: Date.UTC(2026, 0, 3), headers: [] });
    expect(input.message).toBe('hi');
  });

  it.each([
    ['main', 'export async function main(input) { return { messages: [input.payload.convId] }; }'],
    ['default', 'export default (input, cb) => cb(null, { messages: [input.payload.convId] });'],
  ])('loads a module exporting %s', async (_name, source) => {
    const file = join(dir, `${_name}.mjs`);
    await writeFile(file, source);
    expect(await createFaasInvoker({ module: file }, platformTimeout).invoke(input)).toMatchObject({
      ok: true,
      output: { messages: [input.convId] },
    });
  });

  it('loads a CommonJS module with exports.lambda', async () => {
    const file = join(dir, 'cjs.cjs');
    await writeFile(file, 'exports.lambda = (input, cb) => cb(null, { messages: ["cjs"] });');
    expect(await createFaasInvoker({ module: file }, platformTimeout).invoke(input)).toMatchObject({
      ok: true,
      output: { messages: ['cjs'] },
    });
  });

  it('rejects a module without a function, or a missing one, as a harness error', async () => {
    const file = join(dir, 'nothing.mjs');
    await writeFile(file, 'export const lambda = 42;');
    await expect(
      createFaasInvoker({ module: file }, platformTimeout).invoke(input),
    ).rejects.toMatchObject({
      code: 'FAAS_MODULE_NO_FUNCTION',
    });
    await expect(
      createFaasInvoker({ module: join(dir, 'absent.mjs') }, platformTimeout).invoke(input),
    ).rejects.toBeInstanceOf(FaasModuleError);
  });

  it('takes the value of an async function that declares no callback', async () => {
    expect(await invokerFor(async () => output).invoke(input)).toMatchObject({ ok: true, output });
  });

  it('takes a callback from an async function that declares one', async () => {
    const fn: FaasFunction = async (_input, callback) => {
      await Promise.resolve();
      callback(null, output);
    };
    expect(await invokerFor(fn).invoke(input)).toMatchObject({ ok: true, output });
  });

  it('fails with invoke-lambda when a function taking a callback never calls it', async () => {
    const result = await invokerFor((_input, _callback) => undefined, 50).invoke(input);
    expect(result).toMatchObject({ ok: false, code: faasInvokeLambda });
    expect(result.ok || result.detail).toContain('within 50 ms');
  });

  it.each<[string, FaasFunction]>([
    [
      'throws',
      () => {
        throw new TypeError('boom');
      },
    ],
    ['rejects', async () => Promise.reject(new Error('boom'))],
    ['calls back with an error', (_input, callback) => callback(new Error('boom'))],
  ])('fails with invoke-lambda when the function %s', async (_name, fn) => {
    const result = await invokerFor(fn).invoke(input);
    expect(result).toMatchObject({ ok: false, code: faasInvokeLambda });
    expect(result.ok || result.detail).toContain('boom');
  });

  it.each<[string, FaasFunction]>([
    ['returns null', async () => null],
    ['calls back with null', (_input, callback) => callback(null, null)],
    ['calls back without a result', (_input, callback) => callback(null)],
    ['resolves nothing without a callback', async () => undefined],
  ])('fails with missing-response-body when the function %s', async (_name, fn) => {
    expect(await invokerFor(fn).invoke(input)).toMatchObject({
      ok: false,
      code: faasMissingResponseBody,
    });
  });

  it('keeps the first answer of a function that calls back twice', async () => {
    const result = await invokerFor((_input, callback) => {
      callback(null, output);
      callback(new Error('second'));
      callback(null, { messages: ['third'] });
    }).invoke(input);
    expect(result).toMatchObject({ ok: true, output });
  });

  it('keeps the error code of the documented faas codes', () => {
    expect(faasInvokeLambda).toBe(
      'com.liveperson.bot-connectors-worker.error.aivendor.faas.invoke-lambda',
    );
    expect(faasMissingResponseBody).toBe(
      'com.liveperson.bot-connectors-worker.error.aivendor.faas.missing-response-body',
    );
    expect(faasFailedFaasRequest).toBe(
      'com.liveperson.bot-connectors-worker.error.aivendor.faas.failed-faas-request',
    );
  });
});

describe('HTTP functions (mock design)', () => {
  async function candidate(handler: CandidateHandler): Promise<TestCandidate> {
    const server = await startTestCandidate(handler);
    open.push(server);
    return server;
  }

  function httpInvoker(server: TestCandidate, timeoutMs = 1_000): FaasInvoker {
    const invoker = createFaasInvoker({ url: `${server.url}/fn` }, { timeoutMs });
    open.push(invoker);
    return invoker;
  }

  it('POSTs the faas-invocation as JSON and takes the JSON answer', async () => {
    const server = await candidate((_call, res) => sendJson(res, 200, output));
    const result = await httpInvoker(server).invoke(input);
    expect(result).toMatchObject({ ok: true, output });
    expect(server.calls).toHaveLength(1);
    const call = server.calls[0];
    expect(call).toMatchObject({ method: 'POST', path: '/fn' });
    expect(call?.headers['content-type']).toBe('application/json');
    const body = JSON.parse(call?.body ?? '') as FaaSExternalInvocationBody;
    expect(validate('faas-invocation', body)).toMatchObject({ ok: true });
    expect(body.payload).toEqual(input);
    expect(result.exchanges).toHaveLength(1);
    expect(
      validate('evidence', exchangeEvidence(result.exchanges[0] ?? ({} as never))),
    ).toMatchObject({ ok: true });
  });

  it.each<[string, CandidateHandler, string]>([
    ['HTTP 500', (_call, res) => sendJson(res, 500, {}), faasFailedFaasRequest],
    ['non-JSON', (_call, res) => res.writeHead(200).end('nope'), faasFailedFaasRequest],
    ['a reset', (_call, _res, req) => req.socket.destroy(), faasFailedFaasRequest],
    ['an empty body', (_call, res) => res.writeHead(200).end(), faasMissingResponseBody],
    ['null', (_call, res) => sendJson(res, 200, null), faasMissingResponseBody],
  ])('maps %s to its code, without retrying', async (_name, handler, code) => {
    const server = await candidate(handler);
    expect(await httpInvoker(server).invoke(input)).toMatchObject({ ok: false, code });
    expect(server.calls).toHaveLength(1);
  });

  it('fails with failed-faas-request when the URL does not answer in time', async () => {
    const server = await candidate(() => {
      // Never answers.
    });
    const result = await httpInvoker(server, 100).invoke(input);
    expect(result).toMatchObject({ ok: false, code: faasFailedFaasRequest });
    expect(result.exchanges[0]?.error).toBe('timeout after 100 ms');
    expect(server.calls).toHaveLength(1);
  });
});
