/**
 * Cuts a function's callback output `{messages?, context?}` into items, actions and metadata
 * fields, keeping every value as it came.
 *
 * @see ../../../shared/spec/tpb-platform.md §3.2 (Output), §2.4
 */
import { faasActionNames } from '../../mocks/index.ts';
import { isObject, structuredItem, type WireParts } from './reply-view.ts';

/**
 * The parts of a function output, or why it is not one the item rules can read (not an object,
 * or `messages` that is not an array: FAAS-01/FAAS-04 judge that).
 */
export function faasParts(raw: unknown): WireParts | { unreadable: string } {
  if (!isObject(raw)) return { unreadable: `the output is ${raw === null ? 'null' : typeof raw}` };
  if ('messages' in raw && !Array.isArray(raw.messages)) {
    return { unreadable: 'messages is not an array' };
  }
  const parts: WireParts = { items: [], actions: [], metadata: [], encodedMetadata: [] };
  const context = isObject(raw.context) ? raw.context : {};
  // context.encodedMetadata applies to every message; an item's own overrides it (§2.4).
  const contextEncoded =
    'encodedMetadata' in context
      ? { value: context.encodedMetadata, path: '/context/encodedMetadata' }
      : undefined;
  if (contextEncoded) parts.encodedMetadata.push(contextEncoded);

  const messages: unknown[] = Array.isArray(raw.messages) ? raw.messages : [];
  messages.forEach((message, index) => {
    const path = `/messages/${index}`;
    if (typeof message === 'string') {
      parts.items.push({ kind: 'text', path, text: { value: message, path } });
      return;
    }
    if (!isObject(message)) {
      parts.items.push({ kind: 'unknown', path });
      return;
    }
    if ('structuredContent' in message) {
      const sc = { value: message.structuredContent, path: `${path}/structuredContent` };
      parts.items.push(structuredItem(path, sc));
      if ('metadata' in message) {
        parts.metadata.push({ value: message.metadata, path: `${path}/metadata` });
      }
      if ('encodedMetadata' in message) {
        parts.encodedMetadata.push({
          value: message.encodedMetadata,
          path: `${path}/encodedMetadata`,
        });
      }
      return;
    }
    if ('delay' in message) {
      parts.items.push({
        kind: 'delay',
        path,
        seconds: { value: message.delay, path: `${path}/delay` },
        ...('typing' in message
          ? { typing: { value: message.typing, path: `${path}/typing` } }
          : {}),
      });
      return;
    }
    if ('text' in message || 'messageAudience' in message) {
      parts.items.push({
        kind: 'private',
        path,
        text: { value: message.text, path: `${path}/text` },
        audience: { value: message.messageAudience, path: `${path}/messageAudience` },
      });
      return;
    }
    parts.items.push({ kind: 'unknown', path });
  });

  // The legacy single structured content, rendered after all messages (FAAS-07).
  if ('structuredContent' in context) {
    parts.items.push(
      structuredItem('/context/structuredContent', {
        value: context.structuredContent,
        path: '/context/structuredContent',
      }),
    );
  }
  if ('metadata' in context) {
    parts.metadata.push({ value: context.metadata, path: '/context/metadata' });
  }

  if ('action' in context) {
    parts.actions.push({
      name: context.action,
      path: '/context/action',
      ...('actionParameters' in context
        ? { parameters: { value: context.actionParameters, path: '/context/actionParameters' } }
        : {}),
      supported: typeof context.action === 'string' && faasActionNames.includes(context.action),
    });
  }
  // A top-level action is not the faas form (context.action is); it still counts as an action.
  if ('action' in raw) {
    const action = raw.action;
    const name = isObject(action) ? action.name : action;
    parts.actions.push({
      name,
      path: isObject(action) ? '/action/name' : '/action',
      ...('actionParameters' in raw
        ? { parameters: { value: raw.actionParameters, path: '/actionParameters' } }
        : {}),
      supported: false,
    });
  }
  return parts;
}
