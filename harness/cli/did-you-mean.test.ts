/** "Did you mean": the known word within two edits of a typo, as vitest and git suggest. */
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './did-you-mean.ts';

describe('editDistance', () => {
  it.each([
    ['run', 'run', 0],
    ['rnu', 'run', 2],
    ['rules', 'rule', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s -> %s is %i edits', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('didYouMean', () => {
  const commands = ['run', 'rules', 'test-connection', 'init', 'keys', 'mock'];

  it('suggests the closest known word within two edits, ignoring case', () => {
    expect(didYouMean('rnu', commands)).toBe('run');
    expect(didYouMean('rule', commands)).toBe('rules');
    expect(didYouMean('test-conection', commands)).toBe('test-connection');
    expect(didYouMean('MOCK', commands)).toBe('mock');
  });

  it('suggests nothing for a different word', () => {
    expect(didYouMean('frobnicate', commands)).toBeUndefined();
    expect(didYouMean('deploy', commands)).toBeUndefined();
  });
});
