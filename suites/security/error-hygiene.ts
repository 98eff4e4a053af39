/**
 * SEC-12 and SEC-13: the error responses to every attack of the run (SEC-01 … SEC-11, SEC-14),
 * and every other error response the candidate sent in the run (to the harness and to the
 * engine), must not echo the bearer, a client secret or key material, nor show a stack trace or a
 * server file path.
 * @see custom-endpoint.md §9
 */

import {
  type Check,
  customEndpointTarget,
  fail,
  type ObservedErrorResponse,
  pass,
  passOrWarn,
  type RunContext,
  skipped,
} from '../../harness/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import { directHttp, noDirectHttp, redactEvidence } from '../custom-endpoint-auth/index.ts';
import { type AttackResult, allAttackRuns, type RuleRun } from './attack-run.ts';
import { runErrorResponses } from './run-error-responses.ts';

/** One error response of the run, with what it answered. */
export interface ErrorExchange {
  ruleId: string;
  attack: AttackResult['attack'];
  answer: AttackResult['answers'][number];
  /** Body and header values as received (not redacted: that is what is inspected). */
  text: string;
}

/** Every answer with a status of 400 or more to an attack of the run. */
export function errorExchanges(runs: readonly RuleRun[]): ErrorExchange[] {
  return runs.flatMap((run) =>
    run.results.flatMap((result) =>
      result.answers
        .filter((answer) => (answer.response.status ?? 0) >= 400)
        .map((answer) => ({
          ruleId: run.ruleId,
          attack: result.attack,
          answer,
          text: [answer.response.text, ...Object.values(answer.response.headers)].join('\n'),
        })),
    ),
  );
}

/**
 * Findings grouped by attack: `SEC-02 non-JWT string (E1 401, E2 401) echoes the bearer token`.
 */
function grouped(entries: ReadonlyArray<{ exchange: ErrorExchange; what: string }>): string[] {
  const groups = new Map<string, string[]>();
  for (const { exchange, what } of entries) {
    const key = `${exchange.ruleId} ${exchange.attack.name}\u0000${what}`;
    const routes = groups.get(key) ?? [];
    routes.push(`${exchange.answer.route} ${exchange.answer.response.status}`);
    groups.set(key, routes);
  }
  return [...groups].map(([key, routes]) => {
    const [attack, what] = key.split('\u0000');
    return `${attack} (${routes.join(', ')}) ${what}`;
  });
}

function listed(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join('; ');
  return items.length > max ? `${shown}; and ${items.length - max} more` : shown;
}

/** What one error response leaks, as names (never the values). */
export function leaksOf(exchange: ErrorExchange, secrets: LeakSecrets): string[] {
  const found: string[] = [];
  const token = exchange.attack.credentials.token;
  if (token && token.length >= 8 && exchange.text.includes(token)) found.push('the bearer token');
  else if (secrets.validToken && exchange.text.includes(secrets.validToken)) {
    found.push('a valid bearer token');
  }
  if (secrets.clientSecrets.some((secret) => exchange.text.includes(secret))) {
    found.push('the client secret');
  }
  if (/-----BEGIN [A-Z0-9 ]+-----/.test(exchange.text)) found.push('a PEM block (key material)');
  if (secrets.modulus.some((n) => exchange.text.includes(n))) {
    found.push("the signing key's modulus (JWK n)");
  }
  return found;
}

/**
 * What one error response outside the attacks leaks, as names. Its text has the request's own
 * bearer redacted already; whether it was there was seen before (`echoedBearer`).
 */
function otherLeaksOf(
  response: ObservedErrorResponse,
  secrets: LeakSecrets,
  attackTokens: readonly string[],
): string[] {
  const found: string[] = [];
  const { text } = response;
  if (response.echoedBearer) found.push('the bearer token');
  else if (secrets.validToken && text.includes(secrets.validToken))
    found.push('a valid bearer token');
  else if (attackTokens.some((token) => text.includes(token))) found.push('a bearer token');
  if (secrets.clientSecrets.some((secret) => text.includes(secret)))
    found.push('the client secret');
  if (/-----BEGIN [A-Z0-9 ]+-----/.test(text)) found.push('a PEM block (key material)');
  if (secrets.modulus.some((n) => text.includes(n)))
    found.push("the signing key's modulus (JWK n)");
  return found;
}

/** What SEC-12 looks for. */
export interface LeakSecrets {
  /** The run's valid bearer. */
  validToken?: string;
  clientSecrets: string[];
  /** `n` of the keys the candidate trusts. */
  modulus: string[];
}

async function leakSecrets(context: RunContext): Promise<LeakSecrets> {
  const modulus = new Set<string>();
  if (context.minter) {
    for (const key of context.cloud.sentinel.jwks().keys) modulus.add(key.n);
  }
  const clientSecrets = [context.config.clientSecret].filter(
    (secret): secret is string => typeof secret === 'string' && secret.length >= 4,
  );
  return { validToken: await context.bearer(), clientSecrets, modulus: [...modulus] };
}

