/**
 * A connector's replies are the `.ams.ms.PublishEvent` requests it sent to the mock UMS: a text
 * `ContentEvent` (with `quickReplies` for quick replies), or a `RichContentEvent` whose metadata
 * and encodedMetadata travel on the request envelope.
 *
 * @see docs/spec/ums.md#7-requests §7 (PublishEvent event variants)
 */
import type { TrafficEntry } from '../../mocks/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import { type Field, type ItemView, isObject, type ReplyView } from './reply-view.ts';

/** The PublishEvent request type on the UMS wire. */
export const publishEventType = '.ams.ms.PublishEvent';

/**
 * The reply view of one frame the mock UMS received, or undefined when the frame is not a
 * PublishEvent carrying a message (chat states, accept statuses and file shares are not replies).
 */
export function connectorView(entry: TrafficEntry): ReplyView | undefined {
  if (entry.direction !== 'received' || entry.type !== publishEventType || !entry.text) {
    return undefined;
  }
  let frame: unknown;
  try {
    frame = JSON.parse(entry.text);
  } catch {
    return undefined;
  }
  if (!isObject(frame) || !isObject(frame.body) || !isObject(frame.body.event)) return undefined;
  const { body } = frame;
  const event = body.event as Record<string, unknown>;
  const item = itemOf(event, body.messageAudience);
  if (!item) return undefined;
  const dialogId = typeof body.dialogId === 'string' ? body.dialogId : 'unknown';
  const id = typeof frame.id === 'string' || typeof frame.id === 'number' ? frame.id : '?';
  const evidence: Evidence = {
    kind: 'ums',
    direction: 'received',
    at: new Date(entry.at).toISOString(),
    connection: entry.connectionId,
    frame,
  };
  return {
    wire: 'connector',
    label: `the PublishEvent request ${id} into dialog ${dialogId}`,
    channel: 'messaging',
    trigger: 'connector',
    conversationId: typeof body.conversationId === 'string' ? body.conversationId : dialogId,
    raw: frame,
    items: [item],
    actions: [],
    metadata: 'metadata' in frame ? [{ value: frame.metadata, path: '/metadata' }] : [],
    encodedMetadata:
      'encodedMetadata' in frame
        ? [{ value: frame.encodedMetadata, path: '/encodedMetadata' }]
        : [],
    evidence: [evidence],
    escalations: [],
  };
}

function itemOf(event: Record<string, unknown>, audience: unknown): ItemView | undefined {
  const path = '/body/event';
  const field = (key: string): Field => ({ value: event[key], path: `${path}/${key}` });
  if (event.type === 'ContentEvent' && event.contentType === 'text/plain') {
    if ('quickReplies' in event) {
      return {
        kind: 'qr',
        path,
        wrapper: { value: event, path },
        message: field('message'),
        quickReplies: field('quickReplies'),
      };
    }
    if (audience === 'AGENTS_AND_MANAGERS') {
      return {
        kind: 'private',
        path,
        text: field('message'),
        audience: { value: audience, path: '/body/messageAudience' },
      };
    }
    return { kind: 'text', path, text: field('message') };
  }
  if (event.type === 'RichContentEvent') {
    // The schemas name the body `message`, the SDK and the mock `content`: accept both.
    return { kind: 'sc', path, body: 'content' in event ? field('content') : field('message') };
  }
  return undefined;
}
