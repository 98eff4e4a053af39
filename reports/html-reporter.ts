import { createHash } from 'node:crypto';
import type { Finding, FindingStatus, Report } from '../schemas/index.ts';
import { coverageText, failsAsWarning, failsRun, verdictReason } from './finding-outcome.ts';
import { readsToken, renderEvidence, renderTokenNote } from './html-evidence.ts';
import { renderLoadSection } from './html-load-charts.ts';
import { htmlReportScript } from './html-report-script.ts';
import { htmlReportStyle } from './html-report-style.ts';
import { escapeHtml, escapeWithCode, jsonForScript } from './html-text.ts';
import { renderConversation } from './html-transcript.ts';
import { type PreparedReport, prepareInput } from './prepare-report.ts';
import type { ReportInput } from './report-input.ts';
import type { Reporter } from './reporter.ts';
import { ruleGroup } from './rule-group.ts';
import { formatDuration } from './target-description.ts';

const STATUS_FILTERS: { status: FindingStatus; label: string }[] = [
  { status: 'fail', label: 'Failed' },
  { status: 'pass-with-warning', label: 'Warnings' },
  { status: 'pass', label: 'Passed' },
  { status: 'info', label: 'Info' },
  { status: 'skipped', label: 'Skipped' },
];

/**
 * What the catalogue says of a rule beside its check: a short title and the LivePerson
 * documentation its source rows cite. Read as optional, so that a report without them renders.
 */
interface RuleDocs {
  title?: string;
  docs?: readonly string[];
}

/** Only LivePerson's own documentation becomes a link; anything else stays text. */
const DOCS_LINK = /^https:\/\/(?:[a-z0-9-]+\.)*liveperson\.com\//i;

const STATUS_RANK: Record<FindingStatus, number> = {
  fail: 1,
  'pass-with-warning': 2,
  pass: 3,
  skipped: 4,
  info: 5,
};

/**
 * Where a finding is listed: what fails the run first, then failed SHOULD and INFO rules and
 * passes with a warning, then passes, skips and measurements. The sort is stable, so the run's
 * order holds within each rank.
 */
function listRank(finding: Finding, strict: boolean): number {
  return failsRun(finding, strict) ? 0 : STATUS_RANK[finding.status];
}

interface Badge {
  label: string;
  className: string;
  title: string;
}

function badgeOf(finding: Finding, strict: boolean): Badge {
  switch (finding.status) {
    case 'pass':
      return { label: 'Pass', className: 'badge-pass', title: 'Passed' };
    case 'pass-with-warning':
      return { label: 'Warning', className: 'badge-warn', title: 'Passed with a warning' };
    case 'info':
      return { label: 'Info', className: 'badge-info', title: 'A measurement; never fails' };
    case 'skipped':
      return { label: 'Skipped', className: 'badge-skip', title: 'Not run: see the message' };
    case 'fail':
      if (failsRun(finding, strict)) {
        return { label: 'Fail', className: 'badge-fail', title: 'Fails the run' };
      }
      return finding.level === 'SHOULD'
        ? {
            label: 'Fail · warn',
            className: 'badge-should',
            title: 'A failed SHOULD rule: a warning, which fails the run only under --strict',
          }
        : { label: 'Fail · info', className: 'badge-info', title: 'INFO rules never fail the run' };
  }
}

function dlItem(term: string, value: string, wide = false): string {
  return `<div${wide ? ' class="wide"' : ''}><dt>${escapeHtml(term)}</dt><dd>${value}</dd></div>`;
}

function targetItems(report: Report): string[] {
  const { target } = report;
  const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
  switch (target.kind) {
    case 'custom-endpoint':
      return [
        dlItem('Target', `Custom Endpoint${target.builtIn ? ' (built-in example bot)' : ''}`),
        dlItem('Base URL', code(target.baseUrl)),
        dlItem('Bot', code(target.botId)),
        dlItem('Environment', code(target.environment)),
        dlItem('Account', code(target.accountId)),
        dlItem(
          'Authentication',
          escapeHtml(
            [
              target.auth,
              target.clientId ? `client ${target.clientId}` : '',
              target.keyId ? `key ${target.keyId}` : '',
            ]
              .filter(Boolean)
              .join(' · '),
          ),
        ),
      ];
    case 'faas':
      return [dlItem('Target', 'LivePerson Function'), dlItem('Function', code(target.function))];
    case 'connector':
      return [dlItem('Target', 'UMS connector'), dlItem('Command', code(target.command), true)];
  }
}

function renderVerdict(report: Report): string {
  const started = report.startedAt.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
  const items = [
    ...targetItems(report),
    dlItem('Started', escapeHtml(started)),
    dlItem('Duration', escapeHtml(formatDuration(report.durationMs))),
    dlItem('Coverage', escapeHtml(coverageText(report.coverage))),
    ...(report.conversationType
      ? [dlItem('Conversation type', escapeHtml(report.conversationType))]
      : []),
    dlItem(
      'Mode',
      report.strict
        ? '--strict: failed SHOULD rules fail the run'
        : 'Standard: failed SHOULD rules are warnings',
    ),
  ];
  return (
    `<section class="panel verdict verdict-${report.verdict}" aria-label="Verdict">` +
    `<div class="verdict-badge"><span class="verdict-label">Verdict</span><span class="verdict-word" id="verdict">${report.verdict.toUpperCase()}</span><span class="verdict-why">${escapeHtml(verdictReason(report))}</span></div>` +
    `<dl class="target">${items.join('')}</dl>` +
    '</section>'
  );
}

