import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { type ValidationIssue, validate } from '../../schemas/index.ts';
import type { Agent } from '../platform/account-directory.ts';
import { maxJsonNestingDepth, nestingDepth } from '../platform/candidate-json.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import type { AccountLookup, MockAccount } from '../platform/mock-account.ts';
import { AccountHub } from './account-hub.ts';
import {
  type HandlerContext,
  type RequestHandler,
  requestHandlers,
  type UserProfileLookup,
} from './request-handlers.ts';
import {
  errorResponseType,
  isUmsRequestType,
  type UmsRequestType,
  umsRequestTypes,
} from './request-types.ts';
import { type TrafficEntry, TrafficLog, type TrafficLogOptions } from './traffic-log.ts';
import {
  UmsConnection,
  type UmsConnectionInfo,
  type UmsNotificationFrame,
  type UmsTarget,
} from './ums-connection.ts';
import { UmsFaults } from './ums-faults.ts';
import { UmsRequestError, umsErrorCodes } from './ums-request-error.ts';
import type { UmsSessionSource } from './ums-session-source.ts';
import { isBrandPath, parseBrandPath, redactedPath, rejectUpgrade } from './upgrade-path.ts';

export interface UmsServerOptions {
  accounts: AccountLookup;
  sessions: UmsSessionSource;
  /** Default: the system clock. Timers (notification delays, idle timeout) run on it. */
  clock?: Clock;
  /** Frames above this get a 413 error response; default 1 MiB. */
  maxFrameBytes?: number;
  /** Frames above this close the socket with 1009; default 16 × `maxFrameBytes`. */
  hardFrameLimitBytes?: number;
  /** Close a socket with 1000 after this long without a frame or ping; default off. */
  idleTimeoutMs?: number;
  traffic?: TrafficLogOptions;
  /** Consumer profiles for GetUserProfile; default `{}` for every consumer of the account. */
  userProfiles?: UserProfileLookup;
}

const defaultMaxFrameBytes = 1024 * 1024;
/** How long `close()` waits for clients to answer the close frame before dropping them. */
const closeGraceMs = 1000;

/**
 * The mock UMS brand websocket (ums.md §5–§12): authenticates upgrades by the bearer in the path,
 * answers every request frame with exactly one response, and pushes ExConversation, messaging,
 * routing and agent-state notifications from the account's conversation store and routing.
 *
 * @see docs/spec/ums.md
 * @example
 * const ums = new UmsServer({ accounts, sessions });
 * httpsServer.on('upgrade', (req, socket, head) => {
 *   if (!ums.handleUpgrade(req, socket, head)) rejectUpgrade(socket, 404, 'Not Found');
 * });
 * createMockAccount({ accountId, clock, canReceiveRings: (agent) => ums.canReceiveRings(accountId, agent) });
 */
export class UmsServer {
  readonly faults: UmsFaults;
  /** Every frame in and out, bounded; listen to its `entry` event to follow it live. */
  readonly traffic: TrafficLog;
  readonly clock: Clock;
  readonly maxFrameBytes: number;
  readonly hardFrameLimitBytes: number;
  readonly #accounts: AccountLookup;
  readonly #sessions: UmsSessionSource;
  readonly #idleTimeoutMs: number | undefined;
  readonly #userProfiles: UserProfileLookup | undefined;
  readonly #wss: WebSocketServer;
  readonly #sockets = new Map<UmsConnection, WebSocket>();
  readonly #hubs = new Map<string, AccountHub>();
  #nextConnectionId = 1;
  #closing: Promise<void> | undefined;
  /** While a request is being handled, notifications wait here so that its response goes first. */
  #handling = 0;
  #deferred: [UmsConnection, UmsNotificationFrame][] = [];

