/** Colour on a terminal only, as NO_COLOR (no-color.org) and FORCE_COLOR (Node) ask. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { colourEnabled, paintFor } from './terminal-colour.ts';

const terminal = Object.assign(new PassThrough(), { isTTY: true });
const pipe = new PassThrough();

describe('colourEnabled', () => {
  it.each([
    ['a terminal', terminal, {}, true],
    ['a pipe', pipe, {}, false],
    ['a terminal in CI', terminal, { CI: 'true' }, false],
    ['a terminal with NO_COLOR', terminal, { NO_COLOR: '1' }, false],
    ['a terminal with an empty NO_COLOR', terminal, { NO_COLOR: '' }, true],
    ['a pipe with FORCE_COLOR=1', pipe, { FORCE_COLOR: '1' }, true],
    ['CI with FORCE_COLOR (empty)', pipe, { CI: 'true', FORCE_COLOR: '' }, true],
    ['FORCE_COLOR over NO_COLOR', pipe, { FORCE_COLOR: 'true', NO_COLOR: '1' }, true],
    ['a terminal with FORCE_COLOR=0', terminal, { FORCE_COLOR: '0' }, false],
  ])('%s: %s', (_name, stream, env, enabled) => {
    expect(colourEnabled(stream, env)).toBe(enabled);
  });
});

describe('paintFor', () => {
  it('styles through util.styleText when colour is on, and leaves text as it is when off', () => {
    expect(paintFor(terminal, {})('red', 'FAIL')).toBe('\x1b[31mFAIL\x1b[39m');
    expect(paintFor(pipe, { FORCE_COLOR: '1' })('green', 'PASS')).toBe('\x1b[32mPASS\x1b[39m');
    expect(paintFor(pipe, {})('red', 'FAIL')).toBe('FAIL');
  });
});
