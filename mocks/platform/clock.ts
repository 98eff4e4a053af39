/** Time as the mock platform sees it; tests swap in a manual clock so waits take no real time. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): ClockTimer;
  clearTimeout(timer: ClockTimer): void;
}

export interface ClockTimer {
  readonly id: number;
}

interface Pending {
  timer: ClockTimer;
  at: number;
  callback: () => void;
}

/** Resolves after `ms` on the given clock. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimeout(resolve, ms);
  });
}

let nextSystemTimerId = 1;
const systemTimers = new Map<number, NodeJS.Timeout>();

/** The real clock. Its timers do not keep the process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const id = nextSystemTimerId++;
    const handle = setTimeout(() => {
      systemTimers.delete(id);
      callback();
    }, ms);
    handle.unref();
    systemTimers.set(id, handle);
    return { id };
  },
  clearTimeout(timer) {
    clearTimeout(systemTimers.get(timer.id));
    systemTimers.delete(timer.id);
  },
};

/**
 * A clock that only moves when told to: `advance(ms)` fires every timer that falls due, in order.
 *
 * @example
 * const clock = new ManualClock();
 * clock.setTimeout(done, 5000);
 * clock.advance(5000); // done() has run
 */
export class ManualClock implements Clock {
  #now: number;
  #nextId = 1;
  #pending: Pending[] = [];
  readonly #timerWaiters: Array<() => void> = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): ClockTimer {
    const timer = { id: this.#nextId++ };
    this.#pending.push({ timer, at: this.#now + Math.max(0, ms), callback });
    for (const wake of this.#timerWaiters.splice(0)) wake();
    return timer;
  }

  /** Resolves once at least `count` timers are waiting: a test then knows the code under test waits. */
  async waitForTimers(count = 1, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#pending.length < count) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `Timed out after ${timeoutMs} ms waiting for ${count} timer(s) on the manual clock (${this.#pending.length} set).`,
        );
      }
      await new Promise<void>((resolve) => {
        const guard = setTimeout(resolve, remaining);
        guard.unref();
        this.#timerWaiters.push(() => {
          clearTimeout(guard);
          resolve();
        });
      });
    }
  }

  clearTimeout(timer: ClockTimer): void {
    this.#pending = this.#pending.filter((entry) => entry.timer.id !== timer.id);
  }

  /** Moves time forward, firing due timers in time order (timers they set fire too if due). */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      const due = this.#pending
        .filter((entry) => entry.at <= until)
        .sort((a, b) => a.at - b.at || a.timer.id - b.timer.id)[0];
      if (!due) break;
      this.#pending = this.#pending.filter((entry) => entry !== due);
      this.#now = due.at;
      due.callback();
    }
    this.#now = until;
  }

  /** Number of timers waiting to fire. */
  get pendingTimers(): number {
    return this.#pending.length;
  }
}
