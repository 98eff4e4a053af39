import { describe, expect, it } from 'vitest';
import { maxJsonNestingDepth, nestingDepth, parseCandidateJson } from './candidate-json.ts';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('parseCandidateJson', () => {
  it('reads JSON up to the nesting limit and refuses deeper JSON as a SyntaxError', () => {
    expect(nestingDepth(parseCandidateJson(nested(maxJsonNestingDepth)))).toBe(maxJsonNestingDepth);
    expect(() => parseCandidateJson(nested(maxJsonNestingDepth + 1))).toThrow(
      new SyntaxError(
        "the JSON is nested more than 1000 levels deep (the platform's parser limit)",
      ),
    );
    expect(() => parseCandidateJson(nested(100_000))).toThrow(SyntaxError);
  });

  it('still refuses invalid JSON and reads plain values', () => {
    expect(() => parseCandidateJson('{"a":')).toThrow(SyntaxError);
    expect(parseCandidateJson('{"a":[1,{"b":2}]}')).toEqual({ a: [1, { b: 2 }] });
    expect(nestingDepth({ a: [1, { b: 2 }] })).toBe(3);
    expect(nestingDepth('text')).toBe(0);
  });
});
