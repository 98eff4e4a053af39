import { request } from 'undici';
import type { RunningCustomEndpoint } from '../example-custom-endpoint/index.ts';

/** One HTTP exchange as a test sees it. */
export interface CeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json(): unknown;
}

export interface CeCallOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Sent verbatim as `Authorization` (wins over `token`). */
  authorization?: string;
  /** Serialized as JSON. */
  body?: unknown;
  /** Sent verbatim (wins over `body`). */
  rawBody?: string;
  signal?: AbortSignal;
}

/**
 * A tiny Custom Endpoint client for tests: paths relative to the service, a default token.
 *
 * @example
 * const client = new CeClient(ce, token);
 * const res = await client.call('GET', client.statePath());
 */
export class CeClient {
  constructor(
    readonly endpoint: Pick<RunningCustomEndpoint, 'baseUrl' | 'botId' | 'environment'>,
    readonly token?: string,
  ) {}

  environmentsPath(botId = this.endpoint.botId): string {
    return `/v1/bots/${botId}/environments`;
  }

  statePath(environment = this.endpoint.environment, botId = this.endpoint.botId): string {
    return `${this.environmentsPath(botId)}/${environment}/state`;
  }

  conversationPath(
    convId: string,
    environment = this.endpoint.environment,
    botId = this.endpoint.botId,
  ): string {
    return `${this.environmentsPath(botId)}/${environment}/conversations/${convId}`;
  }

  eventsPath(convId: string, environment = this.endpoint.environment, botId = this.endpoint.botId) {
    return `${this.conversationPath(convId, environment, botId)}/events`;
  }

  async call(method: string, path: string, options: CeCallOptions = {}): Promise<CeResponse> {
    const token = options.token ?? this.token;
    const authorization =
      options.authorization ?? (token === undefined ? undefined : `Bearer ${token}`);
    const body =
      options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await request(`${this.endpoint.baseUrl}${path}`, {
      method: method as 'GET',
      headers: {
        ...(authorization === undefined ? {} : { authorization }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const text = await response.body.text();
    return {
      status: response.statusCode,
      headers: response.headers,
      text,
      json: () => JSON.parse(text) as unknown,
    };
  }

  /** PUTs a conversation (MESSAGING unless told) and returns the response. */
  createConversation(
    convId: string,
    context: Record<string, unknown> = {},
    options: CeCallOptions & { environment?: string; botId?: string } = {},
  ): Promise<CeResponse> {
    return this.call('PUT', this.conversationPath(convId, options.environment, options.botId), {
      body: conversationBody(context),
      ...options,
    });
  }

  /** POSTs an event to a conversation. */
  sendEvent(
    convId: string,
    event: unknown,
    options: CeCallOptions & { environment?: string; botId?: string } = {},
  ): Promise<CeResponse> {
    return this.call('POST', this.eventsPath(convId, options.environment, options.botId), {
      body: event,
      ...options,
    });
  }
}

/** A PUT body as the mock sends it by default: skillId as a numeric string, no sdes. */
export function conversationBody(context: Record<string, unknown> = {}): Record<string, unknown> {
  return { context: { type: 'MESSAGING', skillId: '1234567', engagementId: 98765, ...context } };
}

/** A messaging lpEvent with the keys the mock sends. */
export function messagingLpEvent(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sequence: 1,
    serverTimestamp: 1767225600000,
    event: { type: 'ContentEvent', message: 'hi', contentType: 'text/plain' },
    conversationId: 'conv',
    dialogId: 'conv',
    metadata: [],
    messageAudience: 'ALL',
    ...extra,
  };
}

export function textEvent(message: string, lpEvent = messagingLpEvent()): Record<string, unknown> {
  return { type: 'TEXT', source: 'CONSUMER', data: { message }, context: { lpEvent } };
}

export function startEvent(lastConsumerMessage?: string): Record<string, unknown> {
  return {
    type: 'START',
    source: 'CONVERSATION',
    data: {},
    context: {
      lpEvent: messagingLpEvent(lastConsumerMessage === undefined ? {} : { lastConsumerMessage }),
    },
  };
}

let counter = 0;
/** A conversation id unique within the process, so tests never share a conversation. */
export function newConvId(): string {
  counter += 1;
  return `conv-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}
