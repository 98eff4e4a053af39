import type { UmsConnection, UmsTarget } from './ums-connection.ts';
import { UmsRequestError } from './ums-request-error.ts';

export interface FailNextOptions {
  /** Request type to fail, e.g. `.ams.ms.PublishEvent`. */
  type: string;
  /** HTTP-like error code to answer with, 400–599 (e.g. 429, 503). */
  code: number;
  /** How many of the next requests of that type fail; default 1. */
  count?: number;
  /** Only requests from these sockets; default all. */
  target?: UmsTarget;
}

interface Failure {
  type: string;
  code: number;
  remaining: number;
  target: UmsTarget;
}

interface Delay {
  ms: number;
  target: UmsTarget;
}

/** What the faults act on: the server's open sockets. */
export interface UmsFaultHost {
  connections(target: UmsTarget): UmsConnection[];
}

/** Close codes a server may put in a close frame (RFC 6455 §7.4; 1006 means: terminate). */
function isSendableCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1003) ||
    (code >= 1007 && code <= 1014) ||
    (code >= 3000 && code <= 4999)
  );
}

/**
 * Fault controls of the mock UMS (STYLE rule 11): close or drop sockets, fail the next requests
 * of a type, delay or reorder notifications. Rules for requests and delays also apply to sockets
 * that open later (a reconnecting bot); a reorder arms the sockets open now.
 *
 * @example
 * server.faults.failNext({ type: '.ams.ms.PublishEvent', code: 429, count: 2 });
 * server.faults.closeSockets({ agent: bot.userId }, 1011);
 */
export class UmsFaults {
  #failures: Failure[] = [];
  #delays: Delay[] = [];

  constructor(readonly host: UmsFaultHost) {}

  /**
   * Closes the target's sockets with `code` (1000, 1011, 4401, 4407, …); 1006 terminates them
   * without a close frame, which is how a client sees 1006. Returns how many sockets it closed.
   */
  closeSockets(target: UmsTarget, code: number, reason = 'closed by fault control'): number {
    if (code !== 1006 && !isSendableCloseCode(code)) {
      throw new RangeError(
        `Failed to close sockets: ${code} is not a close code a server can send. Use 1000–1003, 1007–1014 or 3000–4999, or 1006 to drop the connection.`,
      );
    }
    const connections = this.host.connections(target);
    for (const connection of connections) {
      if (code === 1006) connection.terminate();
      else connection.close(code, reason);
    }
    return connections.length;
  }

  /** Drops the target's TCP connections without a close frame (the client sees 1006). */
  terminateSockets(target: UmsTarget): number {
    return this.closeSockets(target, 1006);
  }

  /** Answers the next `count` requests of `type` with an error `code` instead of handling them. */
  failNext(options: FailNextOptions): void {
    const count = options.count ?? 1;
    if (!Number.isInteger(options.code) || options.code < 400 || options.code > 599) {
      throw new RangeError(
        `Failed to arm failNext: code ${options.code} is not an error code. Use 400–599, e.g. 429 or 503.`,
      );
    }
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(`Failed to arm failNext: count ${count} must be a positive integer.`);
    }
    this.#failures.push({
      type: options.type,
      code: options.code,
      remaining: count,
      target: options.target ?? {},
    });
  }

  /** Holds every notification to the target's sockets for `ms` (0 removes the delay). */
  delayNotifications(ms: number, target: UmsTarget = {}): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`Failed to delay notifications: ${ms} ms must be 0 or more.`);
    }
    this.#delays = this.#delays.filter((delay) => !sameTarget(delay.target, target));
    if (ms > 0) this.#delays.push({ ms, target });
  }

  /**
   * Holds the next `count` notifications of each target socket open now and then delivers them
   * in reverse order. Returns how many sockets it armed.
   */
  reorderNotifications(count: number, target: UmsTarget = {}): number {
    if (!Number.isInteger(count) || count < 2) {
      throw new RangeError(`Failed to reorder notifications: count ${count} must be at least 2.`);
    }
    const connections = this.host.connections(target);
    for (const connection of connections) connection.holdNext(count);
    return connections.length;
  }

  /**
   * Sends each of the next `count` notifications of each target socket open now twice, as a
   * redelivery does. Returns how many sockets it armed.
   */
  duplicateNotifications(count: number, target: UmsTarget = {}): number {
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(`Failed to duplicate notifications: count ${count} must be at least 1.`);
    }
    const connections = this.host.connections(target);
    for (const connection of connections) connection.duplicateNext(count);
    return connections.length;
  }

  /** Removes every rule and delivers held notifications in their original order. */
  reset(): void {
    this.#failures = [];
    this.#delays = [];
    for (const connection of this.host.connections({})) {
      connection.releaseHeld(false);
      connection.duplicateNext(0);
    }
  }

  /** The error to answer this request with, when a failNext rule takes it (used by the server). */
  takeFailure(connection: UmsConnection, type: string): UmsRequestError | undefined {
    const failure = this.#failures.find(
      (candidate) => candidate.type === type && connection.matches(candidate.target),
    );
    if (!failure) return undefined;
    failure.remaining -= 1;
    if (failure.remaining <= 0) this.#failures = this.#failures.filter((f) => f !== failure);
    return new UmsRequestError(
      failure.code,
      failure.code * 100,
      `Failed to handle ${type}: the mock was told to fail it with ${failure.code} (fault control). Retry later.`,
    );
  }

  /** How long to hold a notification for this socket now (used by the connection). */
  notificationDelay(connection: UmsConnection): number {
    let ms = 0;
    for (const delay of this.#delays) if (connection.matches(delay.target)) ms = delay.ms;
    return ms;
  }
}

function sameTarget(a: UmsTarget, b: UmsTarget): boolean {
  return a.accountId === b.accountId && a.agent === b.agent && a.connectionId === b.connectionId;
}