  constructor(options: UmsServerOptions) {
    this.#accounts = options.accounts;
    this.#sessions = options.sessions;
    this.clock = options.clock ?? systemClock;
    this.maxFrameBytes = options.maxFrameBytes ?? defaultMaxFrameBytes;
    this.hardFrameLimitBytes = options.hardFrameLimitBytes ?? 16 * this.maxFrameBytes;
    this.#idleTimeoutMs = options.idleTimeoutMs;
    this.#userProfiles = options.userProfiles;
    this.traffic = new TrafficLog(options.traffic);
    this.faults = new UmsFaults({ connections: (target) => this.#matching(target) });
    this.#wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: this.hardFrameLimitBytes,
    });
    this.#sessions.onRevoked((session, reason) => {
      for (const connection of this.#sockets.keys()) {
        if (connection.bearer === session.bearer) connection.close(4401, `session ${reason}`);
      }
    });
  }

  /**
   * Takes a websocket upgrade on the brand path and returns true; returns false (and leaves the
   * socket alone) for any other path, so that other routes can have it. An unknown, expired or
   * revoked bearer, or one of another account, is refused with HTTP 401; a malformed
   * percent-escape in the path with 400.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = req.url ?? '/';
    const path = parseBrandPath(url);
    if (!path) {
      if (!isBrandPath(url)) return false;
      rejectUpgrade(
        socket,
        400,
        'Failed to open the UMS socket: the path has a malformed percent-escape. Send /ws_api/account/{accountId}/messaging/brand/{bearer}.',
      );
      return true;
    }
    if (this.#closing) {
      rejectUpgrade(socket, 503, 'The mock UMS is shutting down.');
      return true;
    }
    const session = this.#sessions.byBearer(path.bearer);
    const account =
      session?.accountId === path.accountId ? this.#accounts(path.accountId) : undefined;
    const agent = session ? account?.directory.agents.get(session.userId) : undefined;
    if (!session || !account || !agent) {
      rejectUpgrade(
        socket,
        401,
        `Failed to open the UMS socket: the bearer is not a live session of account ${path.accountId}. Log in again.`,
      );
      return true;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) =>
      this.#accept(ws, account, agent, path.bearer, redactedPath(url)),
    );
    return true;
  }

  /** Whether the agent has a socket subscribed to routing tasks; wire it to `createMockAccount`. */
  canReceiveRings(accountId: string, agent: Agent): boolean {
    return this.#hubs.get(accountId)?.canReceiveRings(agent) ?? false;
  }

  /** The open sockets (all, or those of a target). */
  connections(target: UmsTarget = {}): UmsConnectionInfo[] {
    return this.#matching(target).map((connection) => connection.info());
  }

  /** Closes every socket (1001, then dropped after a grace period) and stops; idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    const open = [...this.#sockets];
    const closed = open.map(
      ([, ws]) => new Promise<void>((resolve) => ws.once('close', () => resolve())),
    );
    for (const [connection] of open) connection.close(1001, 'server shutting down');
    let grace: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      grace = setTimeout(() => {
        for (const [connection] of open) connection.terminate();
        resolve();
      }, closeGraceMs);
      grace.unref();
    });
    await Promise.race([Promise.all(closed), late]);
    clearTimeout(grace);
    for (const hub of this.#hubs.values()) hub.dispose();
    this.#hubs.clear();
    this.#wss.close();
  }

  #matching(target: UmsTarget): UmsConnection[] {
    return [...this.#sockets.keys()].filter((connection) => connection.matches(target));
  }

  #hubFor(account: MockAccount): AccountHub {
    const existing = this.#hubs.get(account.accountId);
    if (existing?.account === account) return existing;
    existing?.dispose();
    const hub = new AccountHub(account, (connection, frame) => this.#deliver(connection, frame));
    this.#hubs.set(account.accountId, hub);
    return hub;
  }

  #accept(ws: WebSocket, account: MockAccount, agent: Agent, bearer: string, path: string): void {
    const connection = new UmsConnection({
      id: `ums-${this.#nextConnectionId++}`,
      ws,
      account,
      agent,
      bearer,
      clock: this.clock,
      traffic: this.traffic,
      idleTimeoutMs: this.#idleTimeoutMs,
      notificationDelay: (target) => this.faults.notificationDelay(target),
    });
    const hub = this.#hubFor(account);
    hub.attach(connection);
    this.#sockets.set(connection, ws);
    this.#log(connection, 'received', 'open', { text: path, bytes: 0 });
    ws.on('message', (data, isBinary) =>
      this.#onMessage(connection, hub, toBuffer(data), isBinary),
    );
    ws.on('ping', (data) => {
      connection.touch();
      this.#log(connection, 'received', 'ping', { bytes: data.length });
    });
    ws.on('pong', (data) => {
      connection.touch();
      this.#log(connection, 'received', 'pong', { bytes: data.length });
    });
    ws.on('error', () => {
      // ws closes the socket itself (1009 past the hard frame limit, 1007 bad UTF-8).
      connection.closedByServer = true;
    });
    ws.on('close', (code, reason) => {
      connection.dispose();
      hub.detach(connection);
      this.#sockets.delete(connection);
      this.#log(connection, connection.closedByServer ? 'sent' : 'received', 'close', {
        code,
        text: reason.toString(),
        bytes: reason.length,
      });
    });
    if (this.#closing) connection.close(1001, 'server shutting down');
  }

  #log(
    connection: UmsConnection,
    direction: TrafficEntry['direction'],
    event: TrafficEntry['event'],
    details: Pick<TrafficEntry, 'bytes'> &
      Partial<Pick<TrafficEntry, 'text' | 'code' | 'truncated' | 'kind' | 'type' | 'id'>>,
  ): void {
    this.traffic.record({
      at: this.clock.now(),
      direction,
      event,
      connectionId: connection.id,
      accountId: connection.account.accountId,
      agentId: connection.agent.oldId,
      ...details,
    });
  }

  #deliver(connection: UmsConnection, frame: UmsNotificationFrame): void {
    if (this.#handling > 0) this.#deferred.push([connection, frame]);
    else connection.notify(frame);
  }

  #onMessage(connection: UmsConnection, hub: AccountHub, data: Buffer, isBinary: boolean): void {
    connection.touch();
    let reqId = '';
    this.#handling += 1;
    try {
      if (data.length > this.maxFrameBytes) {
        const head = data.subarray(0, Math.min(data.length, this.traffic.textLimit)).toString();
        reqId = sniffRequestId(head);
        this.#log(connection, 'received', 'frame', {
          text: head,
          bytes: data.length,
          truncated: true,
          ...(reqId ? { id: reqId } : {}),
        });
        throw new UmsRequestError(
          413,
          umsErrorCodes.frameTooLarge,
          `Failed to read the request: the frame has ${data.length} bytes, more than the ${this.maxFrameBytes} allowed. Send smaller frames.`,
        );
      }
      const text = data.toString('utf8');
      const frame = parseFrame(text);
      const record = isRecord(frame) ? frame : {};
      if (typeof record.id === 'string') reqId = record.id;
      this.#log(connection, 'received', 'frame', {
        text,
        bytes: data.length,
        ...(typeof record.kind === 'string' ? { kind: record.kind } : {}),
        ...(typeof record.type === 'string' ? { type: record.type } : {}),
        ...(reqId ? { id: reqId } : {}),
      });
      checkNesting(frame);
      this.#handle(connection, hub, frame, isBinary, (code, type, body) =>
        connection.respond({ kind: 'resp', reqId, code, type, body }),
      );
    } catch (error) {
      const failure = UmsRequestError.from(error);
      connection.respond({
        kind: 'resp',
        reqId,
        code: failure.code,
        type: errorResponseType,
        body: failure.toBody(),
      });
    } finally {
      this.#handling -= 1;
      if (this.#handling === 0) this.#flush();
    }
  }

  #handle(
    connection: UmsConnection,
    hub: AccountHub,
    frame: unknown,
    isBinary: boolean,
    respond: (code: number, type: string, body: unknown) => void,
  ): void {
    if (isBinary) {
      throw new UmsRequestError(
        400,
        umsErrorCodes.malformedFrame,
        'Failed to read the request: it came as a binary frame. Send JSON in text frames.',
      );
    }
    if (!isRecord(frame)) {
      throw new UmsRequestError(
        400,
        umsErrorCodes.malformedFrame,
        `Failed to read the request: expected a JSON object, got ${frame === null ? 'null' : Array.isArray(frame) ? 'an array' : typeof frame}. Send {kind: "req", id, type, body}.`,
      );
    }
    const envelope = validate('ums-request', frame);
    if (!envelope.ok) {
      const missing = envelope.issues.some((issue) => issue.keyword === 'required');
      throw new UmsRequestError(
        400,
        missing ? umsErrorCodes.missingParameter : umsErrorCodes.malformedFrame,
        `Failed to read the request: ${describeIssues(envelope.issues)}. Send {kind: "req", id, type, body}.`,
      );
    }
    const request = envelope.value;
    const failure = this.faults.takeFailure(connection, request.type);
    if (failure) throw failure;
    if (!isUmsRequestType(request.type)) {
      throw new UmsRequestError(
        400,
        umsErrorCodes.unknownType,
        `Failed to handle the request: unknown type "${request.type}". See ums.md §7 for the request types.`,
      );
    }
    const type: UmsRequestType = request.type;
    const spec = umsRequestTypes[type];
    const body = validate(spec.bodySchema, request.body);
    if (!body.ok) {
      throw new UmsRequestError(
        400,
        umsErrorCodes.invalidBody,
        `Failed to handle ${type}: the body does not match ${spec.bodySchema}: ${describeIssues(body.issues)}.`,
      );
    }
    const context: HandlerContext = {
      connection,
      account: connection.account,
      agent: connection.agent,
      hub,
      clock: this.clock,
      request,
      userProfiles: this.#userProfiles,
    };
    // Each handler takes the body its own schema describes; the table pairs them by type.
    const handler = requestHandlers[type] as RequestHandler<UmsRequestType>;
    const result = handler(context, body.value as never);
    respond(result.code ?? 200, spec.responseType, result.body);
  }

  #flush(): void {
    while (this.#deferred.length > 0) {
      const batch = this.#deferred;
      this.#deferred = [];
      for (const [connection, frame] of batch) connection.notify(frame);
    }
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseFrame(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new UmsRequestError(
      400,
      umsErrorCodes.malformedFrame,
      `Failed to read the request: it is not JSON (${detail}). Send {kind: "req", id, type, body} as JSON text.`,
    );
  }
}

/**
 * Refuses a frame nested deeper than the platform parser reads (decision 0012), once its id is
 * known. Deeper JSON would reach the validator, whose messages print values: a frame 5,000 deep
 * took 40 ms there, so a flood of them starved every other socket.
 */
function checkNesting(frame: unknown): void {
  if (nestingDepth(frame, maxJsonNestingDepth) <= maxJsonNestingDepth) return;
  throw new UmsRequestError(
    400,
    umsErrorCodes.malformedFrame,
    `Failed to read the request: the JSON is nested more than ${maxJsonNestingDepth} levels deep (the platform's parser limit). Send flatter frames.`,
  );
}

function describeIssues(issues: ValidationIssue[]): string {
  const shown = issues.slice(0, 5).map((issue) => issue.message);
  if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`);
  return shown.join('; ');
}

/**
 * The request id of a frame too large to parse, read from its start: node-agent-sdk writes
 * `kind`, `id` and `type` before `body`, so the id is found before the first `"body"` key.
 */
function sniffRequestId(head: string): string {
  const bodyAt = head.indexOf('"body"');
  const prefix = bodyAt < 0 ? head.slice(0, 1024) : head.slice(0, bodyAt);
  const match = /"id"\s*:\s*("(?:[^"\\]|\\.){1,64}")/.exec(prefix);
  if (!match?.[1]) return '';
  try {
    return JSON.parse(match[1]) as string;
  } catch {
    return '';
  }
}
