import type { EvidenceBody } from '../../schemas/index.ts';

/**
 * Reads JSON a candidate sent, with the nesting limit a platform parser has. Jackson, the usual
 * JSON reader of Java services, refuses documents nested deeper than 1000 levels by default
 * (StreamReadConstraints); LivePerson documents no limit of its own, so the mock takes that one
 * (decision 0012). Deeper JSON is an unusable body, like invalid JSON, and never reaches code that
 * walks it recursively.
 */
export const maxJsonNestingDepth = 1000;

/** Parses `text`; throws a SyntaxError for invalid JSON or JSON nested too deeply. */
export function parseCandidateJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  const depth = nestingDepth(value, maxJsonNestingDepth);
  if (depth > maxJsonNestingDepth) {
    throw new SyntaxError(
      `the JSON is nested more than ${maxJsonNestingDepth} levels deep (the platform's parser limit)`,
    );
  }
  return value;
}

/**
 * Parses a body a candidate sent. Throws a SyntaxError saying why it is no JSON: cut at the read
 * limit, bytes that are not UTF-8 (RFC 8259 §8.1 requires UTF-8 between systems, and a Java
 * service's JSON reader rejects malformed UTF-8; decision 0015), invalid or too deeply nested.
 */
export function parseCandidateBody(body: EvidenceBody, limitBytes: number): unknown {
  if (body.truncated) {
    throw new SyntaxError(
      `the body is larger than the ${limitBytes}-byte read limit (reading stopped after ${body.bytes} bytes)`,
    );
  }
  if (body.invalidUtf8) throw new SyntaxError('the body holds bytes that are not UTF-8');
  return parseCandidateJson(body.text);
}

/** The nesting depth of a value, counted up to `stopAbove` + 1 without recursion. */
export function nestingDepth(value: unknown, stopAbove = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth > deepest) deepest = depth;
    if (deepest > stopAbove) return deepest;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return deepest;
}
