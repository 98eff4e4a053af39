import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A program of harness/bench running in a child process of its own, and its first message. */
export interface BenchChild<T> {
  /** The first message the child sent over IPC: a server's origin, or a measurement. */
  message: T;
  /** Stops the child (SIGTERM) and waits for it to exit; idempotent. */
  stop(): Promise<void>;
  /** Waits for a child that ends by itself; one still running after `timeoutMs` is stopped. */
  exit(timeoutMs?: number): Promise<void>;
}

/**
 * Forks `program` (a file of harness/bench, run through tsx like the bench itself) and resolves
 * with its first IPC message. A child that exits or fails before it says anything rejects, so a
 * broken server cannot hang the run.
 */
export function forkBenchChild<T>(
  program: string,
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<BenchChild<T>> {
  const path = fileURLToPath(new URL(program, import.meta.url));
  const child = fork(path, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`Failed to start ${program}: no message within ${timeoutMs} ms.`));
    }, timeoutMs);
    child.once('message', (message) => {
      clearTimeout(timer);
      const exit = async (waitMs = 30_000) => {
        const late = setTimeout(() => void stop(), waitMs);
        await exited;
        clearTimeout(late);
      };
      resolve({ message: message as T, stop, exit });
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Failed to start ${program}: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`Failed to run ${program}: it exited (${signal ?? code}) before reporting.`),
      );
    });
  });
}

/** Sends `message` to the bench that forked this process, and resolves once it is sent. */
export function reportToParent(message: unknown): Promise<void> {
  const send = process.send?.bind(process);
  if (!send) {
    throw new Error('This program runs as a child of `npm run bench`; run the bench instead.');
  }
  return new Promise((resolve, reject) => {
    send(message, undefined, {}, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}
