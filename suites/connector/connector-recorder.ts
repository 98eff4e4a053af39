/**
 * Everything the mock cloud saw of one connector: the UMS frames of its agent's sockets (the
 * mock's traffic log), its HTTP requests to CSDS and agentVep, its websocket upgrades (accepted or
 * refused), its login sessions and the rings offered to it. It only listens to public events of
 * the mock (`cloud.ums.traffic`, `cloud.sessions`, `cloud.servers`, `account.routing`,
 * `account.conversations`); it never changes what the mock does.
 *
 * @see docs/spec/ums.md#12-connect-sequence §12 (connect sequence as the mock observes it)
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Agent,
  type AgentSession,
  type MockCloud,
  parseBrandPath,
  type Ring,
  type RoutingTask,
  redactedPath,
  type SessionEndReason,
  type TrafficEntry,
} from '../../mocks/index.ts';

/** One HTTP request to the mock's account API (CSDS, login, refresh, logout). */
export interface HttpRecord {
  at: number;
  method: string;
  /** Path and query as sent. */
  url: string;
  /** The Host header: the host the client believed it was talking to. */
  host: string;
  /** Over TLS (the HTTPS port) or plain HTTP. */
  secure: boolean;
  kind: 'csds' | 'login' | 'refresh' | 'logout' | 'other';
  /** Whether a `session_id` cookie came along (refresh and logout need it). */
  sessionCookie: boolean;
  /** The mock's answer, once sent. */
  status?: number;
}

/** One websocket upgrade on the brand path. */
export interface UpgradeRecord {
  at: number;
  /** The path with the bearer redacted, and the query. */
  path: string;
  host: string;
  secure: boolean;
  /** Whether the path is the brand path `/ws_api/account/{accountId}/messaging/brand/{bearer}`. */
  brand: boolean;
  /** Whether the bearer was a live session of the account (the mock then accepts it). */
  accepted: boolean;
}

/** One login session of the connector's agent. */
export interface SessionRecord {
  bearer: string;
  csrf: string;
  origin: AgentSession['origin'];
  createdAt: number;
  endedAt?: number;
  reason?: SessionEndReason;
  /** For a session replaced by a new login: the connector's sockets still open at that moment. */
  openSocketsWhenReplaced?: string[];
}

/** One ring offered to the connector's agent, with every state it went through. */
export interface RingRecord {
  ringId: string;
  conversationId: string;
  ringExpiration: number;
  ringExpirationTs: number;
  states: Array<{ state: Ring['ringState']; at: number }>;
}

interface RecorderEvents {
  change: [];
}

/**
 * Follows one agent through the mock cloud. `waitFor` re-checks a condition on every recorded
 * change, never on a poll.
 *
 * @example
 * const recorder = new ConnectorRecorder(cloud, agent);
 * const open = await recorder.waitFor(() => recorder.entries.find((e) => e.event === 'open'), 5000);
 * recorder.dispose();
 */
export class ConnectorRecorder extends EventEmitter<RecorderEvents> {
  /** The agent's UMS traffic, oldest first (bounded like the mock's own log). */
  readonly entries: TrafficEntry[] = [];
  readonly http: HttpRecord[] = [];
  readonly upgrades: UpgradeRecord[] = [];
  readonly sessions: SessionRecord[] = [];
  readonly rings = new Map<string, RingRecord>();
  readonly #responses = new Map<string, TrafficEntry>();
  readonly #limit: number;
  readonly #detach: Array<() => void> = [];