function renderCounts(report: Report): string {
  const { summary } = report;
  // Each card filters the rule list to its status; the total card shows every rule again.
  const cards: [string, number, string, FindingStatus | ''][] = [
    ['total', summary.total, 'Rules checked', ''],
    ['fail', summary.failed, 'Failed', 'fail'],
    ['warn', summary.warnings, 'Passed with warning', 'pass-with-warning'],
    ['pass', summary.passed, 'Passed', 'pass'],
    ['skip', summary.skipped, 'Skipped', 'skipped'],
    ['info', summary.info, 'Info', 'info'],
  ];
  const softFails = report.results.filter(
    (finding) => finding.level === 'SHOULD' && failsAsWarning(finding, report.strict),
  ).length;
  const note =
    softFails > 0
      ? `<p class="note">${softFails} failed SHOULD rule${softFails === 1 ? ' is' : 's are'} counted under Failed but ${softFails === 1 ? 'does' : 'do'} not change the verdict; run with --strict to fail on ${softFails === 1 ? 'it' : 'them'}.</p>`
      : '';
  return `<div class="counts">${cards
    .map(
      ([kind, n, label, status]) =>
        `<button type="button" class="panel count count-${kind}" data-show="${status}" aria-pressed="false" title="${status ? `Show only: ${escapeHtml(label)}` : 'Show every rule'}"><span class="n">${n}</span><span class="l">${escapeHtml(label)}</span></button>`,
    )
    .join('')}</div>${note}`;
}

function renderDocs(docs: readonly string[] | undefined): string {
  if (!docs?.length) return '';
  const items = docs.map((url) =>
    DOCS_LINK.test(url)
      ? `<li><a class="doc-link" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(url)}</a></li>`
      : `<li><code>${escapeHtml(url)}</code></li>`,
  );
  return `<div class="docs"><h5>LivePerson docs</h5><ul>${items.join('')}</ul></div>`;
}

function renderDetail(
  finding: Finding,
  check: string | undefined,
  index: number,
  tokenNote: string,
): string {
  // The row above already shows the message; the detail adds what explains it.
  const parts: string[] = [];
  if (check) {
    parts.push(
      `<p class="check-text"><strong>Rule ${escapeHtml(finding.ruleId)} (${escapeHtml(finding.level)}):</strong> ${escapeWithCode(check)}</p>`,
    );
  }
  const docs = renderDocs((finding as Finding & RuleDocs).docs);
  if (docs) parts.push(docs);
  if (finding.expected !== undefined || finding.actual !== undefined) {
    parts.push(
      '<div class="ea">' +
        `<div class="exp"><h5>Expected</h5>${escapeWithCode(finding.expected ?? '—')}</div>` +
        `<div class="act"><h5>Actual</h5>${escapeWithCode(finding.actual ?? '—')}</div>` +
        '</div>',
    );
  }
  if (finding.warnings?.length) {
    parts.push(
      `<div><h5>Warnings</h5><ul class="warnings">${finding.warnings
        .map((warning) => `<li>${escapeWithCode(warning)}</li>`)
        .join('')}</ul></div>`,
    );
  }
  if (readsToken(finding.evidence)) parts.push(tokenNote);
  parts.push(
    finding.evidence.length > 0
      ? `<div><h5>Evidence (${finding.evidence.length})</h5>${finding.evidence
          .map((evidence, n) => renderEvidence(evidence, `ev-${index}-${n}`))
          .join('')}</div>`
      : '<p class="muted">No evidence recorded.</p>',
  );
  return `<div class="detail-body">${parts.join('')}</div>`;
}

