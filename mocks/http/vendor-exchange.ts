import type { EvidenceBody, EvidenceHeaders, HTTPEvidence } from '../../schemas/index.ts';

/**
 * The evidence record of one HTTP exchange between the mock Third-Party Bots engine and a
 * vendor (a Custom Endpoint or a FaaS URL): the `http` branch of `evidence.schema.json` without
 * its `kind` tag, with a mandatory attempt number. Secrets are redacted before it is built.
 */
export type VendorExchange = Omit<HTTPEvidence, 'kind' | 'attempt'> & { attempt: number };

/**
 * The most of a body that is read, unless configured: 1 MiB. Reading stops past it, so a 50 MB
 * answer never sits in memory; a body cut here is not parsed (decision 0015).
 */
export const defaultBodyLimitBytes = 1024 * 1024;

/** The most of a body kept as evidence: 64 KiB, cut with a note (`truncated`, `bytes`). */
export const evidenceBodyLimitBytes = 64 * 1024;

/** What stands in for a secret in evidence. */
export const redacted = '[redacted]';

/**
 * The shell variable the curl of an exchange reads the bearer from: the one
 * `export TPB_TOKEN=$(npx tpb-conformance token --signing-key private.pem)` sets.
 */
export const curlTokenVariable = 'TPB_TOKEN';

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

/** The text of a body we send (ours, so already whole), cut for the record. */
export function bodyEvidence(text: string, secrets: readonly string[] = []): EvidenceBody {
  return evidenceOf({ text, bytes: Buffer.byteLength(text), truncated: false }, secrets);
}

/**
 * A body as evidence: secrets scrubbed from the whole text first (so none survives half cut),
 * then cut at `evidenceBodyLimitBytes`. `bytes` stays the size as received.
 */
export function evidenceOf(body: EvidenceBody, secrets: readonly string[]): EvidenceBody {
  const text = scrub(body.text, secrets);
  if (Buffer.byteLength(text) <= evidenceBodyLimitBytes) return { ...body, text };
  // Cut on a character boundary: a partial UTF-8 sequence at the end is dropped by the decoder.
  const cut = new TextDecoder().decode(Buffer.from(text).subarray(0, evidenceBodyLimitBytes), {
    stream: true,
  });
  return { ...body, text: cut, truncated: true };
}

/**
 * Reads a body stream keeping at most `limitBytes`: reading stops (and the stream is released)
 * at the first chunk past the limit, so a 50 MB answer never sits in memory whole. Bytes that are
 * not UTF-8 are decoded as U+FFFD and flagged: such a body is not JSON (decision 0015).
 * `onChunk` sees every chunk as it arrives, before the limit is applied: a caller keeping what
 * arrived for evidence uses it rather than wrapping the stream in a generator of its own, which
 * cost a second async iterator per response (decision 0018).
 */
export async function readCappedBody(
  stream: AsyncIterable<Uint8Array>,
  limitBytes: number,
  onChunk?: (chunk: Uint8Array) => void,
): Promise<EvidenceBody> {
  const kept: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    onChunk?.(chunk);
    bytes += chunk.byteLength;
    kept.push(
      bytes > limitBytes ? chunk.subarray(0, chunk.byteLength - (bytes - limitBytes)) : chunk,
    );
    if (bytes > limitBytes) break;
  }
  const raw = Buffer.concat(kept);
  const truncated = bytes > limitBytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(raw), bytes, truncated };
  } catch {
    return { text: new TextDecoder().decode(raw), bytes, truncated, invalidUtf8: true };
  }
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
 * reads it from `$TPB_TOKEN`, which `tpb-conformance token` mints from the run's key.
 *
 * @example
 * curlCommand({ method: 'GET', url, headers: { authorization: 'Bearer eyJ…' } });
 * // curl -sS -X GET 'http://127.0.0.1:4000/v1/…/state' -H "authorization: Bearer $TPB_TOKEN"
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
