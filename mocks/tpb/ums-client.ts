import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Agent as HttpAgent } from 'undici';
import { type RawData, WebSocket } from 'ws';
import type {
  UMSExConversationChange,
  UMSExConversationChangeNotificationBody,
  UMSMessagingEvent,
  UMSMessagingEventNotification,
  UMSPublishEventRequestBody,
  UMSPublishEventResponseBody,
  UMSQueryMessagesResponseBody,
  UMSRoutingTaskNotificationBody,
  UMSSetAgentStateRequestBody,
  UMSSubscribeExConversationsRequestBody,
  UMSSubscribeResponseBody,
  UMSUpdateConversationFieldItem,
} from '../../schemas/index.ts';
import { engineDefaults } from './engine-defaults.ts';
import {
  fetchDomains,
  login,
  logout,
  refreshSession,
  type UmsAgentSession,
  type UmsDomains,
  type UmsHttpContext,
} from './ums-agent-session.ts';
import { redact, UmsClientError, type UmsResponse } from './ums-client-error.ts';

export {
  UmsClientError,
  type UmsClientErrorCode,
  type UmsResponse,
  umsClientErrorCodes,
} from './ums-client-error.ts';

export interface UmsClientOptions {
  /** `host[:port]` of CSDS, e.g. `cloud.urls.csdsDomain`. */
  csdsDomain: string;
  accountId: string;
  /** Login name of the agent (the bot user). */
  username: string;
  password: string;
  /** PEM of the CA to trust for HTTPS and WSS, e.g. `cloud.certificates.caCertPem`. */
  ca?: string;
  /** `true` (default): https and wss, as node-agent-sdk; `false`: http and ws. */
  secure?: boolean;
  /** Milliseconds before a request (and each HTTP call, and the upgrade) gives up; default `engineDefaults.umsRequestTimeoutMs`. */
  requestTimeoutMs?: number;
}

/** Who the client is logged in as (ums.md §6). */
export interface UmsIdentity {
  /** Login `config.userId`. */
  userId: string;
  /** Login `config.userPid`: the participant id notifications carry in `participantsPId`. */
  pid: string;
  /** `{accountId}.{userId}`: the id notifications carry in `participants` and `originatorId`. */
  oldId: string;
}

/** A WAITING ring offered to this agent (ums.md §8.4); answer it with `acceptRing(ringId)`. */
export interface UmsRing {
  ringId: string;
  conversationId: string;
  consumerId: string;
  skillId: string;
  /** When the ring expires, epoch milliseconds. */
  ringExpirationTs: number;
}

/** How the socket closed: the close code (1006 without a close frame) and its reason. */
export interface UmsClosedEvent {
  code: number;
  reason: string;
}

export type UmsAvailability = UMSSetAgentStateRequestBody['availability'];

/** The envelope extras of a request (ums.md §5.2). */
export interface UmsRequestEnvelope {
  metadata?: unknown[];
  encodedMetadata?: string;
}

export interface UmsPublishOptions extends UmsRequestEnvelope {
  messageAudience?: NonNullable<UMSPublishEventRequestBody['messageAudience']>;
}

/** Events of a UmsClient, with their listener arguments. */
export type UmsClientEvents = {
  /** Every notification, by wire type (`.ams.ms.OnlineEventDistribution`, …). */
  notification: [type: string, body: unknown];
  /** A WAITING ring of a RoutingTaskNotification UPSERT, one event per ring. */
  ring: [ring: UmsRing];
  /** One change of an ExConversationChangeNotification, one event per change. */
  conversation: [change: UMSExConversationChange];
  /** An OnlineEventDistribution body: one event of a dialog this agent participates in. */
  message: [body: UMSMessagingEventNotification];
  /** The socket closed without the client asking (server close, network drop); not after close() or reconnect(). */
  closed: [event: UmsClosedEvent];
  /** A frame that is not JSON, binary, or neither a response nor a notification; it was dropped. */
  protocolError: [error: UmsClientError];
};