function renderRules(report: Report, checks: Readonly<Record<string, string>>): string {
  const groups = [...new Set(report.results.map((finding) => ruleGroup(finding.ruleId)))];
  const chips = STATUS_FILTERS.map(({ status, label }) => {
    const n = report.results.filter((finding) => finding.status === status).length;
    return `<label class="chip"><input type="checkbox" name="status" value="${status}" checked> ${escapeHtml(label)} <span class="chip-n">${n}</span></label>`;
  }).join('');
  const options = groups
    .map((group) => `<option value="${escapeHtml(group)}">${escapeHtml(group)}</option>`)
    .join('');
  const tokenNote = renderTokenNote(report.target);
  // Ids keep the run's order (`detail-2` is the run's third finding) while the list leads with
  // what failed.
  const listed = report.results
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => listRank(a.finding, report.strict) - listRank(b.finding, report.strict));
  const rows = listed.map(({ finding, index }) => {
    const group = ruleGroup(finding.ruleId);
    const check = checks[finding.ruleId];
    const { title } = finding as Finding & RuleDocs;
    const badge = badgeOf(finding, report.strict);
    const search = [finding.ruleId, title, group, finding.message, check]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    const detailId = `detail-${index}`;
    const ruleId = escapeHtml(finding.ruleId);
    return (
      `<tr class="rule" id="rule-${ruleId}" data-status="${finding.status}" data-group="${escapeHtml(group)}" data-fails="${failsRun(finding, report.strict)}" data-search="${escapeHtml(search)}" data-detail="${detailId}">` +
      `<td><span class="badge ${badge.className}" title="${escapeHtml(badge.title)}">${escapeHtml(badge.label)}</span></td>` +
      // The toggle carries the bare rule ID, so that index.html#CE-STATE-02 leads to it.
      `<td><button type="button" class="toggle" id="${ruleId}" aria-expanded="false" aria-controls="${detailId}">${ruleId}</button><button type="button" class="permalink" data-rule="${ruleId}" title="Link to this rule: #${ruleId}" aria-label="Link to ${ruleId}">#</button>${title ? `<div class="rule-title">${escapeHtml(title)}</div>` : ''}<div class="group">${escapeHtml(group)}</div></td>` +
      `<td><span class="level level-${finding.level}">${finding.level}</span></td>` +
      `<td><div class="result-msg">${escapeWithCode(finding.message)}</div>${check ? `<div class="result-check">${escapeWithCode(check)}</div>` : ''}</td>` +
      `<td class="num">${finding.durationMs === undefined ? '—' : escapeHtml(formatDuration(finding.durationMs))}</td>` +
      '</tr>' +
      `<tr class="detail" id="${detailId}"><td colspan="5">${renderDetail(finding, check, index, tokenNote)}</td></tr>`
    );
  });
  return (
    '<section aria-labelledby="rules-title">' +
    `<div class="section-head"><h2 id="rules-title">Rules</h2><span class="muted" id="shown-count">${report.results.length} rules</span></div>` +
    '<div class="panel">' +
    '<div class="filters">' +
    `<fieldset><legend>Status</legend>${chips}</fieldset>` +
    `<label class="select">Group <select id="group-filter"><option value="">All groups</option>${options}</select></label>` +
    '<input type="search" id="rule-search" placeholder="Search rules and messages" aria-label="Search rules and messages">' +
    '<span class="spacer"></span>' +
    '<button type="button" class="btn" id="expand-all" aria-pressed="false">Expand all</button>' +
    '</div>' +
    '<table class="rules"><colgroup><col class="c-status"><col class="c-rule"><col class="c-level"><col><col class="c-time"></colgroup>' +
    '<thead><tr><th>Status</th><th>Rule</th><th>Level</th><th>Result</th><th class="num">Time</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>` +
    '<p class="empty" id="no-match" hidden>No rule matches these filters.</p>' +
    '</div></section>'
  );
}

const sha256 = (text: string): string =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * index.html: one self-contained page (inline CSS and JS, no request of any kind) with the
 * verdict, count cards that filter, a rule table that leads with what failed (each rule's
 * evidence expandable, each reachable as index.html#RULE-ID), and each conversation as a chat.
 * Every candidate string is escaped, and the report JSON is embedded for tools to read.
 */
function renderHtml({ report, ruleChecks: checks, conversations }: PreparedReport): string {
  const verdict = report.verdict.toUpperCase();
  // Only this style and this script may run: injected markup could neither execute nor fetch.
  const csp = [
    "default-src 'none'",
    `style-src ${sha256(htmlReportStyle)}`,
    `script-src ${sha256(htmlReportScript)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const conversationSection =
    conversations.length > 0
      ? `<section aria-labelledby="conversations-title"><div class="section-head"><h2 id="conversations-title">Conversations</h2><span class="muted">${conversations.length} conversation${conversations.length === 1 ? '' : 's'}</span></div><div class="conversations-grid">${conversations
          .map(renderConversation)
          .join('')}</div></section>`
      : '';
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${verdict} · ${escapeHtml(report.tool.name)} report</title>`,
    `<style>${htmlReportStyle}</style>`,
    '</head>',
    '<body>',
    `<header class="topbar"><div class="wrap"><div class="brand">${escapeHtml(report.tool.name)}<span>${escapeHtml(report.tool.version)} · Third-Party Bot conformance report</span></div></div></header>`,
    '<main class="wrap">',
    renderVerdict(report),
    `<section aria-label="Counts">${renderCounts(report)}</section>`,
    report.load ? renderLoadSection(report.load) : '',
    renderRules(report, checks),
    conversationSection,
    `<footer>Generated by ${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)}. This page is self-contained and loads nothing from the network; the full report.json is embedded in it (script#report-data).</footer>`,
    '</main>',
    `<script type="application/json" id="report-data">${jsonForScript(report)}</script>`,
    `<script>${htmlReportScript}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export const htmlReporter = { fileName: 'index.html', render: renderHtml } satisfies Reporter;

/** index.html of a report not yet prepared (`htmlReporter` renders a prepared one). */
export function renderHtmlReport(input: ReportInput): string {
  return renderHtml(prepareInput(input));
}
