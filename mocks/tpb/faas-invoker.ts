import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Agent, type Dispatcher } from 'undici';
import type {
  FaaSBotInvocationInput,
  FaaSExternalInvocationBody,
  FaaSExternalInvocationHeader,
} from '../../schemas/index.ts';
import { defaultBodyLimitBytes, type VendorExchange } from '../http/vendor-exchange.ts';
import { callVendor } from '../http/vendor-http-call.ts';
import {
  maxJsonNestingDepth,
  nestingDepth,
  parseCandidateBody,
} from '../platform/candidate-json.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import {
  faasFailedFaasRequest,
  faasInvokeLambda,
  faasMissingResponseBody,
} from '../platform/error-codes.ts';

/** The callback LivePerson hands a function: `callback(error)` or `callback(null, result)`. */
export type FaasCallback = (error: unknown, result?: unknown) => void;

/**
 * A LivePerson Function as the harness runs it in-process. It receives the invocation
 * `{ timestamp, headers, payload }` (payload = the faas-input) and answers through the callback,
 * or, when it declares no callback parameter, through its (possibly async) return value.
 */
export type FaasFunction = (input: FaaSExternalInvocationBody, callback: FaasCallback) => unknown;

/**
 * What to invoke: a module (path to JS/TS, resolved against the working directory) exporting
 * `lambda`, else `main`, else a default export that is a function (or, for CommonJS, an object
 * with `lambda` or `main`); a URL taking the invocation as a JSON POST; or a function.
 */
export type FaasTarget = { module: string } | { url: string } | { fn: FaasFunction };

export interface FaasInvokerOptions {
  /** Real milliseconds an invocation may run (LivePerson's: `engineDefaults.faasTimeoutMs`). */
  timeoutMs: number;
  /** HTTP form: a pooled undici dispatcher; else the invoker makes its own Agent. */
  dispatcher?: Dispatcher;
  /** HTTP form: called with every exchange. */
  onExchange?: (exchange: VendorExchange) => void;
  /** Stamps the invocation's `timestamp` and the evidence. */
  clock?: Clock;
  /** Invocation headers (LivePerson's form carries `[{key, value}]`; default none). */
  headers?: FaaSExternalInvocationHeader[];
  /** HTTP form: largest response body kept (default 1 MiB). */
  bodyLimitBytes?: number;
}

/** The callback result, unchecked (the reply checks judge it), or the runtime error code. */
export type FaasInvocationResult =
  | { ok: true; output: unknown; exchanges: VendorExchange[] }
  | { ok: false; code: string; detail: string; exchanges: VendorExchange[] };

export interface FaasInvoker {
  invoke(input: FaaSBotInvocationInput): Promise<FaasInvocationResult>;
  /** Closes the invoker's own connection pool (HTTP form); idempotent. */
  close(): Promise<void>;
}

export type FaasModuleErrorCode = 'FAAS_MODULE_NOT_LOADED' | 'FAAS_MODULE_NO_FUNCTION';

/** The candidate module could not be loaded or exports no function: the harness cannot run it. */
export class FaasModuleError extends Error {
  override readonly name = 'FaasModuleError';

