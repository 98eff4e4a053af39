import type {
  EvidenceBody,
  EvidenceHeaders,
  HTTPEvidence,
} from '../../schemas/generated/evidence.ts';

/**
 * The evidence record of one HTTP exchange between the mock Third-Party Bots engine and a
 * vendor (a Custom Endpoint or a FaaS URL): the `http` branch of `evidence.schema.json` without
 * its `kind` tag, with a mandatory attempt number. Secrets are redacted before it is built.
 */
export type VendorExchange = Omit<HTTPEvidence, 'kind' | 'attempt'> & { attempt: number };

/** Evidence bodies (and the bodies the engine parses) are cut here unless configured: 1 MiB. */
export const defaultBodyLimitBytes = 1024 * 1024;

/** What stands in for a secret in evidence. */
export const redacted = '[redacted]';

/** The shell variable the curl of an exchange reads the bearer from. */
export const curlTokenVariable = 'TOKEN';

/** Turns an exchange into evidence, as findings and reports carry it. */
export function exchangeEvidence(exchange: VendorExchange): HTTPEvidence {
  return { kind: 'http', ...exchange };
}

/**
 * Header names in lower case, multi-valued headers joined with ", ", `authorization` shown as
 * `Bearer [redacted]` (or `[redacted]` for another scheme), and every secret replaced in values.
 */
export function redactHeaders(
  headers: Record<string, string | string[] | number | undefined>,
  secrets: readonly string[] = [],
): EvidenceHeaders {
  const out: EvidenceHeaders = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const key = name.toLowerCase();
    const value = Array.isArray(raw) ? raw.join(', ') : String(raw);
    out[key] = isCredentialHeader(key) ? redactCredential(value) : scrub(value, secrets);
  }
  return out;
}

/** The text of a body we send (ours, so already whole), cut at the limit for the record. */
export function bodyEvidence(text: string, limitBytes: number, secrets: readonly string[] = []) {
  const bytes = Buffer.byteLength(text);
  const kept = bytes > limitBytes ? Buffer.from(text).subarray(0, limitBytes).toString() : text;
  return {
    text: scrub(kept, secrets),
    bytes,
    truncated: bytes > limitBytes,
  } satisfies EvidenceBody;
}

/**
 * Reads a body stream keeping at most `limitBytes`, while counting every byte: chunks past the
 * limit are dropped as they arrive, so a 50 MB answer never sits in memory whole. The caller's
 * timeout bounds how long it reads.
 */
export async function readCappedBody(
  stream: AsyncIterable<Uint8Array>,
  limitBytes: number,
): Promise<EvidenceBody> {
  const kept: Uint8Array[] = [];
  let keptBytes = 0;
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.byteLength;
    if (keptBytes < limitBytes) {
      const part = chunk.subarray(0, limitBytes - keptBytes);
      kept.push(part);
      keptBytes += part.byteLength;
    }
  }
  const text = new TextDecoder().decode(Buffer.concat(kept));
  return { text, bytes, truncated: bytes > keptBytes };
}

/** Replaces every occurrence of each secret in `text` with `[redacted]`. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.replaceAll(secret, redacted);
  return out;
}

export interface CurlRequest {
  method: string;
  url: string;
  /** As sent, before redaction; `authorization` is replaced by a shell variable. */
  headers: Record<string, string>;
  body?: EvidenceBody;
  timeoutMs?: number;
}

/**
 * A copy-pasteable curl command repeating a request. The bearer is never printed: the command
 * reads it from `$TOKEN`, so `TOKEN=<jwt> <command>` replays it exactly.
 *
 * @example
 * curlCommand({ method: 'GET', url, headers: { authorization: 'Bearer eyJ…' } });
 * // curl -sS -X GET 'http://127.0.0.1:4000/v1/…/state' -H "authorization: Bearer $TOKEN"
 */
export function curlCommand(request: CurlRequest, secrets: readonly string[] = []): string {
  const parts = ['curl -sS', `-X ${request.method}`, shellQuote(request.url)];
  if (request.timeoutMs !== undefined) {
    parts.push(`--max-time ${Math.max(1, Math.ceil(request.timeoutMs / 1000))}`);
  }
  for (const [name, value] of Object.entries(request.headers)) {
    const key = name.toLowerCase();
    if (isCredentialHeader(key)) {
      const scheme = /^(\S+)\s/.exec(value)?.[1] ?? 'Bearer';
      parts.push(`-H "${key}: ${scheme} $${curlTokenVariable}"`);
    } else {
      parts.push(`-H ${shellQuote(`${key}: ${scrub(value, secrets)}`)}`);
    }
  }
  if (request.body) {
    parts.push(`--data-raw ${shellQuote(request.body.text)}`);
    if (request.body.truncated) parts.push(`# body cut at ${request.body.text.length} characters`);
  }
  return parts.join(' ');
}

/** Single-quotes a word for POSIX shells. */
function shellQuote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

function isCredentialHeader(name: string): boolean {
  return name === 'authorization' || name === 'proxy-authorization';
}

function redactCredential(value: string): string {
  const scheme = /^(\S+)\s/.exec(value)?.[1];
  return scheme ? `${scheme} ${redacted}` : redacted;
}