/** Patterns of stack traces and server file paths, each with the name a message gives it. */
export const disclosurePatterns: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  {
    name: 'a JavaScript stack frame',
    pattern:
      /\bat\s+(?:async\s+)?(?:[^\s()]+\s+)?\(?(?:file:\/\/|node:|\/|[A-Z]:\\)[^\s()]*:\d+:\d+\)?/,
  },
  {
    name: 'a JavaScript stack frame',
    pattern: /\bat\s+(?:async\s+)?(?:[^\s()]+\s+)?\(?[^\s()]+\.(?:[cm]?[jt]s|[jt]sx):\d+:\d+\)?/,
  },
  { name: 'a Java stack frame', pattern: /\bat\s+[\w$.]+\([\w$]+\.(?:java|kt|scala):\d+\)/ },
  {
    name: 'a Python traceback',
    pattern: /Traceback \(most recent call last\)|File "[^"]+", line \d+/,
  },
  { name: 'a .NET stack frame', pattern: /\bat\s+[\w.`<>]+\(.*\)\s+in\s+\S+:line\s+\d+/ },
  { name: 'a Go panic trace', pattern: /goroutine \d+ \[running\]/ },
  { name: 'a PHP stack trace', pattern: /Stack trace:\s*(?:\\n)?\s*#0/ },
  {
    name: 'a server file path',
    pattern:
      /(?:^|[\s"'(=:,[])\/(?:home|Users|root|usr|opt|var|srv|tmp|proc|etc)\/[\w.-]+|node_modules|site-packages|file:\/\/\//,
  },
  { name: 'a Windows file path', pattern: /(?<![A-Za-z])[A-Z]:\\{1,2}[A-Za-z]/ },
];

/** The disclosures found in one error response: `a JavaScript stack frame ("at x (/a.js:1:2)")`. */
export function disclosuresOf(text: string, secrets: readonly string[] = []): string[] {
  const found = new Map<string, string>();
  for (const { name, pattern } of disclosurePatterns) {
    if (found.has(name)) continue;
    const match = pattern.exec(text);
    if (match) found.set(name, scrubbed(match[0].trim(), secrets));
  }
  return [...found].map(([name, excerpt]) => `${name} (${JSON.stringify(excerpt.slice(0, 80))})`);
}

const scrubbed = (text: string, secrets: readonly string[]): string =>
  secrets.reduce((out, secret) => (secret ? out.replaceAll(secret, '[redacted]') : out), text);

const exchangeEvidence = (exchanges: readonly ErrorExchange[], secrets: readonly string[]) =>
  exchanges
    .slice(0, 8)
    .map((exchange) => redactEvidence(exchange.answer.response.evidence, secrets));

function countNote(
  runs: readonly RuleRun[],
  inspected: number,
  others: { responses: readonly unknown[]; dropped: number },
): Evidence {
  const skippedRules = runs
    .filter((run) => run.skippedReason !== undefined)
    .map((run) => run.ruleId);
  return {
    kind: 'note',
    text: `Inspected ${inspected} error responses to the attacks of ${runs
      .filter((run) => run.skippedReason === undefined)
      .map((run) => run.ruleId)
      .join(
        ', ',
      )}${skippedRules.length > 0 ? ` (not made: ${skippedRules.join(', ')})` : ''}, and ${others.responses.length} other error responses of the run (to the harness's other calls and to the engine)${others.dropped > 0 ? `; ${others.dropped} more were not kept` : ''}.`,
  };
}

export const noSecretEchoCheck: Check = {
  ruleId: 'SEC-12',
  async run(context: RunContext) {
    if (!directHttp(context)) return skipped(noDirectHttp('SEC-12'));
    const runs = await allAttackRuns(context);
    const exchanges = errorExchanges(runs);
    const secrets = await leakSecrets(context);
    const reportSecrets = runs[0]?.target.secrets ?? [];
    const leaking = exchanges
      .map((exchange) => ({ exchange, leaks: leaksOf(exchange, secrets) }))
      .filter((entry) => entry.leaks.length > 0);
    const others = runErrorResponses(context, runs);
    const tokens = [
      ...new Set(exchanges.flatMap((exchange) => exchange.attack.credentials.token ?? [])),
    ].filter((token) => token.length >= 8);
    const otherLeaks = others.responses
      .map((response) => ({ response, leaks: otherLeaksOf(response, secrets, tokens) }))
      .filter((entry) => entry.leaks.length > 0);
    const note = countNote(runs, exchanges.length, others);
    if (leaking.length + otherLeaks.length > 0) {
      const found = [
        ...grouped(
          leaking.map((entry) => ({
            exchange: entry.exchange,
            what: `echoes ${entry.leaks.join(' and ')}`,
          })),
        ),
        ...otherLeaks.map((entry) => `${entry.response.label} echoes ${entry.leaks.join(' and ')}`),
      ];
      const total = exchanges.length + others.responses.length;
      return fail(
        `SEC-12: expected no error response to echo the bearer token, a client secret or key material, got ${leaking.length + otherLeaks.length} of ${total} that do: ${listed(found)}. Answer errors with a short fixed message such as {"error":"invalid token"}; never echo the Authorization header, secrets or keys (the evidence shows echoed tokens as [redacted]). See custom-endpoint.md §9.`,
        {
          expected: 'error responses without tokens, secrets or key material',
          actual: `${leaking.length + otherLeaks.length} leaking error responses`,
          evidence: [
            ...exchangeEvidence(
              leaking.map((entry) => entry.exchange),
              reportSecrets,
            ),
            ...otherLeaks
              .slice(0, 8)
              .map((entry) =>
                redactEvidence(entry.response.evidence, [...reportSecrets, ...tokens]),
              ),
            note,
          ],
        },
      );
    }
    return pass(
      exchanges.length + others.responses.length === 0
        ? 'SEC-12: the candidate sent no error response in the whole run, so none could echo a secret (the attack rules SEC-01 … SEC-10 judge the acceptance).'
        : `SEC-12: none of the ${exchanges.length} error responses to the attacks, nor the ${others.responses.length} other error responses of the run, echoes a token, a client secret or key material.`,
      [note],
    );
  },
};

export const noStackTraceCheck: Check = {
  ruleId: 'SEC-13',
  async run(context: RunContext) {
    if (!directHttp(context)) return skipped(noDirectHttp('SEC-13'));
    const runs = await allAttackRuns(context);
    const exchanges = errorExchanges(runs);
    const reportSecrets = runs[0]?.target.secrets ?? [];
    const tokens = exchanges.flatMap((exchange) =>
      exchange.attack.credentials.token ? [exchange.attack.credentials.token] : [],
    );
    const disclosing = exchanges
      .map((exchange) => ({
        exchange,
        found: disclosuresOf(exchange.text, [...reportSecrets, ...tokens]),
      }))
      .filter((entry) => entry.found.length > 0);
    const others = runErrorResponses(context, runs);
    const otherDisclosing = others.responses
      .map((response) => ({
        response,
        found: disclosuresOf(response.text, [...reportSecrets, ...tokens]),
      }))
      .filter((entry) => entry.found.length > 0);
    const note = countNote(runs, exchanges.length, others);
    if (disclosing.length + otherDisclosing.length > 0) {
      const found = [
        ...grouped(
          disclosing.map((entry) => ({
            exchange: entry.exchange,
            what: `shows ${entry.found.join(' and ')}`,
          })),
        ),
        ...otherDisclosing.map(
          (entry) => `${entry.response.label} shows ${entry.found.join(' and ')}`,
        ),
      ];
      const count = disclosing.length + otherDisclosing.length;
      return fail(
        `SEC-13: expected no error response to contain a stack trace or a server file path, got ${count} of ${exchanges.length + others.responses.length} that do: ${listed(found)}. Catch errors, log the details on the server and answer a short fixed message. See custom-endpoint.md §9.`,
        {
          expected: 'error responses without stack traces or file paths',
          actual: `${count} error responses with stack traces or file paths`,
          evidence: [
            ...exchangeEvidence(
              disclosing.map((entry) => entry.exchange),
              reportSecrets,
            ),
            ...otherDisclosing
              .slice(0, 8)
              .map((entry) =>
                redactEvidence(entry.response.evidence, [...reportSecrets, ...tokens]),
              ),
            note,
          ],
        },
      );
    }
    // Closing a kept-alive socket right after an error, without `Connection: close`, makes the
    // client's next request on it fail; the harness sent those again (decision 0009).
    const resets = customEndpointTarget(context.target)?.http.resets ?? [];
    if (resets.length > 0) {
      return passOrWarn(
        `SEC-13: none of the ${exchanges.length + others.responses.length} error responses of the run shows a stack trace or a server file path.`,
        [
          `The server closed ${resets.length} kept-alive connections right after a response without saying "Connection: close": the next request on each died before any answer, and the harness sent it again on a fresh connection, as LivePerson's client does. Send "Connection: close" when you close a connection after an error.`,
        ],
        [note, ...resets.slice(0, 3).flatMap((reset) => [reset.first, reset.retried])],
      );
    }
    return pass(
      exchanges.length + others.responses.length === 0
        ? 'SEC-13: the candidate sent no error response in the whole run, so none could show a stack trace (the attack rules SEC-01 … SEC-10 judge the acceptance).'
        : `SEC-13: none of the ${exchanges.length} error responses to the attacks, nor the ${others.responses.length} other error responses of the run, shows a stack trace or a server file path.`,
      [note],
    );
  },
};
