import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CustomEndpointRoute } from '../../tpb/custom-endpoint-route.ts';
import { exampleLambdaUuid } from '../example-content.ts';
import { ConversationRegistry, type StoredConversation } from './conversation-registry.ts';
import { buildCustomEndpointReply, type ReplyContext } from './custom-endpoint-reply.ts';
import {
  type EndpointAnswer,
  emptyAnswer,
  errorAnswer,
  jsonAnswer,
  writeAnswer,
} from './endpoint-answer.ts';
import {
  type ConversationEvent,
  readConversationEvent,
  readCreateConversation,
} from './event-body.ts';
import { type TokenCheck, TokenVerifier, type TokenVerifierAuth } from './token-verifier.ts';

export type { CustomEndpointRoute };

/** Path parameters of a request, as far as its path had them. */
export interface RouteParams {
  botId?: string;
  environment?: string;
  convId?: string;
}

/** What an `answer` hook knows about the request it is answering. */
export interface AnswerContext {
  /** Undefined for a path that is none of the four routes. */
  route: CustomEndpointRoute | undefined;
  method: string;
  /** The request headers, as received. */
  headers: IncomingHttpHeaders;
  params: RouteParams;
  /** The conversation, once the request named one the service knows. */
  conversation?: StoredConversation;
  /** The event, when an E4 body was read successfully. */
  event?: ConversationEvent;
  /** What the reply to `event` was built from. */
  replyContext?: ReplyContext;
  /** Aborts when the client goes away or the service closes. */
  signal: AbortSignal;
}

/**
 * Seams for the broken-bot zoo: each broken bot is this service with one behaviour replaced.
 * A conformant service passes no hooks.
 */
export interface ExampleCustomEndpointHooks {
  /** Replaces the token check; `verify` runs the real one. */
  authorize?(
    authorization: string | undefined,
    verify: () => Promise<TokenCheck>,
  ): TokenCheck | Promise<TokenCheck>;
  /** Sees every answer before it is written and may replace it. */
  answer?(answer: EndpointAnswer, context: AnswerContext): EndpointAnswer | Promise<EndpointAnswer>;
}

export interface ExampleCustomEndpointOptions {
  /** Default 0 (a free port). */
  port?: number;
  host?: '127.0.0.1';
  /** Default: a random UUID. Must match `^[A-Za-z0-9-]+$`, at most 36 characters (CE-ROUTE-06). */
  botId?: string;
  /** Default `['draft']`; the first is the `environment` handed back. */
  environments?: string[];
  /** Deployed version reported by E2; default `1.0.0`. */
  version?: string;
  /** Where Sentinel's keys come from: its JWKS (with the CA to trust) or a pinned public key. */
  auth: TokenVerifierAuth;
  /** When set, tokens must name this account in `aud`. */
  accountId?: string;
  /** Skill name of the TRANSFER action; default `human`. */
  transferSkill?: string;
  /** Function of the INVOKE_FUNCTION action; default `exampleLambdaUuid`. */
  lambdaUuid?: string;
  hooks?: ExampleCustomEndpointHooks;
}

/** A running service. */
export interface RunningCustomEndpoint {
  /** `http://127.0.0.1:PORT`, without a trailing slash: the wizard's Base URL. */
  baseUrl: string;
  botId: string;
  /** The first configured environment. */
  environment: string;
  /** Closes every connection, then the server; idempotent. */
  close(): Promise<void>;
}

const maxBodyBytes = 1024 * 1024;
const botIdPattern = /^[A-Za-z0-9-]{1,36}$/;
const allowedMethods: Record<CustomEndpointRoute, string> = {
  environments: 'GET',
  state: 'GET',
  conversation: 'PUT',
  event: 'POST',
};

/**
 * Starts the conformant example Custom Endpoint on 127.0.0.1: the four routes under
 * `{baseUrl}/v1/bots/{botId}/environments`, real Sentinel token checks, and replies chosen by
 * the consumer's words (see `exampleUtterances`).
 *
 * @see LivePerson developer docs: Third-Party Bots > Custom Endpoint > Service Implementation
 * @example
 * const ce = await startExampleCustomEndpoint({ auth: { jwksUrl, ca } });
 * // configure the mock TPB bot with ce.baseUrl, ce.botId, ce.environment
 * await ce.close();
 */
export async function startExampleCustomEndpoint(
  options: ExampleCustomEndpointOptions,
): Promise<RunningCustomEndpoint> {
  const botId = options.botId ?? randomUUID();
  const environments = options.environments ?? ['draft'];
  const environment = environments[0];
  if (!botIdPattern.test(botId)) {
    throw new Error(
      `Failed to start the example Custom Endpoint: botId "${botId}" must match ^[A-Za-z0-9-]+$ and have at most 36 characters.`,
    );
  }
  if (environment === undefined || environments.some((name) => !/^[^/\s]+$/.test(name))) {
    throw new Error(
      'Failed to start the example Custom Endpoint: environments must be a non-empty list of names without "/" or spaces.',
    );
  }
  const verifier = await TokenVerifier.create({
    auth: options.auth,
    ...(options.accountId === undefined ? {} : { accountId: options.accountId }),
  });
  const service = new ExampleService({
    botId,
    environments,
    version: options.version ?? '1.0.0',
    transferSkill: options.transferSkill ?? 'human',
    lambdaUuid: options.lambdaUuid ?? exampleLambdaUuid,
    verifier,
    hooks: options.hooks ?? {},
  });
  const server = createServer((req, res) => {
    void service.handle(req, res);
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  let closed: Promise<void> | undefined;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    botId,
    environment,
    close() {
      closed ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await verifier.close();
      })();
      return closed;
    },
  };
}

