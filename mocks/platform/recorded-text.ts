/**
 * The most characters of one string the mock keeps in its records (conversation history, the
 * engine's bot log). Longer strings travel whole on the wire and are judged whole by the checks
 * that see them there; the records keep this much, with a note (decision 0015).
 */
export const recordedTextLimit = 16 * 1024;

const cutNote = /… \[cut: (\d+) more characters\]$/;

/**
 * `text` cut at `limit` characters, with a note of how many were left out. A text cut before
 * keeps counting from its original length, so the note never understates what was sent.
 */
export function cutText(text: string, limit = recordedTextLimit): string {
  const earlier = cutNote.exec(text);
  const kept = earlier ? text.slice(0, earlier.index) : text;
  const length = kept.length + Number(earlier?.[1] ?? 0);
  if (length <= limit) return text;
  return `${copyOf(kept.slice(0, limit))}… [cut: ${length - limit} more characters]`;
}

/**
 * A string that shares no memory with `text`. V8 makes a slice of a long string (and a string
 * JSON.parse read out of a frame) a view of its parent, so a 16 KiB cut would keep the whole
 * 1 MB frame alive.
 */
export function copyOf(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

/**
 * `value`, or a copy of it whose strings longer than `recordedTextLimit` are cut, so that a record
 * of 999 conversations of 1 MB messages stays small. Arrays and plain objects are copied, other
 * objects shared. A value reached twice (a reply and its parts point into the same body) gets one
 * copy, reached from both places. Iterative: any nesting depth.
 */
export function withLongStringsCut<T>(value: T): T {
  if (!hasLongString(value)) return value;
  const root = { value: value as unknown };
  // Copies arrays and plain objects on the way down, in place of the originals in the copy.
  const pending: Array<Record<string, unknown>> = [root];
  const copies = new WeakMap<object, object>();
  while (pending.length > 0) {
    const node = pending.pop() as Record<string, unknown>;
    for (const key of Object.keys(node)) {
      const child = node[key];
      if (typeof child === 'string') node[key] = cutText(child);
      else if (Array.isArray(child) || isPlainObject(child)) {
        const made = copies.get(child as object);
        if (made) {
          node[key] = made;
          continue;
        }
        const copy = Array.isArray(child) ? [...child] : { ...(child as object) };
        copies.set(child as object, copy);
        node[key] = copy;
        pending.push(copy as Record<string, unknown>);
      }
    }
  }
  return root.value as T;
}

function isPlainObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function hasLongString(value: unknown): boolean {
  const pending: unknown[] = [value];
  const seen = new WeakSet<object>();
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node === 'string') {
      if (node.length > recordedTextLimit) return true;
    } else if (
      node !== null &&
      typeof node === 'object' &&
      !ArrayBuffer.isView(node) &&
      !seen.has(node)
    ) {
      seen.add(node);
      for (const child of Object.values(node)) pending.push(child);
    }
  }
  return false;
}
