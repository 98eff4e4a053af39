/** Something that says when to look again: a bot log, a bot, the conversation store. */
export interface Signal {
  // Method syntax on purpose: typed EventEmitters (EventEmitter<{ entry: [...] }>) fit it.
  on(event: string, listener: () => void): unknown;
  off(event: string, listener: () => void): unknown;
}

/**
 * Resolves with the first value of `check` that is neither `undefined` nor `false`, evaluated now
 * and on every signal; resolves `undefined` after `timeoutMs` real milliseconds. A check decides
 * what a timeout means (usually a finding), so this never rejects for one.
 *
 * @example
 * const online = await waitUntil([[bot, 'state']], () => bot.state === 'online', 5000);
 */
export function waitUntil<T>(
  signals: ReadonlyArray<readonly [Signal, string]>,
  check: () => T | undefined | false,
  timeoutMs: number,
): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (value: T | undefined) => {
      settled = true;
      clearTimeout(timer);
      for (const [signal, event] of signals) signal.off(event, evaluate);
      resolve(value);
    };
    function evaluate(): void {
      if (settled) return;
      try {
        const value = check();
        if (value !== undefined && value !== false) finish(value);
      } catch (error) {
        settled = true;
        clearTimeout(timer);
        for (const [signal, event] of signals) signal.off(event, evaluate);
        reject(error);
      }
    }
    const timer = setTimeout(() => {
      if (!settled) finish(undefined);
    }, timeoutMs);
    timer.unref();
    for (const [signal, event] of signals) signal.on(event, evaluate);
    evaluate();
  });
}