interface ServiceConfig {
  botId: string;
  environments: string[];
  version: string;
  transferSkill: string;
  lambdaUuid: string;
  verifier: TokenVerifier;
  hooks: ExampleCustomEndpointHooks;
}

class ExampleService {
  readonly #conversations = new ConversationRegistry();

  constructor(readonly config: ServiceConfig) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    const context: AnswerContext = {
      route: undefined,
      method: req.method ?? 'GET',
      headers: req.headers,
      params: {},
      signal: controller.signal,
    };
    try {
      let answer = await this.#decide(req, context);
      if (this.config.hooks.answer) answer = await this.config.hooks.answer(answer, context);
      if (!controller.signal.aborted) writeAnswer(res, answer);
    } catch {
      // Only a hook can get here (the service itself answers every failure as data); the body
      // says nothing about what went wrong.
      if (!controller.signal.aborted && !res.headersSent) {
        writeAnswer(res, errorAnswer(500, 'internal error'));
      }
    }
  }

  async #decide(req: IncomingMessage, context: AnswerContext): Promise<EndpointAnswer> {
    const { verifier, hooks } = this.config;
    const authorization = req.headers.authorization;
    const verify = () => verifier.check(authorization);
    const auth = hooks.authorize ? await hooks.authorize(authorization, verify) : await verify();
    if (!auth.ok) {
      return errorAnswer(
        auth.status,
        auth.reason,
        auth.status === 401 ? { 'www-authenticate': 'Bearer realm="custom-endpoint"' } : undefined,
      );
    }

    const matched = matchRoute(req.url ?? '/');
    if (!matched) return errorAnswer(404, 'not found');
    context.route = matched.route;
    context.params = matched.params;
    const allowed = allowedMethods[matched.route];
    if (context.method !== allowed) {
      return errorAnswer(405, 'method not allowed', { allow: allowed });
    }
    const { botId, environment, convId } = matched.params;
    if (botId !== this.config.botId) return errorAnswer(404, 'bot not found');
    if (environment !== undefined && !this.config.environments.includes(environment)) {
      return errorAnswer(404, 'environment not found');
    }

    switch (matched.route) {
      case 'environments':
        return jsonAnswer(200, this.config.environments);
      case 'state':
        return jsonAnswer(200, { state: 'online', version: this.config.version });
      case 'conversation':
        return this.#createConversation(req, {
          botId,
          environment: environment ?? '',
          convId: convId ?? '',
        });
      case 'event':
        return this.#answerEvent(req, context, {
          botId,
          environment: environment ?? '',
          convId: convId ?? '',
        });
    }
  }

  async #createConversation(
    req: IncomingMessage,
    key: { botId: string; environment: string; convId: string },
  ): Promise<EndpointAnswer> {
    const text = await readBody(req);
    if (text === undefined) return errorAnswer(413, 'body too large');
    const request = readCreateConversation(text);
    if (!request.ok) return errorAnswer(400, request.error);
    if (!this.#conversations.create(key, request.value)) {
      return errorAnswer(409, 'conversation already exists');
    }
    return emptyAnswer(200);
  }

  async #answerEvent(
    req: IncomingMessage,
    context: AnswerContext,
    key: { botId: string; environment: string; convId: string },
  ): Promise<EndpointAnswer> {
    const conversation = this.#conversations.get(key);
    if (!conversation) return errorAnswer(404, 'conversation not found');
    context.conversation = conversation;
    const text = await readBody(req);
    if (text === undefined) return errorAnswer(413, 'body too large');
    const event = readConversationEvent(text);
    if (!event.ok) return errorAnswer(400, event.error);
    const replyContext: ReplyContext = {
      conversationType: conversation.type,
      transferSkill: this.config.transferSkill,
      lambdaUuid: this.config.lambdaUuid,
      convId: key.convId,
    };
    context.event = event.value;
    context.replyContext = replyContext;
    return jsonAnswer(200, buildCustomEndpointReply(event.value, replyContext));
  }
}

function matchRoute(
  url: string,
):
  | { route: CustomEndpointRoute; params: Required<Pick<RouteParams, 'botId'>> & RouteParams }
  | undefined {
  const pathname = new URL(url, 'http://localhost').pathname;
  let segments: string[];
  try {
    segments = pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const [version, bots, botId, environments, environment, kind, convId, events] = segments;
  if (version !== 'v1' || bots !== 'bots' || !botId || environments !== 'environments') {
    return undefined;
  }
  if (segments.length === 4) return { route: 'environments', params: { botId } };
  if (!environment) return undefined;
  if (segments.length === 6 && kind === 'state') {
    return { route: 'state', params: { botId, environment } };
  }
  if (kind !== 'conversations' || !convId) return undefined;
  if (segments.length === 7)
    return { route: 'conversation', params: { botId, environment, convId } };
  if (segments.length === 8 && events === 'events') {
    return { route: 'event', params: { botId, environment, convId } };
  }
  return undefined;
}

/** The body as text, or undefined past the size limit. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
