import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { RunContext } from '../../harness/index.ts';
import { redacted } from '../../mocks/index.ts';
import type { EvidenceBody, EvidenceHeaders, HTTPEvidence } from '../../schemas/index.ts';

/**
 * What must never reach a report: the client secret, and, with a real Sentinel, the bearer and
 * its signature (an echoed signature next to a known header and payload rebuilds the token).
 * Tokens minted with the harness's own key are test material and stay visible where they help.
 */
export async function reportSecrets(context: RunContext): Promise<string[]> {
  const secrets: string[] = [];
  if (context.config.clientSecret) secrets.push(context.config.clientSecret);
  if (!context.minter) {
    const bearer = await context.bearer();
    secrets.push(bearer);
    const signature = bearer.split('.')[2];
    if (signature && signature.length >= 16) secrets.push(signature);
  }
  return secrets;
}

const scrub = (text: string, secrets: readonly string[]): string => {
  let out = text;
  for (const secret of secrets) if (secret) out = out.replaceAll(secret, redacted);
  return out;
};

const scrubBody = (body: EvidenceBody, secrets: readonly string[]): EvidenceBody => ({
  ...body,
  text: scrub(body.text, secrets),
});

const scrubHeaders = (headers: EvidenceHeaders, secrets: readonly string[]): EvidenceHeaders =>
  Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, scrub(value ?? '', secrets)]),
  );

/** HTTP evidence with every secret replaced by `[redacted]` (the bearer sent already is). */
export function redactEvidence(evidence: HTTPEvidence, secrets: readonly string[]): HTTPEvidence {
  if (secrets.length === 0) return evidence;
  const { request, response } = evidence;
  return {
    ...evidence,
    request: {
      ...request,
      headers: scrubHeaders(request.headers, secrets),
      ...(request.body ? { body: scrubBody(request.body, secrets) } : {}),
    },
    ...(response
      ? {
          response: {
            ...response,
            headers: scrubHeaders(response.headers, secrets),
            ...(response.body ? { body: scrubBody(response.body, secrets) } : {}),
          },
        }
      : {}),
    ...(evidence.error !== undefined ? { error: scrub(evidence.error, secrets) } : {}),
    curl: scrub(evidence.curl, secrets),
  };
}

/**
 * A token's header and claims for a note (never its signature), e.g.
 * `header {"alg":"RS256","kid":"k1"}, claims {"iss":"Sentinel",…}`.
 */
export function describeToken(token: string): string {
  try {
    return `header ${JSON.stringify(decodeProtectedHeader(token))}, claims ${JSON.stringify(decodeJwt(token))}`;
  } catch {
    return 'a token that does not decode as a JWT';
  }
}
