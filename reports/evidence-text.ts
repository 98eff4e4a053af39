import type { Evidence, EvidenceBody, EvidenceHeaders, Finding } from '../schemas/index.ts';

/** Pretty-prints a body that is complete JSON; anything else stays as it arrived. */
export function bodyDisplayText(body: EvidenceBody): string {
  if (!body.truncated) {
    try {
      return JSON.stringify(JSON.parse(body.text), null, 2);
    } catch {
      // Not JSON: show it verbatim.
    }
  }
  return body.text;
}

/** "(truncated: the first 4096 of 10000 bytes)", or nothing for a complete body. */
export function truncationNote(body: EvidenceBody): string {
  if (!body.truncated) return '';
  const shown = new TextEncoder().encode(body.text).length;
  return `(truncated: the first ${shown} of ${body.bytes} bytes)`;
}

/** A frame or any other JSON value, pretty-printed. */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

function headerLines(headers: EvidenceHeaders, prefix: string): string[] {
  return Object.entries(headers)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${prefix}${name}: ${value}`);
}

function bodyLines(body: EvidenceBody | undefined, prefix: string): string[] {
  if (!body) return [];
  if (body.bytes === 0) return [`${prefix}(empty body)`];
  const lines = [
    prefix.trimEnd(),
    ...bodyDisplayText(body)
      .split('\n')
      .map((l) => prefix + l),
  ];
  const note = truncationNote(body);
  return note ? [...lines, prefix + note] : lines;
}

/** One piece of evidence as plain text, for JUnit output and terminals. */
export function evidenceText(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'http': {
      const { request, response, timing } = evidence;
      const attempt = evidence.attempt ? `, attempt ${evidence.attempt}` : '';
      const lines = [
        `HTTP ${request.method} ${request.url} (${timing.durationMs} ms at ${timing.startedAt}${attempt})`,
        `> ${request.method} ${request.url}`,
        ...headerLines(request.headers, '> '),
        ...bodyLines(request.body, '> '),
      ];
      if (response) {
        lines.push(
          `< ${response.status}`,
          ...headerLines(response.headers, '< '),
          ...bodyLines(response.body, '< '),
        );
      }
      if (evidence.error) lines.push(`error: ${evidence.error}`);
      lines.push(`repeat with: ${evidence.curl}`);
      return lines.join('\n');
    }
    case 'ums': {
      const connection = evidence.connection ? ` on ${evidence.connection}` : '';
      return `UMS frame ${evidence.direction}${connection} at ${evidence.at}\n${jsonText(evidence.frame)}`;
    }
    case 'escalation': {
      const detail = evidence.detail ? `\n${evidence.detail}` : '';
      return `Escalation ${evidence.code} (errorId ${evidence.errorId}) on conversation ${evidence.conversationId} at ${evidence.at}${detail}`;
    }
    case 'note':
      return `Note: ${evidence.text}`;
  }
}

/** A finding's message, expected/actual, warnings and evidence, as plain text. */
export function findingText(finding: Finding): string {
  const message = finding.message.startsWith(finding.ruleId)
    ? finding.message
    : `${finding.ruleId}: ${finding.message}`;
  const parts = [`${message}\nRule ${finding.ruleId} (${finding.level}): ${finding.status}.`];
  if (finding.expected !== undefined) parts.push(`Expected: ${finding.expected}`);
  if (finding.actual !== undefined) parts.push(`Actual: ${finding.actual}`);
  if (finding.warnings?.length) {
    parts.push(['Warnings:', ...finding.warnings.map((w) => `- ${w}`)].join('\n'));
  }
  finding.evidence.forEach((evidence, index) => {
    parts.push(`Evidence ${index + 1} of ${finding.evidence.length}: ${evidenceText(evidence)}`);
  });
  return parts.join('\n\n');
}
