/**
 * Hooks turning the example Custom Endpoint into the SEC tests' candidates that the zoo lacks.
 * Test code only.
 */
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import {
  type EndpointAnswer,
  type ExampleCustomEndpointHooks,
  errorAnswer,
  jsonAnswer,
} from '../../../mocks/index.ts';

const errorOf = (answer: EndpointAnswer): unknown =>
  answer.kind === 'json' ? (answer.body as { error?: unknown }).error : undefined;

/** The public reference implementation's statuses: 403 without a header, 400 for garbage (D10, D11). */
export const referenceStatuses: ExampleCustomEndpointHooks = {
  answer: (answer) =>
    errorOf(answer) === 'missing bearer token'
      ? errorAnswer(403, 'forbidden')
      : errorOf(answer) === 'malformed credentials'
        ? errorAnswer(400, 'bad request')
        : answer,
};

/** Strict past the spec: refuses the deprecated scope and a scheme word other than `Bearer`. */
export const picky: ExampleCustomEndpointHooks = {
  async authorize(authorization, verify) {
    if (!authorization?.startsWith('Bearer ')) {
      return { ok: false, status: 401, reason: 'malformed credentials' };
    }
    const result = await verify();
    if (result.ok && result.claims.scope === 'ihub.tpb.customendpoint') {
      return { ok: false, status: 401, reason: 'token scope not accepted' };
    }
    return result;
  },
};

/** Lets expired tokens through (and nothing else): SEC-05 only. */
export const ignoresExpiry: ExampleCustomEndpointHooks = {
  async authorize(_authorization, verify) {
    const result = await verify();
    return !result.ok && result.reason === 'token expired' ? { ok: true, claims: {} } : result;
  },
};

/**
 * Checks `exp` only when the token has no `nbf` (a verifier with a time check on one path only):
 * SEC-05 must still fail it.
 */
export const ignoresExpiryWithNbf: ExampleCustomEndpointHooks = {
  async authorize(authorization, verify) {
    const result = await verify();
    if (result.ok || result.reason !== 'token expired') return result;
    const token = authorization?.replace(/^\S+\s+/, '') ?? '';
    return decodeJwt(token).nbf === undefined ? result : { ok: true, claims: {} };
  },
};

/** Echoes the bearer in its 404 for an unknown conversation, and nowhere else (SEC-12). */
export const echoesBearerOn404: ExampleCustomEndpointHooks = {
  answer(answer, context) {
    if (answer.kind !== 'json' || answer.status !== 404) return answer;
    return {
      ...answer,
      body: { error: 'conversation not found', authorization: context.headers.authorization },
    };
  },
};

/** Shows a stack trace in its 404 for an unknown conversation, and nowhere else (SEC-13). */
export const tracesOn404: ExampleCustomEndpointHooks = {
  answer(answer) {
    if (answer.kind !== 'json' || answer.status !== 404) return answer;
    const stack = 'NotFoundError: no such conversation\n    at lookup (/srv/bot/store.js:41:11)';
    return { ...answer, body: { error: 'conversation not found', stack } };
  },
};

/**
 * Redacts the bearer itself in its 404 (`"Bearer [redacted]"`): the word the harness's evidence
 * uses, so only a check that looks before redaction tells it from an echo. Passes SEC-12.
 */
export const writesRedactedOn404: ExampleCustomEndpointHooks = {
  answer(answer) {
    if (answer.kind !== 'json' || answer.status !== 404) return answer;
    return {
      ...answer,
      body: { error: 'conversation not found', authorization: 'Bearer [redacted]' },
    };
  },
};

/** Trusts the key a token's `jku` header names: the classic key-injection hole (SEC-09). */
export const followsJku: ExampleCustomEndpointHooks = {
  async authorize(authorization, verify) {
    const token = authorization?.replace(/^\S+\s+/, '') ?? '';
    let jku: unknown;
    try {
      jku = decodeProtectedHeader(token).jku;
    } catch {
      return verify();
    }
    if (typeof jku !== 'string') return verify();
    try {
      const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(jku)));
      return { ok: true, claims: payload };
    } catch {
      return { ok: false, status: 401, reason: 'invalid token' };
    }
  },
};

/** Its 401 bodies carry the key it verifies with: key material in an error response (SEC-12). */
export const leaksKey = (publicKeyPem: string): ExampleCustomEndpointHooks => ({
  answer: (answer) =>
    answer.kind === 'json' && answer.status === 401
      ? jsonAnswer(401, { error: 'invalid token', verifiedWith: publicKeyPem })
      : answer,
});
