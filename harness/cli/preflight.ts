import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { request } from 'undici';
import { assertNever } from '../../mocks/index.ts';
import { HarnessError } from '../harness-error.ts';
import type { CandidateResponse } from '../runner/candidate-http.ts';
import { type CustomEndpointTarget, customEndpointTarget } from '../runner/candidate-target.ts';
import type { RunContext } from '../runner/run-context.ts';

export interface PreflightOptions {
  /** Where relative paths and commands are taken from. */
  cwd: string;
  /** PATH, where a connector's command is looked for. */
  path: string;
}

/**
 * Makes sure the candidate is there before any rule is checked, so that an unreachable target is
 * one harness error (exit 2), not a hundred failed rules: a Custom Endpoint answers GET …/state,
 * a function module loads (or its URL answers), a connector's command exists. A Custom Endpoint
 * that is there but hangs or resets is checked, and fails.
 */
export async function preflight(context: RunContext, options: PreflightOptions): Promise<void> {
  const { target } = context;
  switch (target.kind) {
    case 'custom-endpoint':
      await stateForRun(context, target);
      return;
    case 'faas':
      if ('url' in target.faas) await urlAnswers(target.faas.url, context.timeoutMs);
      else if ('module' in target.faas) await moduleLoads(target.faas.module);
      return;
    case 'connector':
      await commandExists(target.command, options);
      return;
    default:
      assertNever(target);
  }
}

/** A valid bearer, or TPB_UNREACHABLE when the token itself cannot be had (a real Sentinel). */
export async function bearerFor(context: RunContext): Promise<string> {
  try {
    return await context.bearer();
  } catch (cause) {
    throw new HarnessError(
      'TPB_UNREACHABLE',
      `Failed to get a bearer token: ${(cause as Error).message}. Check --token-url, --client-id and --client-secret.`,
      { cause },
    );
  }
}

/** GET …/state with a valid bearer; TPB_UNREACHABLE when no response arrives at all. */
export async function getState(context: RunContext): Promise<CandidateResponse> {
  const target = customEndpointTarget(context.target);
  if (!target)
    throw new HarnessError('TPB_INTERNAL', 'The Custom Endpoint context has no HTTP client.');
  const response = await callState(context, target);
  if (response.status === undefined) throw unreachable(context, target, response);
  return response;
}

/**
 * GET …/state for `run`: TPB_UNREACHABLE only when nothing listens there (refused, unknown host,
 * a certificate the harness does not trust). A candidate that accepts the connection and then
 * hangs, resets or closes it is there and broken: the rules fail it, with evidence (decision 0015).
 */
async function stateForRun(context: RunContext, target: CustomEndpointTarget): Promise<void> {
  const response = await callState(context, target);
  if (response.status === undefined && nothingListens(response.error ?? '')) {
    throw unreachable(context, target, response);
  }
}

const nothingListensPattern =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|CERT|certificate|self[- ]signed|ERR_INVALID_URL|Invalid URL/i;

function nothingListens(error: string): boolean {
  return nothingListensPattern.test(error);
}

async function callState(
  context: RunContext,
  { http }: CustomEndpointTarget,
): Promise<CandidateResponse> {
  const token = await bearerFor(context);
  return http.call({ method: 'GET', path: http.routes.state(), token });
}

function unreachable(
  context: RunContext,
  { http }: CustomEndpointTarget,
  response: CandidateResponse,
): HarnessError {
  return new HarnessError(
    'TPB_UNREACHABLE',
    `Failed to reach the Custom Endpoint: GET ${http.address.baseUrl}${http.routes.state()} got no response (${response.timedOut ? `no answer within ${context.timeoutMs} ms` : (response.error ?? 'connection failed')}). Check --base-url and that the service is running.`,
  );
}

async function urlAnswers(url: string, timeoutMs: number): Promise<void> {
  try {
    const response = await request(url, {
      method: 'GET',
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await response.body.dump();
  } catch (cause) {
    throw new HarnessError(
      'TPB_UNREACHABLE',
      `Failed to reach the function at ${url}: ${(cause as Error).message}. Check --function and that it is running.`,
      { cause },
    );
  }
}

async function moduleLoads(path: string): Promise<void> {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (cause) {
    throw new HarnessError(
      'TPB_CONFIG',
      `Failed to load --function ${path}: ${(cause as Error).message}. Check the path and that the module runs under Node.`,
      { cause },
    );
  }
  const fallback = module.default as Record<string, unknown> | undefined;
  const exported = [module.lambda, module.main, fallback, fallback?.lambda, fallback?.main];
  if (!exported.some((candidate) => typeof candidate === 'function')) {
    throw new HarnessError(
      'TPB_CONFIG',
      `Failed to load --function ${path}: it exports no function. Export lambda(input, callback), main, or a default function.`,
    );
  }
}

/** Words the shell runs itself: the command cannot be looked up on PATH, so it is not checked. */
const shellWords = new Set(['cd', 'exec', 'export', 'source', '.', 'set', 'eval', 'env', '(']);

async function commandExists(command: string, options: PreflightOptions): Promise<void> {
  const words = command.trim().split(/\s+/);
  // Leading VAR=value assignments are the command's environment, not the program.
  const program = words
    .find((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word))
    ?.replace(/^['"]|['"]$/g, '');
  if (!program || shellWords.has(program)) return;
  const candidates =
    program.includes('/') || isAbsolute(program)
      ? [resolve(options.cwd, program)]
      : options.path
          .split(delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, program));
  for (const candidate of candidates) {
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return;
  }
  throw new HarnessError(
    'TPB_CONFIG',
    `Failed to start --command "${command}": "${program}" is not ${program.includes('/') ? 'an executable file' : 'on PATH'}. Check the command, or give the program's full path.`,
  );
}
