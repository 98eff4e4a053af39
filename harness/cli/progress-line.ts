import { type Paint, plain } from './terminal-colour.ts';

/**
 * One line that rewrites itself ("[12/110] CE-STATE-02 … 2 failed") while a run works, on a
 * terminal only: in CI or when the output is piped, nothing is written until the summary.
 */
export class ProgressLine {
  #shown = false;

  constructor(
    readonly write: (text: string) => void,
    readonly options: { enabled: boolean; columns?: number | undefined; paint?: Paint },
  ) {}

  /** Whether a stream is an interactive terminal. */
  static isTerminal(stream: NodeJS.WritableStream): boolean {
    return (stream as { isTTY?: boolean }).isTTY === true;
  }

  update(text: string): void {
    if (!this.options.enabled) return;
    const columns = this.options.columns || 80;
    const line = text.length >= columns ? `${text.slice(0, Math.max(columns - 2, 1))}…` : text;
    // The running fail count stands out; coloured after the cut, so no escape code is cut in two.
    const paint = this.options.paint ?? plain;
    this.write(`\r\x1b[2K${line.replace(/(?<=… )\d+ failed$/, (count) => paint('red', count))}`);
    this.#shown = true;
  }

  /** Removes the line, so the next output starts on a clean one. */
  clear(): void {
    if (!this.#shown) return;
    this.write('\r\x1b[2K');
    this.#shown = false;
  }
}