  constructor(
    readonly cloud: MockCloud,
    readonly agent: Agent,
    options: { limit?: number } = {},
  ) {
    super();
    this.setMaxListeners(0);
    this.#limit = options.limit ?? 50_000;
    this.#listen(cloud.ums.traffic, 'entry', (entry: TrafficEntry) => this.#onEntry(entry));
    this.#listen(cloud.sessions, 'created', (session: AgentSession) => this.#onCreated(session));
    this.#listen(cloud.sessions, 'revoked', (session: AgentSession, reason: SessionEndReason) =>
      this.#onRevoked(session, reason),
    );
    for (const [server, secure] of [
      [cloud.servers.secure, true],
      [cloud.servers.plain, false],
    ] as const) {
      this.#listen(server, 'request', (req: IncomingMessage, res: ServerResponse) =>
        this.#onRequest(req, res, secure),
      );
      this.#listen(server, 'upgrade', (req: IncomingMessage) => this.#onUpgrade(req, secure));
    }
    this.#listen(cloud.account.routing, 'ring', (task: RoutingTask, ring: Ring) =>
      this.#onRing(task, ring),
    );
    const changed = () => this.notify();
    this.#listen(cloud.account.conversations, 'change', changed);
    this.#listen(cloud.account.conversations, 'event', changed);
  }

  /** Tells the waiters that something they may wait for happened (e.g. the process exited). */
  notify(): void {
    this.emit('change');
  }

  /** The response the mock sent to a request entry, if any yet. */
  responseTo(request: TrafficEntry): TrafficEntry | undefined {
    return request.id === undefined
      ? undefined
      : this.#responses.get(`${request.connectionId} ${request.id}`);
  }

  /** Whether the mock answered the request with a success code (< 300). */
  succeeded(request: TrafficEntry): boolean {
    const code = this.responseTo(request)?.code;
    return code !== undefined && code < 300;
  }

  /** The agent's sockets open right now, by connection id. */
  openConnections(): string[] {
    return this.cloud.ums.connections({ agent: this.agent.oldId }).map((c) => c.connectionId);
  }

  /**
   * Resolves with the first value of `check` that is neither undefined nor false, re-checked on
   * every change; resolves undefined when `timeoutMs` passes first. Timeouts are findings here,
   * not errors.
   */
  waitFor<T>(check: () => T | undefined | false, timeoutMs: number): Promise<T | undefined> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (value: T | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.off('change', evaluate);
        resolve(value);
      };
      const evaluate = () => {
        const value = check();
        if (value !== undefined && value !== false) finish(value);
      };
      const timer = setTimeout(() => finish(undefined), Math.max(0, timeoutMs));
      this.on('change', evaluate);
      evaluate();
    });
  }

  /** Stops listening to the mock; idempotent. */
  dispose(): void {
    for (const detach of this.#detach.splice(0)) detach();
    this.removeAllListeners();
  }

  #listen<A extends unknown[]>(
    emitter: {
      on(event: string, listener: (...args: A) => void): unknown;
      off(event: string, listener: (...args: A) => void): unknown;
    },
    event: string,
    listener: (...args: A) => void,
  ): void {
    emitter.on(event, listener);
    this.#detach.push(() => emitter.off(event, listener));
  }

  #onEntry(entry: TrafficEntry): void {
    if (entry.agentId !== this.agent.oldId) return;
    this.entries.push(entry);
    if (this.entries.length > this.#limit) this.entries.shift();
    if (entry.direction === 'sent' && entry.kind === 'resp' && entry.id !== undefined) {
      this.#responses.set(`${entry.connectionId} ${entry.id}`, entry);
    }
    this.notify();
  }

  #isMine(session: AgentSession): boolean {
    return (
      session.accountId === this.cloud.account.accountId && session.userId === this.agent.userId
    );
  }

  #onCreated(session: AgentSession): void {
    if (!this.#isMine(session)) return;
    this.sessions.push({
      bearer: session.bearer,
      csrf: session.csrf,
      origin: session.origin,
      createdAt: session.createdAt,
    });
    this.notify();
  }

  #onRevoked(session: AgentSession, reason: SessionEndReason): void {
    if (!this.#isMine(session)) return;
    const record = this.sessions.find((candidate) => candidate.bearer === session.bearer);
    if (!record) return;
    record.endedAt = Date.now();
    record.reason = reason;
    // The new session has no socket yet: any socket open now belongs to the replaced one.
    if (reason === 'replaced') record.openSocketsWhenReplaced = this.openConnections();
    this.notify();
  }

  #onRequest(req: IncomingMessage, res: ServerResponse, secure: boolean): void {
    const url = req.url ?? '/';
    const { pathname } = new URL(url, 'http://mock.invalid');
    if (!pathname.startsWith('/api/account/')) return;
    const record: HttpRecord = {
      at: Date.now(),
      method: req.method ?? 'GET',
      url,
      host: req.headers.host ?? '',
      secure,
      kind: requestKind(pathname),
      sessionCookie: /(?:^|;\s*)session_id=/i.test(req.headers.cookie ?? ''),
    };
    this.http.push(record);
    res.once('finish', () => {
      record.status = res.statusCode;
      this.notify();
    });
    this.notify();
  }

  #onUpgrade(req: IncomingMessage, secure: boolean): void {
    const url = req.url ?? '/';
    const path = parseBrandPath(url);
    const session = path && this.cloud.sessions.byBearer(path.bearer);
    if (session && !this.#isMine(session)) return;
    this.upgrades.push({
      at: Date.now(),
      // Any other path is refused by the mock; its query may hold a token, so it is dropped.
      path: path ? redactedPath(url) : new URL(url, 'http://mock.invalid').pathname,
      host: req.headers.host ?? '',
      secure,
      brand: path !== undefined,
      accepted: session !== undefined && session.accountId === path?.accountId,
    });
    this.notify();
  }

  #onRing(task: RoutingTask, ring: Ring): void {
    if (ring.agentId !== this.agent.oldId) return;
    const record = this.rings.get(ring.ringId) ?? {
      ringId: ring.ringId,
      conversationId: task.conversationId,
      ringExpiration: ring.ringExpiration,
      ringExpirationTs: ring.ringExpirationTs,
      states: [],
    };
    if (record.states.at(-1)?.state !== ring.ringState) {
      record.states.push({ state: ring.ringState, at: Date.now() });
    }
    this.rings.set(ring.ringId, record);
    this.notify();
  }
}

function requestKind(pathname: string): HttpRecord['kind'] {
  if (/\/baseURI\.json$/.test(pathname)) return 'csds';
  if (/\/login$/.test(pathname)) return 'login';
  if (/\/refresh$/.test(pathname)) return 'refresh';
  if (/\/logout$/.test(pathname)) return 'logout';
  return 'other';
}
