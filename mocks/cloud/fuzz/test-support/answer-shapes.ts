import { type SchemaId, validate } from '../../../../schemas/index.ts';
import type { ProbeAnswer } from './http-probe.ts';

/** The mock's HTTP surfaces, each with its own documented error shape. */
export type FuzzSurface = 'sentinel' | 'csds' | 'login' | 'control';

/**
 * Error shape of each surface: RFC 6749 §5.2 OAuth errors under Sentinel, agentVep's error body on
 * login, the control API's `{error: {code, message}}`, and CSDS's `{error: "<message>"}`.
 */
const errorSchemas: Record<FuzzSurface, SchemaId | 'plain'> = {
  sentinel: 'oauth-error',
  csds: 'plain',
  login: 'agent-login-error',
  control: 'control-error',
};

/** What a 2xx must be: a body of a schema, any JSON, an empty body, or non-empty text (a PEM). */
export type SuccessShape = SchemaId | 'json' | 'empty' | 'text';

/**
 * Why an answer is not a well-formed refusal (4xx in the surface's error shape); empty when it is.
 * A 5xx is always a problem: bad input is the client's fault, never the mock's.
 */
export function refusalProblems(surface: FuzzSurface, answer: ProbeAnswer): string[] {
  if (answer.status < 400 || answer.status >= 500) {
    return [`expected a 4xx, got ${describe(answer)}`];
  }
  return errorProblems(surface, answer);
}

/** Why an answer is neither a 2xx of `success` shape nor a well-formed 4xx; empty when it is one. */
export function answerProblems(
  surface: FuzzSurface,
  answer: ProbeAnswer,
  success: SuccessShape,
): string[] {
  if (answer.status >= 200 && answer.status < 300) return successProblems(answer, success);
  return refusalProblems(surface, answer);
}

function errorProblems(surface: FuzzSurface, answer: ProbeAnswer): string[] {
  const problems: string[] = [];
  if (!String(answer.headers['content-type']).startsWith('application/json')) {
    problems.push(`content-type ${answer.headers['content-type']} is not application/json`);
  }
  if (answer.status === 405 && !answer.headers.allow) problems.push('a 405 without Allow');
  if (surface === 'sentinel' && answer.headers['cache-control'] !== 'no-store') {
    problems.push('a Sentinel error without Cache-Control: no-store (RFC 6749 §5.1)');
  }
  const body = parseJson(answer.text);
  if (!body.ok) return [...problems, `the body is not JSON: ${answer.text.slice(0, 200)}`];
  const schema = errorSchemas[surface];
  if (schema === 'plain') {
    const value = body.value as Record<string, unknown> | null;
    const plain =
      typeof value === 'object' &&
      value !== null &&
      Object.keys(value).join() === 'error' &&
      typeof value.error === 'string' &&
      value.error.length > 0;
    if (!plain) problems.push(`not {"error": "<message>"}: ${answer.text.slice(0, 200)}`);
    return problems;
  }
  const result = validate(schema, body.value);
  if (!result.ok) {
    problems.push(
      `not ${schema}: ${result.issues.map((issue) => issue.message).join('; ')} in ${answer.text.slice(0, 200)}`,
    );
  }
  return problems;
}

function successProblems(answer: ProbeAnswer, success: SuccessShape): string[] {
  if (success === 'empty') return answer.text === '' ? [] : ['a 2xx with a body, expected none'];
  if (success === 'text') return answer.text === '' ? ['a 2xx without a body'] : [];
  const body = parseJson(answer.text);
  if (!body.ok) return [`the ${answer.status} body is not JSON: ${answer.text.slice(0, 200)}`];
  if (success === 'json') return [];
  const result = validate(success, body.value);
  return result.ok ? [] : result.issues.map((issue) => `${success}: ${issue.message}`);
}

function describe(answer: ProbeAnswer): string {
  if (answer.status === 0) return `no answer (${answer.failure})`;
  return `${answer.status} ${answer.text.slice(0, 200)}`;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
