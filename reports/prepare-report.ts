import type {
  ControlTranscript,
  Evidence,
  EvidenceBody,
  EvidenceHeaders,
  Report,
  ReportTarget,
} from '../schemas/index.ts';
import type { ReportInput } from './report-input.ts';

// Evidence is redacted where it is built; this is the last line of defence, so that a secret
// that slipped through never reaches a file that gets attached to a CI run or a pull request.

const REDACTED = '[redacted]';

const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
  'x-access-token',
]);

const SECRET_KEYS =
  'client_secret|clientSecret|password|passwd|private_key|privateKey|access_token|accessToken|refresh_token|refreshToken|api_key|apiKey|assertion|id_token|controlToken';

/** `"client_secret": "…"` in JSON text. */
const JSON_SECRET = new RegExp(`("(?:${SECRET_KEYS})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'g');
/** `client_secret=…` in form bodies, query strings and shell commands. */
const FORM_SECRET = new RegExp(`((?:^|[?&\\s'"-])(?:${SECRET_KEYS})=)[^&\\s'"]+`, 'g');
/** `-H 'authorization: Bearer …'` in a curl command. */
const CURL_HEADER = new RegExp(
  `((?:-H|--header)\\s+(['"])(?:${[...SECRET_HEADERS].join('|')})\\s*:\\s*)([^'"]*)\\2`,
  'gi',
);
/** `-u user:password` in a curl command. */
const CURL_USER = /((?:-u|--user)\s+(['"]?)[^:'"\s]+:)[^'"\s]+\2/g;
/** `scheme://user:password@host`. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/:@\s'"]+:)[^/@\s'"]+@/gi;

/**
 * `Bearer $TPB_TOKEN`: a curl's credential read from a shell variable. It names no secret, and
 * the reader needs it to replay the request.
 */
const SHELL_VARIABLE_CREDENTIAL =
  /^(?:(?:Bearer|Basic|Digest|JWT|Token)\s+)?\$\{?[A-Za-z_]\w*\}?$/i;

function redactHeaderValue(value: string): string {
  if (value.includes(REDACTED) || SHELL_VARIABLE_CREDENTIAL.test(value)) return value;
  const scheme = /^(Bearer|Basic|Digest|JWT|Token)\s+/i.exec(value);
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}

/** Replaces secrets in free text: passwords in URLs, secret-named JSON keys and form fields. */
export function redactText(text: string): string {
  return text
    .replace(URL_PASSWORD, `$1${encodeURIComponent(REDACTED)}@`)
    .replace(JSON_SECRET, `$1"${REDACTED}"`)
    .replace(FORM_SECRET, `$1${encodeURIComponent(REDACTED)}`);
}

function redactCurl(curl: string): string {
  return redactText(
    curl
      .replace(CURL_HEADER, (_match, head: string, quote: string, value: string) => {
        return `${head}${redactHeaderValue(value)}${quote}`;
      })
      .replace(CURL_USER, `$1${REDACTED}$2`),
  );
}

function redactHeaders(headers: EvidenceHeaders): EvidenceHeaders {
  const out: EvidenceHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? redactHeaderValue(value) : value;
  }
  return out;
}

/** Cuts a body at `limit` bytes of UTF-8, on a character boundary. */
function limitBody(body: EvidenceBody, limit: number | undefined): EvidenceBody {
  const text = redactText(body.text);
  const encoded = new TextEncoder().encode(text);
  if (limit === undefined || encoded.length <= limit) return { ...body, text };
  let end = limit;
  // Back off over UTF-8 continuation bytes so that no character is cut in half.
  while (end > 0 && ((encoded[end] ?? 0) & 0xc0) === 0x80) end--;
  return {
    text: new TextDecoder().decode(encoded.subarray(0, end)),
    bytes: Math.max(body.bytes, encoded.length),
    truncated: true,
  };
}

function prepareEvidence(evidence: Evidence, limit: number | undefined): Evidence {
  if (evidence.kind !== 'http') return evidence;
  const { request, response } = evidence;
  return {
    ...evidence,
    request: {
      ...request,
      url: redactText(request.url),
      headers: redactHeaders(request.headers),
      ...(request.body ? { body: limitBody(request.body, limit) } : {}),
    },
    ...(response
      ? {
          response: {
            ...response,
            headers: redactHeaders(response.headers),
            ...(response.body ? { body: limitBody(response.body, limit) } : {}),
          },
        }
      : {}),
    curl: redactCurl(evidence.curl),
  };
}

function prepareTarget(target: ReportTarget): ReportTarget {
  switch (target.kind) {
    case 'custom-endpoint':
      return { ...target, baseUrl: redactText(target.baseUrl) };
    case 'faas':
      return { ...target, function: redactText(target.function) };
    case 'connector':
      return { ...target, command: redactText(target.command) };
    default:
      return target;
  }
}

/**
 * The report as every reporter writes it: secrets that slipped into the target or the evidence
 * replaced by `[redacted]`, and evidence bodies cut at `evidenceBodyLimitBytes`. Never mutates
 * its input.
 */
export function prepareReport(report: Report): Report {
  const limit = report.evidenceBodyLimitBytes;
  return {
    ...report,
    target: prepareTarget(report.target),
    results: report.results.map((finding) => ({
      ...finding,
      evidence: finding.evidence.map((evidence) => prepareEvidence(evidence, limit)),
    })),
  };
}

/** What every reporter renders: a `ReportInput` whose report is prepared, with nothing absent. */
export interface PreparedReport {
  readonly report: Report;
  readonly conversations: readonly ControlTranscript[];
  readonly ruleChecks: Readonly<Record<string, string>>;
}

/**
 * Prepares a reporter's input, once: the report goes through `prepare` (`prepareReport`, or
 * `checkReport`, which validates it as well), absent conversations and rule checks become empty.
 */
export function prepareInput(
  input: ReportInput,
  prepare: (report: Report) => Report = prepareReport,
): PreparedReport {
  return {
    report: prepare(input.report),
    conversations: input.conversations ?? [],
    ruleChecks: input.ruleChecks ?? {},
  };
}
