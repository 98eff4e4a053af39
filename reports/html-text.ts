import { stripForbidden } from './xml-text.ts';

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return stripForbidden(String(value))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escapes text and shows its `backtick` spans as code, as the rule catalogue writes them. */
export function escapeWithCode(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/**
 * A value as the text of a `<script type="application/json">`: `<` becomes `\u003c`, so no
 * `</script>` or `<!--` inside candidate content can end or change the block.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** An image source that costs no request: an inline base64 raster image, else undefined. */
export function inlineImageSource(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/.test(value)
    ? value
    : undefined;
}

/** "10:00:02" from an ISO timestamp (UTC, as the report stores it). */
export function clockTime(iso: string): string {
  const match = /T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match?.[1] ?? iso;
}
