import { randomUUID } from 'node:crypto';
import { type ClientOptions, WebSocket } from 'ws';
import { validate } from '../../../schemas/index.ts';
import { notificationBodySchemas, responseBodySchemas } from '../request-types.ts';
import type { UmsNotificationFrame, UmsResponseFrame } from '../ums-connection.ts';

export type ReceivedFrame = UmsResponseFrame | UmsNotificationFrame;

/** An upgrade the server refused with an HTTP status. */
export class UpgradeRejected extends Error {
  override readonly name = 'UpgradeRejected';

  constructor(readonly status: number) {
    super(`The websocket upgrade was refused with HTTP ${status}.`);
  }
}

interface Waiter {
  description: string;
  predicate: (frame: ReceivedFrame) => boolean;
  resolve: (frame: ReceivedFrame) => void;
}

const defaultTimeoutMs = 2000;

/**
 * A plain `ws` client for tests of the mock UMS. Every frame it receives is checked against
 * ums-frame and the body schema of its type; `schemaIssues` collects what failed.
 * `waitFor` takes the first unclaimed frame that matches, so successive waits see later frames.
 */
export class TestUmsClient {
  readonly received: ReceivedFrame[] = [];
  readonly schemaIssues: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #claimed = new Set<ReceivedFrame>();
  readonly #waiters = new Set<Waiter>();

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    ws.on('message', (data) => this.#receive(String(data)));
  }

  /** Opens a socket; rejects with UpgradeRejected when the server answers the upgrade with HTTP. */
  static connect(url: string, options: ClientOptions = {}): Promise<TestUmsClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options);
      ws.on('error', (error) => reject(error));
      ws.on('unexpected-response', (request, response) => {
        reject(new UpgradeRejected(response.statusCode ?? 0));
        request.destroy();
      });
      ws.once('open', () => resolve(new TestUmsClient(ws)));
    });
  }

  /** Sends a raw text frame. */
  sendText(text: string): void {
    this.ws.send(text);
  }

  /** Sends a request and resolves with its response. */
  async request(
    type: string,
    body: unknown = {},
    envelope: Record<string, unknown> = {},
  ): Promise<UmsResponseFrame> {
    const id = randomUUID();
    this.sendText(JSON.stringify({ kind: 'req', id, type, body, ...envelope }));
    return (await this.waitFor(
      `the response to ${type} (${id})`,
      (frame) => frame.kind === 'resp' && frame.reqId === id,
    )) as UmsResponseFrame;
  }

  /** Waits for the next unclaimed response with this reqId. */
  async response(reqId: string, description = `the response with reqId "${reqId}"`) {
    return (await this.waitFor(
      description,
      (frame) => frame.kind === 'resp' && frame.reqId === reqId,
    )) as UmsResponseFrame;
  }

  /** Waits for the next unclaimed notification of a type (that also matches `predicate`). */
  async notification<Body = Record<string, unknown>>(
    type: string,
    predicate: (body: Body) => boolean = () => true,
    description = `a ${type} notification`,
  ): Promise<Body> {
    const frame = await this.waitFor(
      description,
      (candidate) =>
        candidate.kind === 'notification' &&
        candidate.type === type &&
        predicate(candidate.body as Body),
    );
    return frame.body as Body;
  }

  /** Unclaimed notifications of a type received so far. */
  pending(type: string): ReceivedFrame[] {
    return this.received.filter(
      (frame) => !this.#claimed.has(frame) && frame.kind === 'notification' && frame.type === type,
    );
  }

  /** Resolves with the first unclaimed frame that matches, now or when it arrives. */
  waitFor(
    description: string,
    predicate: (frame: ReceivedFrame) => boolean,
    timeoutMs = defaultTimeoutMs,
  ): Promise<ReceivedFrame> {
    const found = this.received.find((frame) => !this.#claimed.has(frame) && predicate(frame));
    if (found) {
      this.#claimed.add(found);
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const seen = this.received
          .filter((frame) => !this.#claimed.has(frame))
          .map((frame) =>
            frame.kind === 'resp' ? `resp ${frame.code} ${frame.type}` : frame.type,
          );
        reject(
          new Error(
            `Timed out after ${timeoutMs} ms waiting for ${description}; unclaimed frames: [${seen.join(', ')}].`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        description,
        predicate,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      };
      this.#waiters.add(waiter);
    });
  }

  /** Closes the socket and waits until it is closed. */
  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await this.closed;
  }

  #receive(text: string): void {
    let frame: ReceivedFrame;
    try {
      frame = JSON.parse(text) as ReceivedFrame;
    } catch {
      this.schemaIssues.push(`not JSON: ${text.slice(0, 80)}`);
      return;
    }
    this.#check(frame);
    this.received.push(frame);
    for (const waiter of this.#waiters) {
      if (!waiter.predicate(frame)) continue;
      this.#waiters.delete(waiter);
      this.#claimed.add(frame);
      waiter.resolve(frame);
      return;
    }
  }

  #check(frame: ReceivedFrame): void {
    const envelope = validate('ums-frame', frame);
    if (!envelope.ok) {
      for (const issue of envelope.issues) this.schemaIssues.push(`frame ${issue.message}`);
      return;
    }
    const schemas = frame.kind === 'resp' ? responseBodySchemas : notificationBodySchemas;
    const schema = schemas[frame.type];
    if (!schema) {
      this.schemaIssues.push(`${frame.kind} type ${frame.type} has no body schema`);
      return;
    }
    const body = validate(schema, frame.body);
    if (!body.ok) {
      for (const issue of body.issues) this.schemaIssues.push(`${frame.type} ${issue.message}`);
    }
  }
}
