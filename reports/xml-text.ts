/** Every character XML 1.0 forbids, lone surrogates included (the `u` flag sees them alone). */
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes the characters XML 1.0 cannot carry at all, not even as references. */
export function stripForbidden(text: string): string {
  return text.replace(FORBIDDEN, '');
}

/** Text content of an element. */
export function xmlText(text: string): string {
  return stripForbidden(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value in double quotes; line breaks and tabs survive attribute normalisation. */
export function xmlAttr(text: string): string {
  return xmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
