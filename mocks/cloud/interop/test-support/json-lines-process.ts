import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A child process that reports in JSON lines on stdout; for interop tests. */
export class JsonLinesProcess {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly child: ChildProcess;
  readonly #waiters = new Set<() => void>();
  stderr = '';

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    createInterface({ input: this.child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      try {
        this.lines.push(JSON.parse(line));
      } catch {
        this.lines.push({ event: 'non-json-output', line });
      }
      for (const wake of this.#waiters) wake();
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.child.on('exit', () => {
      for (const wake of this.#waiters) wake();
    });
  }

  /** Resolves with the first line (from `after` on) that matches; rejects after `timeoutMs`. */
  waitFor(
    description: string,
    match: (line: Record<string, unknown>) => boolean,
    { after = 0, timeoutMs = 10_000 } = {},
  ): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.lines.slice(after).find(match);
        if (found) {
          done();
          resolve(found);
        } else if (this.child.exitCode !== null) {
          done();
          reject(
            new Error(
              `Process exited (${this.child.exitCode}) while waiting for ${description}. stderr: ${this.stderr}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `Timed out after ${timeoutMs} ms waiting for ${description}. Lines: ${JSON.stringify(this.lines)} stderr: ${this.stderr}`,
          ),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** Stops the process and resolves once it has exited. */
  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => {
      this.child.once('exit', (code) => resolve(code));
      this.child.kill(signal);
    });
  }
}
