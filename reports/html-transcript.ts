import type { ControlTranscript, ControlTranscriptEvent } from '../schemas/index.ts';
import { jsonText } from './evidence-text.ts';
import { clockTime, escapeHtml, inlineImageSource } from './html-text.ts';

// Structured content is candidate data: every string is escaped, and no element can make the
// page fetch anything (remote images are shown as a placeholder with their URL).

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const asText = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';

const MAX_DEPTH = 16;

function clickSummary(click: unknown): string {
  const actions = isObject(click) ? asArray(click.actions) : [];
  return actions
    .filter(isObject)
    .map((action) => {
      const target = asText(action.uri) || asText(action.text) || asText(action.name);
      return target ? `${asText(action.type)}: ${target}` : asText(action.type);
    })
    .join(', ');
}

function structuredElement(node: unknown, depth: number): string {
  if (!isObject(node) || depth > MAX_DEPTH) return '';
  const children = () =>
    asArray(node.elements)
      .map((child) => structuredElement(child, depth + 1))
      .join('');
  const type = asText(node.type);
  switch (type) {
    case 'vertical':
      return `<div class="sc-vertical">${children()}</div>`;
    case 'horizontal':
      return `<div class="sc-horizontal">${children()}</div>`;
    case 'carousel':
      return `<div class="sc-carousel">${asArray(node.elements)
        .map((child) => `<div class="sc-card">${structuredElement(child, depth + 1)}</div>`)
        .join('')}</div>`;
    case 'text': {
      const style = isObject(node.style) ? node.style : {};
      const classes = [
        'sc-text',
        style.bold === true ? 'sc-bold' : '',
        style.italic === true ? 'sc-italic' : '',
      ];
      return `<p class="${classes.filter(Boolean).join(' ')}">${escapeHtml(asText(node.text))}</p>`;
    }
    case 'image': {
      const url = asText(node.url);
      const caption = asText(node.caption);
      const inline = inlineImageSource(url);
      if (inline) {
        return `<img class="sc-image" src="${escapeHtml(inline)}" alt="${escapeHtml(caption)}">`;
      }
      return `<div class="sc-image-placeholder" title="Remote images are not loaded by this report"><span class="sc-image-label">Image</span><span class="sc-url">${escapeHtml(url)}</span>${caption ? `<span class="sc-caption">${escapeHtml(caption)}</span>` : ''}</div>`;
    }
    case 'button': {
      const action = clickSummary(node.click);
      return `<span class="sc-button"${action ? ` title="${escapeHtml(action)}"` : ''}>${escapeHtml(asText(node.title))}</span>`;
    }
    case 'map':
      return `<div class="sc-map">Map: ${escapeHtml(asText(node.la))}, ${escapeHtml(asText(node.lo))}</div>`;
    default:
      return `<div class="sc-other">${escapeHtml(type || 'element')}${asText(node.title) ? `: ${escapeHtml(asText(node.title))}` : ''}${children()}</div>`;
  }
}

/** Structured content (json-pollock) as cards: text, images, buttons, layouts, carousels. */
export function renderStructuredContent(content: unknown): string {
  return `<div class="sc">${structuredElement(content, 0)}</div>`;
}

/** Quick replies as chips under the message they came with. */
export function renderQuickReplies(quickReplies: unknown): string {
  const replies = isObject(quickReplies) ? asArray(quickReplies.replies) : [];
  const chips = replies
    .filter(isObject)
    .map(
      (reply) => `<span class="qr">${escapeHtml(asText(reply.title) || asText(reply.type))}</span>`,
    );
  return chips.length > 0
    ? `<div class="qr-row" aria-label="Quick replies">${chips.join('')}</div>`
    : '';
}

const SENDER: Record<ControlTranscriptEvent['from'], string> = {
  consumer: 'Consumer',
  bot: 'Bot',
  agent: 'Agent',
  system: 'Platform',
};

function detailOf(event: ControlTranscriptEvent): Json {
  return event.detail ?? {};
}

function systemText(event: ControlTranscriptEvent, transcript: ControlTranscript): string {
  const detail = detailOf(event);
  const who = (): string => {
    const id = asText(detail.id);
    const participant = transcript.participants.find((each) => each.id === id);
    const kind = participant ? SENDER[participant.kind] : 'Participant';
    return `${kind} ${id}`.trim();
  };
  switch (event.type) {
    case 'participant-added':
      return `${who()} joined as ${asText(detail.role)}`;
    case 'participant-suggested':
      return `${who()} suggested as ${asText(detail.role)}`;
    case 'participant-removed':
      return `${who()} left (${asText(detail.role)})`;
    case 'skill-changed':
      return `Skill changed from ${asText(detail.from) || '?'} to ${asText(detail.to) || '?'}`;
    case 'ttr-changed':
      return `Time to respond set to ${asText(detail.ttrType)} (${asText(detail.value)} s)`;
    case 'dialog-opened':
      return `${asText(detail.dialogType) || 'A'} dialog opened`;
    case 'dialog-closed':
      return `Dialog closed by ${asText(detail.closedBy) || 'unknown'}`;
    case 'conversation-closed':
      return `Conversation closed by ${asText(detail.closedBy) || 'unknown'}${asText(detail.reason) ? ` (${asText(detail.reason)})` : ''}`;
    case 'escalated':
      return `Escalated with ${asText(detail.code)}${asText(detail.detail) ? `: ${asText(detail.detail)}` : ''}`;
    default:
      return event.type;
  }
}