interface Pending {
  type: string;
  resolve: (response: UmsResponse) => void;
  reject: (error: UmsClientError) => void;
  timer: NodeJS.Timeout;
}

const notificationTypes = {
  routingTask: '.ams.routing.RoutingTaskNotification',
  exConversationChange: '.ams.aam.ExConversationChangeNotification',
  onlineEventDistribution: '.ams.ms.OnlineEventDistribution',
} as const;

/**
 * A typed, promise-based UMS agent client over the real protocol, as node-agent-sdk 1.2.0 speaks
 * it: CSDS, agentVep login and the brand websocket (ums.md §§3–5, 7–12). It is how the
 * Third-Party Bots engine logs in to the mock cloud as the bot agent.
 *
 * Lifecycle: `connect()` logs in and opens the socket. When the socket closes on its own,
 * `closed` fires and every pending request rejects with UMS_CLOSED; the client does not reconnect
 * by itself. `reconnect()` runs CSDS, login and a new socket; subscriptions and the agent state
 * belong to the old socket, so the caller sets them again (the ExConversation subscription sends
 * the current conversations at once). `close()` closes the socket and logs out.
 *
 * @see docs/spec/ums.md
 * @example
 * const client = await UmsClient.connect({ csdsDomain, accountId, username, password, ca });
 * client.on('ring', (ring) => void client.acceptRing(ring.ringId));
 * await client.setAgentState('ONLINE');
 * await client.subscribeRoutingTasks();
 * await client.subscribeExConversations({ convState: ['OPEN'], agentIds: [client.identity.oldId] });
 */
