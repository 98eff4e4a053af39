import fc from 'fast-check';
import { type FuzzEndpoint, targetOf } from './http-endpoints.ts';
import type { ProbeRequest } from './http-probe.ts';

/** A request made from an endpoint's accepted request by one mutation. */
export interface BadRequest {
  /** What was changed, for the failure message. */
  mutation: string;
  probe: ProbeRequest;
  /** True when only a 4xx is right; false when the mutation may still be a valid request. */
  refused: boolean;
}

const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

const chars = (alphabet: string) => fc.constantFrom(...alphabet.split(''));

/** Characters a raw request target may carry (node sends 0x21–0xFF; the mock sees the bytes). */
const targetChar = fc.integer({ min: 0x21, max: 0xff }).map((code) => String.fromCharCode(code));

/** Percent-escapes decodeURIComponent refuses: cut short, not hex, or not UTF-8. */
export const malformedEscape: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('%', '%E0%A4%A', '%ZZ', '%C0%80', '%ED%A0%80', '%FF', '%E0%80', '%8', '%%41'),
  fc
    .tuple(
      fc.constantFrom('%', '%F0%9F', '%E2%82'),
      fc.string({ unit: chars('0123456789abcdefxz%'), maxLength: 3 }),
    )
    .map(([head, tail]) => head + tail)
    .filter((text) => !decodes(text)),
);

/** A path segment holding a malformed escape among harmless characters. */
const malformedSegment = fc
  .tuple(
    fc.string({ unit: chars('abz019-_~'), maxLength: 6 }),
    malformedEscape,
    fc.string({ unit: chars('abz019-_~'), maxLength: 6 }),
  )
  .map((parts) => parts.join(''));

/** JSON nested deeper than any reader should follow: `[[[…]]]` or `{"a":{"a":…}}`. */
export const deepJson: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1_000, max: 20_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays
      ? `${'['.repeat(depth)}${']'.repeat(depth)}`
      : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );

/** Bytes that are not UTF-8: a lone continuation byte, a truncated sequence, 0xFF. */
const invalidUtf8 = fc
  .tuple(fc.constantFrom(0x80, 0xc3, 0xe2, 0xff, 0xed), fc.uint8Array({ maxLength: 32 }))
  .map(([first, rest]) => Buffer.concat([Buffer.from('{"text":"'), Buffer.from([first]), rest]));

/** Bodies of every kind: text, JSON of any shape, forms, deep JSON, non-UTF-8 bytes, big strings. */
const anyBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.json({ maxDepth: 4 }),
  fc
    .dictionary(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 24 }))
    .map((fields) => new URLSearchParams(fields).toString()),
  fc.string({ unit: targetChar, maxLength: 80 }),
  deepJson,
  invalidUtf8,
  fc
    .integer({ min: 10_000, max: 600_000 })
    .map((size) => JSON.stringify({ text: 'x'.repeat(size) })),
);

/** The accepted JSON body with one key replaced, removed or added. */
function mutatedJson(body: string): fc.Arbitrary<string> {
  const value = JSON.parse(body) as Record<string, unknown>;
  const keys = Object.keys(value);
  return fc
    .tuple(
      fc.constantFrom(...keys, '__extra__'),
      fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }),
    )
    .map(([key, replacement]) => {
      const copy: Record<string, unknown> = { ...value };
      if (replacement === undefined) delete copy[key];
      else copy[key] = replacement;
      return JSON.stringify(copy);
    });
}

/**
 * Bad requests to one endpoint: a wrong method, a malformed or strange path, extra segments, a
 * strange query, bodies of every kind, a wrong Content-Type, and missing or wrong credentials.
 */
