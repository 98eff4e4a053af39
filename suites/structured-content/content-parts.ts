/**
 * The structured-content parts of the observed replies: rich-content bodies, quick-replies items,
 * and the image URLs and link URIs inside them, each with its JSON Pointer.
 *
 * @see docs/spec/tpb-platform.md#121-rules §12.1, §12.3
 */
import type { Field, ItemView, ReplyView } from '../bot-reply/index.ts';

type Sc = Extract<ItemView, { kind: 'sc' }>;
type Qr = Extract<ItemView, { kind: 'qr' }>;

/** Every rich-content body (not a quick-replies wrapper), with its reply. */
export function bodies(views: ReplyView[]): Array<{ view: ReplyView; item: Sc }> {
  return views.flatMap((view) =>
    view.items.filter((item): item is Sc => item.kind === 'sc').map((item) => ({ view, item })),
  );
}

/** Every quick-replies item, with its reply. */
export function quickReplyItems(views: ReplyView[]): Array<{ view: ReplyView; item: Qr }> {
  return views.flatMap((view) =>
    view.items.filter((item): item is Qr => item.kind === 'qr').map((item) => ({ view, item })),
  );
}

/** The structured content of every body and quick-replies item, with its reply. */
export function structuredContents(views: ReplyView[]): Array<{ view: ReplyView; content: Field }> {
  return [
    ...bodies(views).map(({ view, item }) => ({ view, content: item.body })),
    ...quickReplyItems(views).map(({ view, item }) => ({ view, content: item.quickReplies })),
  ];
}

/**
 * The values of `key` on every object of `type` inside `content`: image elements' `url`
 * (`type: "image"`) or link actions' `uri` (`type: "link"`).
 */
export function valuesOf(content: Field, type: string, key: string): Field[] {
  const found: Field[] = [];
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((child, index) => {
        walk(child, `${path}/${index}`);
      });
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as Record<string, unknown>;
    if (node.type === type && key in node) found.push({ value: node[key], path: `${path}/${key}` });
    for (const [name, child] of Object.entries(node)) walk(child, `${path}/${name}`);
  };
  walk(content.value, content.path);
  return found;
}

/** Every image URL of the replies' structured content. */
export function imageUrls(views: ReplyView[]): Array<{ view: ReplyView; url: Field }> {
  return structuredContents(views).flatMap(({ view, content }) =>
    valuesOf(content, 'image', 'url').map((url) => ({ view, url })),
  );
}

/** Every link-action URI of the replies' structured content. */
export function linkUris(views: ReplyView[]): Array<{ view: ReplyView; uri: Field }> {
  return structuredContents(views).flatMap(({ view, content }) =>
    valuesOf(content, 'link', 'uri').map((uri) => ({ view, uri })),
  );
}