function messageBody(event: ControlTranscriptEvent): string {
  if (event.type === 'RichContentEvent') {
    return event.content
      ? `<div class="bubble bubble-card">${renderStructuredContent(event.content)}</div>`
      : '<div class="bubble bubble-empty">(rich content without content)</div>';
  }
  if (event.contentType === 'hosted/file' && event.file) {
    const preview = inlineImageSource(event.file.preview);
    return `<div class="bubble bubble-file">${preview ? `<img class="file-preview" src="${escapeHtml(preview)}" alt="">` : ''}<span class="file-label">File · ${escapeHtml(event.file.fileType)}</span><span class="sc-url">${escapeHtml(event.file.relativePath)}</span>${event.file.caption ? `<span class="sc-caption">${escapeHtml(event.file.caption)}</span>` : ''}</div>`;
  }
  return `<div class="bubble">${escapeHtml(event.message ?? '')}</div>`;
}

function renderEvent(event: ControlTranscriptEvent, transcript: ControlTranscript): string {
  const time = `<time datetime="${escapeHtml(event.at)}">${escapeHtml(clockTime(event.at))}</time>`;
  if (event.from === 'system') {
    const escalated = event.type === 'escalated' ? ' line-alert' : '';
    return `<li class="line${escalated}"><span>${escapeHtml(systemText(event, transcript))} · ${time}</span></li>`;
  }
  const side = event.from === 'consumer' ? 'left' : 'right';
  const isPrivate = event.audience === 'AGENTS_AND_MANAGERS';
  const metadata = (event.metadata ?? [])
    .map((item) => (isObject(item) ? asText(item.type) : ''))
    .filter(Boolean);
  const labels = [
    isPrivate ? '<span class="tag">private</span>' : '',
    metadata.length > 0
      ? `<span class="tag">metadata: ${escapeHtml(metadata.join(', '))}</span>`
      : '',
  ].join('');
  return (
    `<li class="msg msg-${side} from-${escapeHtml(event.from)}${isPrivate ? ' msg-private' : ''}">` +
    `<div class="who" title="${escapeHtml(event.originatorId ?? '')}">${SENDER[event.from]} · ${time}${event.sequence === null ? '' : ` · #${event.sequence}`}${labels}</div>` +
    `${messageBody(event)}${renderQuickReplies(event.quickReplies)}</li>`
  );
}

const SHOWN = new Set<ControlTranscriptEvent['type']>(['ContentEvent', 'RichContentEvent']);

/** One conversation as a chat: consumer left, bot right, platform lines centred. */
export function renderConversation(transcript: ControlTranscript): string {
  const lines = transcript.events
    .filter((event) => event.from === 'system' || SHOWN.has(event.type))
    .map((event) => renderEvent(event, transcript));
  const hidden = transcript.events.length - lines.length;
  const meta = [
    transcript.channel,
    `skill ${transcript.skill}${transcript.skill === transcript.skillId ? '' : ` (${transcript.skillId})`}`,
    `TTR ${transcript.ttr.ttrType} ${transcript.ttr.value} s`,
    transcript.state === 'OPEN'
      ? 'open'
      : `closed${transcript.closeReason ? ` (${transcript.closeReason})` : ''}`,
    `started ${transcript.startedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}`,
    ...(transcript.eventsLeftOut
      ? [`${transcript.eventsLeftOut} events in the middle left out of this report`]
      : []),
  ];
  const errors = transcript.errors.length
    ? `<div class="conv-errors"><h4>Runtime errors</h4><ul>${transcript.errors
        .map(
          (error) =>
            `<li><code>${escapeHtml(error.code)}</code> <span class="muted">errorId ${escapeHtml(error.errorId)} · ${escapeHtml(clockTime(error.at))}</span>${error.detail ? `<div>${escapeHtml(error.detail)}</div>` : ''}</li>`,
        )
        .join('')}</ul></div>`
    : '';
  return (
    `<article class="panel conversation" id="conversation-${escapeHtml(transcript.conversationId)}">` +
    `<header class="conv-head"><h3>Conversation <code>${escapeHtml(transcript.conversationId)}</code></h3>` +
    `<p class="conv-meta">${meta.map((item) => `<span>${escapeHtml(item)}</span>`).join('')}</p></header>` +
    `<ol class="chat">${lines.join('') || '<li class="line"><span>No messages</span></li>'}</ol>` +
    (hidden > 0
      ? `<p class="conv-hidden muted">${hidden} delivery and typing event${hidden === 1 ? '' : 's'} not shown; they are in the raw transcript.</p>`
      : '') +
    errors +
    `<details class="raw"><summary>Raw transcript JSON</summary><pre>${escapeHtml(jsonText(transcript))}</pre></details>` +
    '</article>'
  );
}
