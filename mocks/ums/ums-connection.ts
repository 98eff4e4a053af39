import type { WebSocket } from 'ws';
import type { Agent } from '../platform/account-directory.ts';
import type { Clock, ClockTimer } from '../platform/clock.ts';
import type { MockAccount } from '../platform/mock-account.ts';
import type { ExConversationSubscription } from './ex-conversation-subscription.ts';
import type { TrafficLog } from './traffic-log.ts';

/** A response frame the mock sends: `{kind: "resp", reqId, code, type, body}` (ums.md §5.2). */
export interface UmsResponseFrame {
  kind: 'resp';
  reqId: string;
  code: number;
  type: string;
  body: unknown;
}

/** A notification frame the mock pushes: `{kind: "notification", type, body}` (ums.md §8). */
export interface UmsNotificationFrame {
  kind: 'notification';
  type: string;
  body: object;
}

/** A serialized outgoing frame and what the traffic log records about it. */
interface OutgoingText {
  text: string;
  kind: 'resp' | 'notification';
  type: string;
  reqId?: string;
  code?: number;
}

/** What the harness may know about an open socket. */
export interface UmsConnectionInfo {
  connectionId: string;
  accountId: string;
  userId: string;
  /** Old agent id `{accountId}.{userId}`. */
  agentId: string;
  /** The agent's PId. */
  pid: string;
  openedAt: number;
  /** Whether the socket has a SubscribeRoutingTasks subscription (it can take rings). */
  routingSubscribed: boolean;
  /** Ids of its ExConversation subscriptions. */
  exSubscriptions: string[];
}

/** Which sockets a control call acts on; every given field must match. `{}` means all. */
export interface UmsTarget {
  accountId?: string;
  /** The agent: user id, old id `{accountId}.{userId}` or PId. */
  agent?: string;
  connectionId?: string;
}

export interface UmsConnectionOptions {
  id: string;
  ws: WebSocket;
  account: MockAccount;
  agent: Agent;
  bearer: string;
  clock: Clock;
  traffic: TrafficLog;
  idleTimeoutMs: number | undefined;
  /** Milliseconds to hold each notification for this socket now (fault control). */
  notificationDelay: (connection: UmsConnection) => number;
}

/**
 * One agent's UMS websocket: its subscriptions, and the way out for its frames. Responses go out
 * at once; notifications pass the fault controls first (reorder, then delay).
 */
export class UmsConnection {
  readonly id: string;
  readonly account: MockAccount;
  readonly agent: Agent;
  readonly bearer: string;
  readonly openedAt: number;
  /** The SubscribeRoutingTasks subscription; rings reach only sockets that have one. */
  routingSubscriptionId: string | undefined;
  readonly exSubscriptions = new Map<string, ExConversationSubscription>();
  /** SubscribeAgentsState subscriptions: subscription id → old id of the agent watched. */
  readonly agentStateSubscriptions = new Map<string, string>();
  /** Set when the mock closed the socket, so the close is logged as sent. */
  closedByServer = false;
  readonly #ws: WebSocket;
  readonly #clock: Clock;
  readonly #traffic: TrafficLog;
  readonly #idleTimeoutMs: number | undefined;
  readonly #notificationDelay: (connection: UmsConnection) => number;
  readonly #timers = new Set<ClockTimer>();
  #idleTimer: ClockTimer | undefined;
  #held: { remaining: number; frames: OutgoingText[] } | undefined;
  /** Notifications still to be sent twice (fault). */
  #duplicates = 0;

  constructor(options: UmsConnectionOptions) {
    this.id = options.id;
    this.#ws = options.ws;
    this.account = options.account;
    this.agent = options.agent;
    this.bearer = options.bearer;
    this.#clock = options.clock;
    this.#traffic = options.traffic;
    this.#idleTimeoutMs = options.idleTimeoutMs;
    this.#notificationDelay = options.notificationDelay;
    this.openedAt = options.clock.now();
    this.touch();
  }

  get isOpen(): boolean {
    return this.#ws.readyState === this.#ws.OPEN;
  }

  info(): UmsConnectionInfo {
    return {
      connectionId: this.id,
      accountId: this.account.accountId,
      userId: this.agent.userId,
      agentId: this.agent.oldId,
      pid: this.agent.pid,
      openedAt: this.openedAt,
      routingSubscribed: this.routingSubscriptionId !== undefined,
      exSubscriptions: [...this.exSubscriptions.keys()],
    };
  }