export function badRequests(endpoint: FuzzEndpoint, secrets: string[]): fc.Arbitrary<BadRequest> {
  const accepted = (changes: Partial<ProbeRequest>): ProbeRequest => ({
    method: endpoint.method,
    target: targetOf(endpoint),
    headers: endpoint.headers,
    body: endpoint.body,
    ...changes,
  });
  const params = [...endpoint.path.matchAll(/:(\w+)/g)].map((match) => match[1] as string);
  const readsBody = endpoint.body !== '';
  const mutations: fc.Arbitrary<BadRequest>[] = [
    fc.constantFrom(...methods.filter((method) => method !== endpoint.method)).map((method) => ({
      mutation: `method ${method}`,
      probe: accepted({ method }),
      refused: true,
    })),
    // Starts with a letter, so that it is never a dot segment (`..`) that takes one away.
    fc.string({ unit: targetChar, maxLength: 12 }).map((segment) => ({
      mutation: 'an extra path segment',
      probe: accepted({ target: `${targetOf(endpoint)}/x${segment}` }),
      refused: true,
    })),
    fc.string({ unit: targetChar, maxLength: 60 }).map((query) => ({
      mutation: 'a strange query',
      probe: accepted({ target: targetOf(endpoint, {}, `?${query}`) }),
      refused: false,
    })),
    anyBody.map((body) => ({
      mutation: 'another body',
      probe: accepted({ body }),
      refused: false,
    })),
    fc
      .option(
        fc.oneof(
          fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x'),
          fc.string({ maxLength: 40 }),
        ),
        { nil: undefined },
      )
      .map((type) => ({
        mutation: `Content-Type ${type ?? '(none)'}`,
        probe: accepted({ headers: withHeader(endpoint.headers, 'content-type', type) }),
        refused: false,
      })),
  ];
  if (params.length > 0) {
    mutations.push(
      fc.tuple(fc.constantFrom(...params), malformedSegment).map(([name, segment]) => ({
        mutation: `a malformed escape in :${name}`,
        probe: accepted({ target: targetOf(endpoint, { [name]: segment }) }),
        refused: true,
      })),
      fc
        .tuple(
          fc.constantFrom(...params),
          fc.string({ unit: targetChar, minLength: 1, maxLength: 40 }),
        )
        // `/`, `\\` (a separator to URL parsing), `?`, `#` and dot segments would make it another
        // path, which the request-target property covers.
        .filter(([, segment]) => !/[/\\?#]/.test(segment) && !/^\.{1,2}$/.test(segment))
        .map(([name, segment]) => ({
          mutation: `a strange :${name}`,
          probe: accepted({ target: targetOf(endpoint, { [name]: segment }) }),
          refused: false,
        })),
    );
  }
  if (readsBody) {
    mutations.push(
      deepJson.map((body) => ({ mutation: 'deep JSON', probe: accepted({ body }), refused: true })),
    );
    if (endpoint.body.startsWith('{')) {
      mutations.push(
        mutatedJson(endpoint.body).map((body) => ({
          mutation: 'a JSON field changed',
          probe: accepted({ body }),
          refused: false,
        })),
      );
    }
  }
  const credentials = wrongCredentials(endpoint, secrets);
  if (credentials) mutations.push(credentials);
  return fc.oneof(...mutations).map(printable);
}

/** Shows a counterexample short: a body nested 20,000 deep would fill the report. */
function printable(bad: BadRequest): BadRequest {
  const body = String(bad.probe.body ?? '');
  const shown = body.length > 300 ? `${body.slice(0, 300)}… (${body.length} chars)` : body;
  return Object.assign(bad, {
    [fc.toStringMethod]: () =>
      `${bad.mutation}: ${bad.probe.method} ${bad.probe.target} ${JSON.stringify(bad.probe.headers ?? {})} ${shown}`,
  });
}

/** Requests without the endpoint's credentials, or with wrong ones: each must be refused. */
function wrongCredentials(
  endpoint: FuzzEndpoint,
  secrets: string[],
): fc.Arbitrary<BadRequest> | undefined {
  const target = targetOf(endpoint);
  const probe = (headers: Record<string, string>, body = endpoint.body): ProbeRequest => ({
    method: endpoint.method,
    target,
    headers,
    body,
  });
  const notSecret = fc.string({ maxLength: 40 }).filter((text) => !secrets.includes(text));
  const refused = (mutation: string) => (request: ProbeRequest) => ({
    mutation,
    probe: request,
    refused: true,
  });
  if (endpoint.surface === 'control') {
    return fc
      .option(
        fc.oneof(
          notSecret.map((token) => `Bearer ${token}`),
          notSecret.map((text) => `Basic ${Buffer.from(text).toString('base64')}`),
          notSecret,
        ),
        { nil: undefined },
      )
      .map((authorization) => probe(withHeader(endpoint.headers, 'authorization', authorization)))
      .map(refused('wrong or missing bearer token'));
  }
  if (endpoint.surface === 'sentinel' && endpoint.method === 'POST') {
    const fields = new URLSearchParams(endpoint.body);
    return fc
      .oneof(
        notSecret.map((secret) => {
          const form = new URLSearchParams(fields);
          form.set('client_secret', secret);
          return probe(endpoint.headers, form.toString());
        }),
        fc.subarray(['client_id', 'client_secret', 'grant_type'], { minLength: 1 }).map((gone) => {
          const form = new URLSearchParams(fields);
          for (const name of gone) form.delete(name);
          return probe(endpoint.headers, form.toString());
        }),
        notSecret.map((text) =>
          probe(
            { ...endpoint.headers, authorization: `Basic ${Buffer.from(text).toString('base64')}` },
            'grant_type=client_credentials',
          ),
        ),
      )
      .map(refused('wrong or missing client credentials'));
  }
  if (endpoint.surface === 'login' && endpoint.name.endsWith('login')) {
    const { username } = JSON.parse(endpoint.body) as { username: string };
    return notSecret
      .map((password) => probe(endpoint.headers, JSON.stringify({ username, password })))
      .map(refused('a wrong password'));
  }
  if (endpoint.surface === 'login') {
    return notSecret
      .map((cookie) => probe({ ...endpoint.headers, cookie: `session_id=${cookie}` }))
      .map(refused('no live session cookie'));
  }
  return undefined;
}

function withHeader(
  headers: Record<string, string>,
  name: string,
  value: string | undefined,
): Record<string, string> {
  const copy = { ...headers };
  if (value === undefined) delete copy[name];
  else copy[name] = value;
  return copy;
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}
