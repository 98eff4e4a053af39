import type { Evidence, EvidenceBody, EvidenceHeaders, ReportTarget } from '../schemas/index.ts';
import { bodyDisplayText, jsonText, truncationNote } from './evidence-text.ts';
import { clockTime, escapeHtml } from './html-text.ts';
import { formatDuration } from './target-description.ts';

/** The shell variable evidence curls read the bearer from (mocks' `curlTokenVariable`). */
const TOKEN_VARIABLE = '$TPB_TOKEN';

function headersHtml(headers: EvidenceHeaders): string {
  const lines = Object.entries(headers)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(
      ([name, value]) => `<span class="h-name">${escapeHtml(name)}:</span> ${escapeHtml(value)}`,
    );
  return lines.join('\n');
}

function bodyHtml(body: EvidenceBody | undefined): string {
  if (!body) return '';
  if (body.bytes === 0) return '\n\n<span class="trunc">(empty body)</span>';
  const note = truncationNote(body);
  return `\n\n${escapeHtml(bodyDisplayText(body))}${note ? `\n<span class="trunc">${escapeHtml(note)}</span>` : ''}`;
}

function statusClass(status: number): string {
  if (status < 300) return 'http-ok';
  if (status < 400) return 'http-redirect';
  if (status < 500) return 'http-client';
  return 'http-server';
}

/**
 * One piece of evidence as HTML: an HTTP exchange (with its curl and a copy button), a UMS frame,
 * an escalation or a note. `id` must be unique in the page; the copy button refers to it.
 */
export function renderEvidence(evidence: Evidence, id: string): string {
  switch (evidence.kind) {
    case 'http': {
      const { request, response, timing } = evidence;
      const status = response
        ? `<span class="http-status ${statusClass(response.status)}">${response.status}</span>`
        : '<span class="http-status http-server">no response</span>';
      const attempt =
        evidence.attempt && evidence.attempt > 1 ? ` · attempt ${evidence.attempt}` : '';
      return (
        '<div class="ev ev-http">' +
        `<div class="ev-head"><span class="ev-kind">HTTP</span><span class="method">${escapeHtml(request.method)}</span><span class="url">${escapeHtml(request.url)}</span>${status}<span class="muted">${escapeHtml(formatDuration(timing.durationMs))} · ${escapeHtml(clockTime(timing.startedAt))}${attempt}</span></div>` +
        (evidence.error ? `<div class="ev-error">${escapeHtml(evidence.error)}</div>` : '') +
        '<div class="ev-grid">' +
        `<section><h5>Request</h5><pre class="code">${escapeHtml(request.method)} ${escapeHtml(request.url)}\n${headersHtml(request.headers)}${bodyHtml(request.body)}</pre></section>` +
        (response
          ? `<section><h5>Response</h5><pre class="code">${response.status}\n${headersHtml(response.headers)}${bodyHtml(response.body)}</pre></section>`
          : '') +
        '</div>' +
        `<div class="curl"><div class="curl-head"><h5>Repeat with curl</h5><button type="button" class="copy" data-copy="${escapeHtml(id)}">Copy</button></div><pre class="code" id="${escapeHtml(id)}">${escapeHtml(evidence.curl)}</pre></div>` +
        '</div>'
      );
    }
    case 'ums': {
      const frame = evidence.frame;
      const type =
        typeof frame === 'object' && frame !== null && 'type' in frame
          ? String((frame as { type: unknown }).type)
          : 'frame';
      const arrow = evidence.direction === 'received' ? '→ mock (received)' : '← mock (sent)';
      return (
        '<div class="ev ev-ums">' +
        `<div class="ev-head"><span class="ev-kind">UMS</span><span class="method">${escapeHtml(type)}</span><span class="muted">${escapeHtml(arrow)}${evidence.connection ? ` · ${escapeHtml(evidence.connection)}` : ''} · ${escapeHtml(clockTime(evidence.at))}</span></div>` +
        `<pre class="code">${escapeHtml(jsonText(frame))}</pre>` +
        '</div>'
      );
    }
    case 'escalation':
      return (
        '<div class="ev ev-escalation">' +
        `<div class="ev-head"><span class="ev-kind">Escalation</span><code>${escapeHtml(evidence.code)}</code></div>` +
        `<p class="muted">conversation <code>${escapeHtml(evidence.conversationId)}</code> · errorId <code>${escapeHtml(evidence.errorId)}</code> · ${escapeHtml(clockTime(evidence.at))}</p>` +
        (evidence.detail ? `<p>${escapeHtml(evidence.detail)}</p>` : '') +
        '</div>'
      );
    case 'note':
      return `<div class="ev ev-note"><span class="ev-kind">Note</span> ${escapeHtml(evidence.text)}</div>`;
  }
}

/** Whether a curl of this evidence reads its bearer from `$TPB_TOKEN`. */
export function readsToken(evidence: readonly Evidence[]): boolean {
  return evidence.some((each) => each.kind === 'http' && each.curl.includes(TOKEN_VARIABLE));
}

/** A word as the shell reads it: bare when it is safe, else single-quoted. */
function shellWord(word: string): string {
  return /^[\w.:@/-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** Why `$TPB_TOKEN` can be minted, or how else to get one, by how the run authenticated. */
function tokenSource(target: ReportTarget): string {
  const auth = target.kind === 'custom-endpoint' ? target.auth : 'jwks';
  switch (auth) {
    case 'signing-key':
      return "Mint one with the run's claims from its key (<code>&lt;key&gt;</code>: the private key given as --signing-key):";
    case 'client-credentials':
      return "Set it to an access token from the run's --token-url (client credentials) or, for a bot that pins a key of your own:";
    case 'jwks':
      return "This run signed its tokens with the mock Sentinel's key, gone with the run: pin a key of your own in the bot (<code>npx tpb-conformance keys generate</code>), then:";
  }
}

/**
 * How to set `$TPB_TOKEN` before pasting a curl: `tpb-conformance token` with the run's claims
 * (its key id, account and client), from the run's key or one the reader's bot pins.
 */
export function renderTokenNote(target: ReportTarget): string {
  const flags =
    target.kind === 'custom-endpoint'
      ? [
          ...(target.auth === 'signing-key' && target.keyId ? ['--key-id', target.keyId] : []),
          '--account-id',
          target.accountId,
          ...(target.clientId ? ['--client-id', target.clientId] : []),
        ]
      : [];
  const command = `export TPB_TOKEN=$(npx tpb-conformance token --signing-key <key>${flags.map((flag) => ` ${shellWord(flag)}`).join('')})`;
  return `<p class="curl-note">The curls read the bearer from <code>${TOKEN_VARIABLE}</code>. ${tokenSource(target)} <code class="token-command">${escapeHtml(command)}</code></p>`;
}
