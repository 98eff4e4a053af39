import type { ConversationStore } from '../platform/conversation-store.ts';

export interface WaitForOptions {
  /** Real milliseconds before giving up (default 5000); independent of the platform's Clock. */
  timeoutMs?: number;
  /** What is awaited, for the timeout message: "a bot reply in conversation c1". */
  description: string;
}

/** A wait that ran out of time; the message names what was awaited. */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';

  constructor(
    readonly timeoutMs: number,
    readonly description: string,
  ) {
    super(`Timed out after ${timeoutMs} ms waiting for ${description}`);
  }
}

/**
 * Resolves with the first value of `check` that is neither `undefined` nor `false`. It is
 * evaluated now and again on every store `change`, `event` and `chat-state`, never on a poll.
 * The timeout is a real, unref'd timer: it guards the test, not the platform, so a ManualClock
 * that never advances cannot hang it. An exception thrown by `check` rejects the wait.
 *
 * @example
 * const reply = await waitForStore(store, () => store.get(id)?.log.at(-1), { description: 'any entry' });
 */
export function waitForStore<T>(
  store: ConversationStore,
  check: () => T | undefined | false,
  { timeoutMs = 5000, description }: WaitForOptions,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (): void => {
      settled = true;
      store.off('change', evaluate);
      store.off('event', evaluate);
      store.off('chat-state', evaluate);
      clearTimeout(timer);
    };
    function evaluate(): void {
      if (settled) return;
      let result: T | undefined | false;
      try {
        result = check();
      } catch (error) {
        finish();
        reject(error);
        return;
      }
      if (result === undefined || result === false) return;
      finish();
      resolve(result);
    }
    const timer = setTimeout(() => {
      if (settled) return;
      finish();
      reject(new WaitTimeoutError(timeoutMs, description));
    }, timeoutMs);
    timer.unref();
    store.on('change', evaluate);
    store.on('event', evaluate);
    store.on('chat-state', evaluate);
    evaluate();
  });
}