  constructor(
    readonly code: FaasModuleErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Invokes a LivePerson Function ("Third-Party Bots Custom Integration") as TPB does, mapping
 * failures to LivePerson's codes: no body or `null` → `…faas.missing-response-body`; an error
 * callback, a throw, a rejection or no answer within the timeout → `…faas.invoke-lambda`
 * in-process and `…faas.failed-faas-request` over HTTP (as are a non-2xx status and a body that
 * is not JSON). The first answer wins; a second callback is ignored, a missing one times out.
 * Not covered in-process: a function that blocks the event loop, or throws from a detached timer.
 *
 * @see docs/spec/tpb-platform.md#32-liveperson-functions §3.2, §8, §13
 * @example
 * const faas = createFaasInvoker({ module: './bot.ts' }, { timeoutMs: engineDefaults.faasTimeoutMs });
 * const result = await faas.invoke({ message: 'hi', convId, context: { lpEvent } });
 */
export function createFaasInvoker(target: FaasTarget, options: FaasInvokerOptions): FaasInvoker {
  const { timeoutMs } = options;
  const clock = options.clock ?? systemClock;
  const invocation = (payload: FaaSBotInvocationInput): FaaSExternalInvocationBody => ({
    timestamp: clock.now(),
    headers: (options.headers ?? []).map((header) => ({ ...header })),
    payload: structuredClone(payload),
  });

  if ('url' in target) {
    const ownsDispatcher = options.dispatcher === undefined;
    const dispatcher = options.dispatcher ?? new Agent();
    let closed: Promise<void> | undefined;
    return {
      invoke: (input) =>
        invokeOverHttp(target.url, invocation(input), {
          ...options,
          bodyLimitBytes: options.bodyLimitBytes ?? defaultBodyLimitBytes,
          clock,
          dispatcher,
        }),
      close() {
        closed ??= ownsDispatcher ? dispatcher.close() : Promise.resolve();
        return closed;
      },
    };
  }

  let loaded: Promise<FaasFunction> | undefined;
  const load = (): Promise<FaasFunction> => {
    if ('fn' in target) return Promise.resolve(target.fn);
    loaded ??= loadFunction(target.module);
    return loaded;
  };
  return {
    invoke: async (input) => runInProcess(await load(), invocation(input), timeoutMs),
    close: () => Promise.resolve(),
  };
}

/** Imports a candidate module and picks its function: `lambda`, `main`, then `default`. */
async function loadFunction(path: string): Promise<FaasFunction> {
  const file = isAbsolute(path) ? path : resolve(process.cwd(), path);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new FaasModuleError(
      'FAAS_MODULE_NOT_LOADED',
      `Failed to load the FaaS module ${file}: ${error instanceof Error ? error.message : String(error)}. Check the path and that the module runs under Node.`,
      { cause: error },
    );
  }
  const fallback = module.default as Record<string, unknown> | undefined;
  const candidates = [module.lambda, module.main, fallback, fallback?.lambda, fallback?.main];
  const fn = candidates.find((candidate) => typeof candidate === 'function');
  if (!fn) {
    throw new FaasModuleError(
      'FAAS_MODULE_NO_FUNCTION',
      `Failed to load the FaaS module ${file}: it exports no function. Export lambda(input, callback), main, or a default function.`,
    );
  }
  return fn as FaasFunction;
}

function runInProcess(
  fn: FaasFunction,
  input: FaaSExternalInvocationBody,
  timeoutMs: number,
): Promise<FaasInvocationResult> {
  return new Promise((resolveResult) => {
    let settled = false;
    const settle = (result: FaasInvocationResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolveResult(result);
    };
    const failed = (detail: string) => settle(failure(faasInvokeLambda, detail));
    const timer = setTimeout(
      () => failed(`The function did not call back within ${timeoutMs} ms.`),
      timeoutMs,
    );
    const callback: FaasCallback = (error, result) => {
      if (error) failed(`The function called back with an error: ${describe(error)}.`);
      else settle(fromResult(result, faasMissingResponseBody));
    };
    // A function that declares no callback can only answer by returning.
    const answersByReturn = fn.length < 2;
    try {
      const returned = fn(input, callback);
      if (isThenable(returned)) {
        returned.then(
          (value) => {
            if (value !== undefined || answersByReturn)
              settle(fromResult(value, faasMissingResponseBody));
          },
          (error: unknown) => failed(`The function rejected: ${describe(error)}.`),
        );
      } else if (returned !== undefined || answersByReturn) {
        settle(fromResult(returned, faasMissingResponseBody));
      }
    } catch (error) {
      failed(`The function threw: ${describe(error)}.`);
    }
  });
}

interface HttpInvokeOptions extends FaasInvokerOptions {
  bodyLimitBytes: number;
  clock: Clock;
  dispatcher: Dispatcher;
}

/** The HTTP form (mock design): POST the invocation as JSON; the JSON answer is the result. */
async function invokeOverHttp(
  url: string,
  body: FaaSExternalInvocationBody,
  options: HttpInvokeOptions,
): Promise<FaasInvocationResult> {
  const result = await callVendor(
    {
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    },
    {
      dispatcher: options.dispatcher,
      timeoutMs: options.timeoutMs,
      bodyLimitBytes: options.bodyLimitBytes,
      attempt: 1,
      clock: options.clock,
    },
  );
  options.onExchange?.(result.exchange);
  const exchanges = [result.exchange];
  const failed = (detail: string) => failure(faasFailedFaasRequest, detail, exchanges);
  if (result.kind !== 'response') return failed(`The function request failed: ${result.detail}.`);
  if (result.status < 200 || result.status >= 300) {
    return failed(`The function answered HTTP ${result.status}.`);
  }
  if (result.body.text.trim() === '') {
    return failure(faasMissingResponseBody, 'The function answered without a body.', exchanges);
  }
  let parsed: unknown;
  try {
    parsed = parseCandidateBody(result.body, options.bodyLimitBytes);
  } catch (error) {
    return failed(`The function answered a body that is not JSON: ${describe(error)}.`);
  }
  return fromResult(parsed, faasMissingResponseBody, exchanges);
}

function fromResult(
  value: unknown,
  missingCode: string,
  exchanges: VendorExchange[] = [],
): FaasInvocationResult {
  if (value === undefined || value === null) {
    return failure(
      missingCode,
      `The function answered ${String(value)} instead of a result.`,
      exchanges,
    );
  }
  // An in-process result goes through the same JSON reader as one sent over HTTP.
  if (nestingDepth(value, maxJsonNestingDepth) > maxJsonNestingDepth) {
    return failure(
      faasFailedFaasRequest,
      `The function answered a result nested more than ${maxJsonNestingDepth} levels deep (the platform's parser limit).`,
      exchanges,
    );
  }
  return { ok: true, output: value, exchanges };
}

function failure(
  code: string,
  detail: string,
  exchanges: VendorExchange[] = [],
): FaasInvocationResult {
  return { ok: false, code, detail, exchanges };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
