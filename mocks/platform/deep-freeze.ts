/**
 * Freezes a value and everything reachable from it. What the harness observed is evidence, and
 * evidence never changes after it is recorded: a verdict taken from an edited copy is a false one.
 * A library that may mutate its input gets a copy (`structuredClone`), never the evidence.
 * Iterative, so that a candidate's JSON nested 10,000 deep cannot overflow the stack.
 */
export function deepFreeze<T>(value: T): T {
  const seen = new WeakSet<object>();
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    // Typed arrays cannot be frozen while they hold elements; bytes are not evidence we keep.
    if (next === null || typeof next !== 'object' || ArrayBuffer.isView(next)) continue;
    if (seen.has(next)) continue;
    seen.add(next);
    Object.freeze(next);
    for (const child of Object.values(next)) pending.push(child);
  }
  return value;
}
