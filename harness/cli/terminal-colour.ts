import { styleText } from 'node:util';
import { type Environment, readCliEnvironment } from '../config/index.ts';

type Format = Parameters<typeof styleText>[0];

/** Styles a piece of text for one stream, or leaves it as it is. */
export type Paint = (format: Format, text: string) => string;

/** No colour: text as it is. */
export const plain: Paint = (_format, text) => text;

/**
 * Whether output to `stream` gets colour, decided as Node decides for its own: FORCE_COLOR
 * (empty, 1, 2, 3 or true) forces it on and any other value of it off; else NO_COLOR (set, not
 * empty) turns it off; else only an interactive terminal outside CI gets colour, so CI logs and
 * piped output stay plain.
 */
export function colourEnabled(stream: NodeJS.WritableStream, env?: Environment): boolean {
  const environment = env ?? process.env;
  const force = environment.FORCE_COLOR;
  if (force !== undefined) return ['', '1', '2', '3', 'true'].includes(force);
  if (environment.NO_COLOR !== undefined && environment.NO_COLOR !== '') return false;
  return (stream as { isTTY?: boolean }).isTTY === true && !readCliEnvironment(environment).ci;
}

/**
 * The Paint for `stream`. Node 20's styleText checks neither the stream nor the environment for
 * every format (20.20 checks a single format against process.stdout, not an array), so the
 * choice is made once here and styleText is told only to style.
 *
 * @example
 * const paint = paintFor(io.stdout, io.env);
 * print(`${paint('red', 'FAIL')}  CE-STATE-02`);
 */
export function paintFor(stream: NodeJS.WritableStream, env?: Environment): Paint {
  if (!colourEnabled(stream, env)) return plain;
  return (format, text) => styleText(format, text, { validateStream: false });
}
