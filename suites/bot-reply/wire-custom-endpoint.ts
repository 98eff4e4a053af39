/**
 * Cuts a Custom Endpoint E4 reply body `{response: [...], analytics}` into items, actions and
 * metadata fields, keeping every value as it came.
 *
 * @see ../../../shared/spec/custom-endpoint.md §6.3
 */
import { customEndpointActionNames } from '../../mocks/index.ts';
import { type Field, isObject, structuredItem, type WireParts } from './reply-view.ts';

/**
 * The parts of a Custom Endpoint reply, or why it is not a reply the item rules can read (not an
 * object with a `response` array: CE-EVENT-02/03 judge that).
 */
export function customEndpointParts(raw: unknown): WireParts | { unreadable: string } {
  if (!isObject(raw) || !Array.isArray(raw.response)) {
    return { unreadable: 'the body is not an object with a response array' };
  }
  const parts: WireParts = { items: [], actions: [], metadata: [], encodedMetadata: [] };
  raw.response.forEach((item: unknown, index) => {
    const path = `/response/${index}`;
    const data = isObject(item) && isObject(item.data) ? item.data : undefined;
    const type = isObject(item) ? item.type : undefined;
    if (!data) {
      if (type === 'ACTION') parts.actions.push({ name: undefined, path, supported: false });
      else parts.items.push({ kind: 'unknown', path });
      return;
    }
    const dataPath = `${path}/data`;
    const field = (key: string): Field | undefined =>
      key in data ? { value: data[key], path: `${dataPath}/${key}` } : undefined;
    const collectMetadata = () => {
      const metadata = field('metadata');
      if (metadata) parts.metadata.push(metadata);
      const encoded = field('encodedMetadata');
      if (encoded) parts.encodedMetadata.push(encoded);
    };
    switch (type) {
      case 'TEXT': {
        const text = { value: data.message, path: `${dataPath}/message` };
        const audience = field('messageAudience');
        if (audience?.value === 'AGENTS_AND_MANAGERS') {
          parts.items.push({ kind: 'private', path, text, audience });
          return;
        }
        parts.items.push({ kind: 'text', path, text, ...(audience ? { audience } : {}) });
        collectMetadata();
        return;
      }
      case 'STRUCTURED_CONTENT': {
        const sc = { value: data.structuredContent, path: `${dataPath}/structuredContent` };
        parts.items.push(structuredItem(path, sc));
        collectMetadata();
        return;
      }
      case 'DELAY': {
        const typing = field('typing');
        parts.items.push({
          kind: 'delay',
          path,
          seconds: { value: data.seconds, path: `${dataPath}/seconds` },
          ...(typing ? { typing } : {}),
        });
        return;
      }
      case 'ACTION': {
        const parameters = field('parameters');
        parts.actions.push({
          name: data.name,
          path: `${dataPath}/name`,
          ...(parameters ? { parameters } : {}),
          supported: typeof data.name === 'string' && customEndpointActionNames.includes(data.name),
        });
        return;
      }
      default:
        parts.items.push({ kind: 'unknown', path });
    }
  });
  return parts;
}