export class UmsClient extends EventEmitter<UmsClientEvents> {
  readonly accountId: string;
  readonly #options: UmsClientOptions;
  readonly #http: UmsHttpContext;
  readonly #timeoutMs: number;
  readonly #pending = new Map<string, Pending>();
  /** Sockets the client closed itself: their close is not reported as `closed`. */
  readonly #closedByClient = new WeakSet<WebSocket>();
  #identity: UmsIdentity | undefined;
  #domains: UmsDomains | undefined;
  #session: UmsAgentSession | undefined;
  #ws: WebSocket | undefined;
  #reconnecting: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  private constructor(options: UmsClientOptions) {
    super();
    this.#options = options;
    this.accountId = options.accountId;
    this.#timeoutMs = options.requestTimeoutMs ?? engineDefaults.umsRequestTimeoutMs;
    this.#http = {
      secure: options.secure ?? true,
      accountId: options.accountId,
      dispatcher: new HttpAgent(options.ca === undefined ? {} : { connect: { ca: options.ca } }),
      timeoutMs: this.#timeoutMs,
    };
  }

  /** Looks up CSDS, logs in and opens the UMS socket; rejects with UMS_CSDS_FAILED, UMS_LOGIN_FAILED or UMS_SOCKET_FAILED. */
  static async connect(options: UmsClientOptions): Promise<UmsClient> {
    const client = new UmsClient(options);
    try {
      await client.#establish();
    } catch (error) {
      // Logged in but no socket: end the session, or it would hold the agent's only session.
      await client.#logoutQuietly();
      await client.#http.dispatcher.close();
      throw error;
    }
    return client;
  }

  /** The logged-in agent: user id, PId and old id. */
  get identity(): UmsIdentity {
    if (!this.#identity) throw new Error('unreachable: connect() sets the identity');
    return this.#identity;
  }

  /** Whether the socket is open (requests can be sent). */
  get isOpen(): boolean {
    return this.#ws?.readyState === WebSocket.OPEN;
  }

  /**
   * Sends a request and resolves with its response. Rejects with UMS_REQUEST_FAILED (carrying
   * `response`) when `code > 399`, UMS_REQUEST_TIMEOUT after `requestTimeoutMs`, UMS_CLOSED when
   * the socket is not open or closes first.
   *
   * @example
   * const { body } = await client.request<{ currentTime: number }>('.GetClock', {});
   */
  request<T = unknown>(
    type: string,
    body: unknown,
    envelope: UmsRequestEnvelope = {},
  ): Promise<UmsResponse<T>> {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(
        new UmsClientError(
          'UMS_CLOSED',
          this.#closing
            ? `Failed to send ${type}: the client was closed. Connect a new client.`
            : `Failed to send ${type}: the UMS socket is not open. Call reconnect() first.`,
          { requestType: type },
        ),
      );
    }
    const id = randomUUID();
    const response = new Promise<UmsResponse<T>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(
          new UmsClientError(
            'UMS_REQUEST_TIMEOUT',
            `Failed to get a response to ${type} (request ${id}) within ${this.#timeoutMs} ms. The server may be stuck or slow; retry, or raise requestTimeoutMs.`,
            { requestType: type },
          ),
        );
      }, this.#timeoutMs);
      this.#pending.set(id, {
        type,
        resolve: resolve as (response: UmsResponse) => void,
        reject,
        timer,
      });
    });
    this.#send(ws, id, type, frameText(id, type, body, envelope));
    return response;
  }

  /**
   * Sends a request frame. Its own function, so that no closure waiting for the answer keeps the
   * frame text (a 1 MB message, 999 times over) alive.
   */
  #send(ws: WebSocket, id: string, type: string, text: string): void {
    ws.send(text, (error) => {
      if (!error) return;
      this.#take(id)?.reject(
        new UmsClientError(
          'UMS_CLOSED',
          `Failed to send ${type}: ${error.message}. Call reconnect() and retry.`,
          { requestType: type, cause: error },
        ),
      );
    });
  }

  /** `.ams.routing.SetAgentState`: only an ONLINE agent gets rings (ums.md §11). */
  async setAgentState(availability: UmsAvailability): Promise<void> {
    const body: UMSSetAgentStateRequestBody = {
      availability,
      channels: ['MESSAGING'],
      agentUserId: this.identity.oldId,
    };
    await this.request('.ams.routing.SetAgentState', body);
  }

  /** `.ams.routing.SubscribeRoutingTasks`; resolves with the subscription id. Rings arrive as `ring`. */
  async subscribeRoutingTasks(): Promise<string> {
    const response = await this.request<UMSSubscribeResponseBody>(
      '.ams.routing.SubscribeRoutingTasks',
      { channelType: 'MESSAGING', agentId: this.identity.oldId, brandId: this.accountId },
    );
    return response.body.subscriptionId;
  }

  /** `.ams.routing.UpdateRingState` ACCEPTED: the agent becomes the ASSIGNED_AGENT. */
  async acceptRing(ringId: string): Promise<void> {
    await this.request('.ams.routing.UpdateRingState', { ringId, ringState: 'ACCEPTED' });
  }

  /** `.ams.routing.UpdateRingState` REJECTED: the conversation is offered to someone else. */
  async rejectRing(ringId: string): Promise<void> {
    await this.request('.ams.routing.UpdateRingState', { ringId, ringState: 'REJECTED' });
  }

  /**
   * `.ams.aam.SubscribeExConversations`; resolves with the subscription id. The current matching
   * conversations, then every change, arrive as `conversation`. Own PId in `agentIds` is sent as
   * the old id, as node-agent-sdk does.
   */
  async subscribeExConversations(filter: UMSSubscribeExConversationsRequestBody): Promise<string> {
    const { pid, oldId } = this.identity;
    const body: UMSSubscribeExConversationsRequestBody =
      filter.agentIds === undefined
        ? filter
        : { ...filter, agentIds: filter.agentIds.map((id) => (id === pid ? oldId : id)) };
    const response = await this.request<UMSSubscribeResponseBody>(
      '.ams.aam.SubscribeExConversations',
      body,
    );
    return response.body.subscriptionId;
  }

  /**
   * `.ams.ms.PublishEvent`; resolves with the event's dialog sequence (0 for a ChatStateEvent).
   * `metadata` and `encodedMetadata` go on the envelope, `messageAudience` in the body.
   */
  async publishEvent(
    dialogId: string,
    event: UMSMessagingEvent,
    options: UmsPublishOptions = {},
  ): Promise<number> {
    const body: UMSPublishEventRequestBody = {
      dialogId,
      event,
      ...(options.messageAudience !== undefined
        ? { messageAudience: options.messageAudience }
        : {}),
    };
    const envelope: UmsRequestEnvelope = {
      ...(options.metadata !== undefined ? { metadata: options.metadata } : {}),
      ...(options.encodedMetadata !== undefined
        ? { encodedMetadata: options.encodedMetadata }
        : {}),
    };
    const response = await this.request<UMSPublishEventResponseBody>(
      '.ams.ms.PublishEvent',
      body,
      envelope,
    );
    return response.body.sequence;
  }

  /**
   * `.ams.cm.UpdateConversationField` (ums.md §9): close, transfer, join or leave. Resolves with
   * the response body (e.g. "OK Agent removed successfully"). All items apply, or none.
   *
   * @example
   * await client.updateConversationField(id, [{ field: 'ConversationStateField', conversationState: 'CLOSE' }]);
   */
  async updateConversationField(
    conversationId: string,
    items: UMSUpdateConversationFieldItem[],
  ): Promise<unknown> {
    const response = await this.request('.ams.cm.UpdateConversationField', {
      conversationId,
      conversationField: items,
    });
    return response.body;
  }

  /**
   * `.ams.ms.QueryMessages`: the dialog's events newer than `newerThanSequence`. The default 0 is
   * what node-agent-sdk sends after joining; the mock includes sequence 0 then (decision 0002).
   */
  async queryMessages(
    dialogId: string,
    newerThanSequence = 0,
  ): Promise<UMSMessagingEventNotification[]> {
    const response = await this.request<UMSQueryMessagesResponseBody>('.ams.ms.QueryMessages', {
      dialogId,
      newerThanSequence,
    });
    return response.body;
  }

  /**
   * Logs in again and opens a new socket (CSDS, login, upgrade), closing the old socket first
   * without a `closed` event. Subscriptions and the agent state do not carry over: set them again.
   * Concurrent calls share one attempt.
   */
  reconnect(): Promise<void> {
    if (this.#closing) {
      return Promise.reject(
        new UmsClientError(
          'UMS_CLOSED',
          'Failed to reconnect: the client was closed. Connect a new client.',
        ),
      );
    }
    this.#reconnecting ??= (async () => {
      try {
        const old = this.#ws;
        this.#ws = undefined;
        if (old) await this.#closeSocket(old);
        await this.#establish();
      } finally {
        this.#reconnecting = undefined;
      }
    })();
    return this.#reconnecting;
  }

  /** Extends the agentVep session (`POST /refresh` with the csrf and the session cookie). */
  async refresh(): Promise<void> {
    if (this.#closing) {
      throw new UmsClientError(
        'UMS_CLOSED',
        'Failed to refresh the session: the client was closed. Connect a new client.',
      );
    }
    const { session, domains } = this.#loggedIn();
    await refreshSession(this.#http, domains.agentVep, session);
  }

  /**
   * Closes the socket (no `closed` event), rejects pending requests with UMS_CLOSED, logs out
   * (an already ended session counts as logged out) and releases the HTTP connections.
   * Idempotent: every call returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      // Let a running reconnect finish (its caller sees its outcome), then close what it opened.
      await this.#reconnecting?.then(
        () => undefined,
        () => undefined,
      );
      const ws = this.#ws;
      this.#ws = undefined;
      try {
        if (ws) await this.#closeSocket(ws);
        if (this.#session && this.#domains) {
          await logout(this.#http, this.#domains.agentVep, this.#session);
        }
      } finally {
        await this.#http.dispatcher.close();
      }
    })();
    return this.#closing;
  }

  async #establish(): Promise<void> {
    const { csdsDomain, username, password } = this.#options;
    const domains = await fetchDomains(this.#http, csdsDomain);
    const session = await login(this.#http, domains.agentVep, username, password);
    this.#domains = domains;
    this.#session = session;
    this.#identity = Object.freeze({
      userId: session.userId,
      pid: session.userPid,
      oldId: `${this.accountId}.${session.userId}`,
    });
    this.#ws = await this.#openSocket(domains.asyncMessagingEnt, session.bearer);
  }

  async #logoutQuietly(): Promise<void> {
    const session = this.#session;
    const domains = this.#domains;
    if (!session || !domains) return;
    this.#session = undefined;
    await logout(this.#http, domains.agentVep, session).catch(() => undefined);
  }

  #loggedIn(): { session: UmsAgentSession; domains: UmsDomains } {
    const session = this.#session;
    const domains = this.#domains;
    if (!session || !domains) throw new Error('unreachable: connect() logs in');
    return { session, domains };
  }

  /** Opens `ws(s)://{host}/ws_api/account/{account}/messaging/brand/{bearer}?v=2.1` (ums.md §5.1). */
  #openSocket(host: string, bearer: string): Promise<WebSocket> {
    const scheme = this.#http.secure ? 'wss' : 'ws';
    const url = `${scheme}://${host}/ws_api/account/${encodeURIComponent(this.accountId)}/messaging/brand/${encodeURIComponent(bearer)}?v=2.1`;
    const where = `the UMS websocket at ${host}`;
    return new Promise((resolve, reject) => {
      let settled = false;
      const ws = new WebSocket(url, {
        perMessageDeflate: false,
        handshakeTimeout: this.#timeoutMs,
        ...(this.#options.ca !== undefined ? { ca: this.#options.ca } : {}),
      });
      const fail = (error: UmsClientError): void => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      ws.on('error', (error) => {
        // Before open: the upgrade failed. After open: `close` follows and reports it.
        fail(
          new UmsClientError(
            'UMS_SOCKET_FAILED',
            redact(
              `Failed to open ${where}: ${error.message}. Check that UMS runs there and, over WSS, that \`ca\` is its CA.`,
              [bearer],
            ),
            { cause: error },
          ),
        );
      });
      ws.once('unexpected-response', (_request, response) => {
        const status = response.statusCode ?? 0;
        fail(
          new UmsClientError(
            'UMS_SOCKET_FAILED',
            status === 401
              ? `Failed to open ${where}: the upgrade was refused with HTTP 401, so the bearer is no live session (expired, logged out or replaced by a newer login). Call reconnect() to log in again.`
              : `Failed to open ${where}: the upgrade was refused with HTTP ${status}. Check csdsDomain and accountId.`,
            { status },
          ),
        );
        ws.terminate();
      });
      ws.on('message', (data, isBinary) => this.#onFrame(data, isBinary));
      ws.on('close', (code, reason) => this.#onClose(ws, code, reason.toString()));
      ws.once('open', () => {
        if (settled) return;
        settled = true;
        resolve(ws);
      });
    });
  }

  /** Closes a socket of ours with 1000 and waits for it; its close is not reported as `closed`. */
  #closeSocket(ws: WebSocket): Promise<void> {
    this.#closedByClient.add(ws);
    if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      ws.once('close', () => resolve());
      ws.close(1000, 'client closed');
    });
  }

  #onClose(ws: WebSocket, code: number, reason: string): void {
    if (this.#ws === ws) this.#ws = undefined;
    for (const [id, pending] of this.#pending) {
      this.#take(id);
      pending.reject(
        new UmsClientError(
          'UMS_CLOSED',
          `Failed to get a response to ${pending.type}: the UMS socket closed (${code}${reason ? ` ${reason}` : ''}) before it answered. Call reconnect() and retry.`,
          { requestType: pending.type, closeCode: code },
        ),
      );
    }
    if (!this.#closedByClient.has(ws)) this.emit('closed', { code, reason });
  }

  #take(id: string): Pending | undefined {
    const pending = this.#pending.get(id);
    if (!pending) return undefined;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    return pending;
  }

  #onFrame(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.#protocolError('a binary frame');
      return;
    }
    let frame: { kind?: unknown; reqId?: unknown; code?: unknown; type?: unknown; body?: unknown };
    try {
      frame = JSON.parse(data.toString());
    } catch {
      this.#protocolError('a frame that is not JSON');
      return;
    }
    if (frame?.kind === 'resp' && typeof frame.reqId === 'string') {
      this.#onResponse(frame.reqId, frame.code, frame.type, frame.body);
    } else if (frame?.kind === 'notification' && typeof frame.type === 'string') {
      this.#onNotification(frame.type, frame.body);
    } else {
      this.#protocolError(`a frame of kind ${JSON.stringify(frame?.kind)}`);
    }
  }

  #onResponse(reqId: string, code: unknown, type: unknown, body: unknown): void {
    // A late answer (after a timeout) or one to no request of ours (reqId "") is dropped.
    const pending = this.#take(reqId);
    if (!pending) return;
    const response: UmsResponse = {
      code: typeof code === 'number' ? code : 0,
      type: typeof type === 'string' ? type : '',
      body,
    };
    if (response.code > 0 && response.code <= 399) {
      pending.resolve(response);
      return;
    }
    pending.reject(
      new UmsClientError(
        'UMS_REQUEST_FAILED',
        `Failed to send ${pending.type}: UMS answered ${response.code} ${response.type}${errorDetail(body)}. ${hintFor(response.code)}`,
        { requestType: pending.type, response },
      ),
    );
  }

  #onNotification(type: string, body: unknown): void {
    this.emit('notification', type, body);
    switch (type) {
      case notificationTypes.routingTask:
        for (const change of (body as UMSRoutingTaskNotificationBody).changes) {
          if (change.type !== 'UPSERT') continue;
          for (const ring of change.result.ringsDetails) {
            if (ring.ringState !== 'WAITING') continue;
            this.emit('ring', {
              ringId: ring.ringId,
              conversationId: ring.convId,
              consumerId: ring.consumerId,
              skillId: ring.skillId,
              ringExpirationTs: ring.ringExpirationTs,
            });
          }
        }
        break;
      case notificationTypes.exConversationChange:
        for (const change of (body as UMSExConversationChangeNotificationBody).changes) {
          this.emit('conversation', change);
        }
        break;
      case notificationTypes.onlineEventDistribution:
        this.emit('message', body as UMSMessagingEventNotification);
        break;
    }
  }

  #protocolError(what: string): void {
    this.emit(
      'protocolError',
      new UmsClientError(
        'UMS_PROTOCOL_ERROR',
        `Failed to read a UMS frame: got ${what}; expected JSON {kind: "resp" | "notification", …} (ums.md §5.2). The frame was dropped; this is a bug in the server.`,
      ),
    );
  }
}

/** " (details)" of a `.ReqBody$ErrorResp` body, or " (text)" of a string body, or "". */
function errorDetail(body: unknown): string {
  const details =
    typeof body === 'string' ? body : (body as { details?: unknown } | null | undefined)?.details;
  if (typeof details !== 'string') return '';
  const trimmed = details.trim().replace(/\.$/, '');
  return trimmed ? ` (${trimmed})` : '';
}

/** What to do about an error code, per LivePerson's retry policy (ums.md §10). */
function hintFor(code: number): string {
  if (code === 429) return 'Throttled: wait at least 1 s before retrying.';
  if (code >= 500) return 'A transient server error: retry after 5, 10 and 15 s.';
  if (code === 401) return 'The session is no longer valid: call reconnect().';
  return 'Fix the request and do not retry it as is; see ums.md §7–§10.';
}

function frameText(id: string, type: string, body: unknown, envelope: UmsRequestEnvelope): string {
  return JSON.stringify({
    kind: 'req',
    id,
    type,
    body,
    ...(envelope.metadata !== undefined ? { metadata: envelope.metadata } : {}),
    ...(envelope.encodedMetadata !== undefined
      ? { encodedMetadata: envelope.encodedMetadata }
      : {}),
  });
}
