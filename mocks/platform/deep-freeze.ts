/**
 * Freezes a value and everything reachable from it. What the harness observed is evidence, and
 * evidence never changes after it is recorded: a verdict taken from an edited copy is a false one.
 * A library that may mutate its input gets a copy (`structuredClone`), never the evidence.
 */
export function deepFreeze<T>(value: T, seen = new WeakSet<object>()): T {
  // Typed arrays cannot be frozen while they hold elements; bytes are not evidence we keep.
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (seen.has(value)) return value;
  seen.add(value);
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child, seen);
  return value;
}