  matches(target: UmsTarget): boolean {
    const { accountId, agent, connectionId } = target;
    if (accountId !== undefined && accountId !== this.account.accountId) return false;
    if (connectionId !== undefined && connectionId !== this.id) return false;
    if (agent !== undefined) {
      const { userId, oldId, pid } = this.agent;
      if (agent !== userId && agent !== oldId && agent !== pid) return false;
    }
    return true;
  }

  /** Sends a response now. */
  respond(frame: UmsResponseFrame): void {
    this.#write({
      text: JSON.stringify(frame),
      kind: 'resp',
      type: frame.type,
      reqId: frame.reqId,
      code: frame.code,
    });
  }

  /**
   * Sends a notification through the fault controls. The frame is serialized at once, so a
   * delayed or held notification shows the state at the time of the change.
   */
  notify(frame: UmsNotificationFrame): void {
    const out: OutgoingText = {
      text: JSON.stringify(frame),
      kind: 'notification',
      type: frame.type,
    };
    if (this.#duplicates > 0) {
      this.#duplicates -= 1;
      this.#delayed(out);
    }
    const held = this.#held;
    if (held) {
      held.frames.push(out);
      held.remaining -= 1;
      if (held.remaining <= 0) this.releaseHeld(true);
      return;
    }
    this.#delayed(out);
  }

  /** Sends each of the next `count` notifications twice (fault). */
  duplicateNext(count: number): void {
    this.#duplicates = Math.max(0, count);
  }

  /** Holds the next `count` notifications and then delivers them in reverse order (fault). */
  holdNext(count: number): void {
    this.releaseHeld(false);
    if (count > 0) this.#held = { remaining: count, frames: [] };
  }

  /** Delivers held notifications now: reversed when the hold filled up, in order when cut short. */
  releaseHeld(reverse: boolean): void {
    const held = this.#held;
    this.#held = undefined;
    if (!held) return;
    const frames = reverse ? held.frames.reverse() : held.frames;
    for (const out of frames) this.#delayed(out);
  }

  /** Restarts the idle timer: any frame or ping from the client counts as activity. */
  touch(): void {
    if (this.#idleTimeoutMs === undefined) return;
    if (this.#idleTimer) this.#clock.clearTimeout(this.#idleTimer);
    this.#idleTimer = this.#clock.setTimeout(
      () => this.close(1000, 'idle timeout'),
      this.#idleTimeoutMs,
    );
  }

  /** Closes with a close frame (code 1000, 1011, 4401, …). */
  close(code: number, reason: string): void {
    if (this.#ws.readyState >= this.#ws.CLOSING) return;
    this.closedByServer = true;
    // A close reason is at most 123 bytes.
    this.#ws.close(code, Buffer.from(reason).subarray(0, 123).toString());
  }

  /** Drops the TCP connection without a close frame: the client sees 1006. */
  terminate(): void {
    if (this.#ws.readyState === this.#ws.CLOSED) return;
    this.closedByServer = true;
    this.#ws.terminate();
  }

  /** Stops every timer of the socket; called once it has closed. */
  dispose(): void {
    if (this.#idleTimer) this.#clock.clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    for (const timer of this.#timers) this.#clock.clearTimeout(timer);
    this.#timers.clear();
    this.#held = undefined;
    this.#duplicates = 0;
  }

  #delayed(out: OutgoingText): void {
    const delay = this.#notificationDelay(this);
    if (delay <= 0) {
      this.#write(out);
      return;
    }
    const timer = this.#clock.setTimeout(() => {
      this.#timers.delete(timer);
      this.#write(out);
    }, delay);
    this.#timers.add(timer);
  }

  #write(out: OutgoingText): void {
    if (!this.isOpen) return;
    const { text } = out;
    this.#traffic.record({
      at: this.#clock.now(),
      direction: 'sent',
      event: 'frame',
      connectionId: this.id,
      accountId: this.account.accountId,
      agentId: this.agent.oldId,
      kind: out.kind,
      type: out.type,
      ...(out.reqId !== undefined ? { id: out.reqId } : {}),
      ...(out.code !== undefined ? { code: out.code } : {}),
      text,
      bytes: Buffer.byteLength(text),
    });
    this.#ws.send(text);
  }
}
