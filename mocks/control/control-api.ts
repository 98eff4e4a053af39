import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type ControlErrorDetail,
  type ControlOpenConversationResponse,
  type ControlSendMessageRequest,
  type ControlSendMessageResponse,
  type ControlTranscript,
  type SchemaId,
  type SchemaTypes,
  type ValidationIssue,
  validate,
} from '../../schemas/index.ts';
import type { ConsumerSimulator } from '../consumer/consumer-simulator.ts';
import { ConsumerSimulatorError } from '../consumer/consumer-simulator-error.ts';
import {
  type ErrorForm,
  HttpError,
  type HttpRouter,
  type RouteContext,
} from '../http/http-router.ts';

/** Finds the simulator of an account; `undefined` asks for the default account. */
export type SimulatorLookup = (accountId?: string) => ConsumerSimulator | undefined;

export interface ControlApiDeps {
  /** One simulator, or a lookup by account id for a mock that hosts several accounts. */
  simulator: ConsumerSimulator | SimulatorLookup;
  /** Every request must carry `Authorization: Bearer <token>`. */
  token: string;
  /** Where the routes live (default `/control`). */
  prefix?: string;
}

type ControlErrorCode = ControlErrorDetail['code'];

function controlError(
  status: number,
  code: ControlErrorCode,
  message: string,
  issues: ValidationIssue[] = [],
): HttpError {
  return new HttpError(status, {
    error: { code, message, ...(issues.length > 0 ? { issues } : {}) },
  } satisfies { error: ControlErrorDetail });
}

/** Codes of the router's own errors under the control prefix, by status. */
const routerErrorCodes: Partial<Record<number, ControlErrorCode>> = {
  400: 'INVALID_PATH',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'BODY_TOO_LARGE',
};

/** The router's own errors under the control prefix (wrong method, bad path, a mock bug). */
const controlErrorForm: ErrorForm = (status, message) =>
  controlError(
    status,
    status >= 500 ? 'INTERNAL' : (routerErrorCodes[status] ?? 'INVALID_PATH'),
    `Failed to route the control request: ${message}.`,
  );

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Registers the mock's test-control API (ums.md §14) on a router, so that a program in any
 * language can drive the consumer side of the mock over HTTP:
 *
 * - `POST {prefix}/conversations` (control-open-conversation-request) → 201 `{conversationId, consumerId}`
 * - `POST {prefix}/conversations/:id/messages` (control-send-message-request) → 200 `{sequence}`
 * - `POST {prefix}/conversations/:id/close` → 200 `{}`
 * - `GET {prefix}/conversations/:id/transcript` → 200 control-transcript
 *
 * Each route also exists under `{prefix}/accounts/:accountId/…` for a mock with several accounts.
 * Errors are control-error bodies: 401 without the bearer token, 400 for bad JSON, a body that
 * fails its schema or an unknown skill, 404 for an unknown account or conversation, 409 for a
 * closed conversation.
 *
 * @example
 * registerControlApi(router, { simulator: new ConsumerSimulator(account), token });
 */
export function registerControlApi(router: HttpRouter, deps: ControlApiDeps): void {
  if (deps.token.length === 0) {
    throw new TypeError(
      'Failed to register the control API: the token is empty, so any caller would pass. Pass a random token.',
    );
  }
  const prefix = (deps.prefix ?? '/control').replace(/\/+$/, '');
  const expected = digest(deps.token);
  router.errorForm(prefix, controlErrorForm);

  const lookup = (accountId: string | undefined): ConsumerSimulator | undefined => {
    if (typeof deps.simulator === 'function') return deps.simulator(accountId);
    return accountId === undefined || accountId === deps.simulator.account.accountId
      ? deps.simulator
      : undefined;
  };

  /** Authenticates, finds the account's simulator, and renders simulator errors as control errors. */
  const route =
    (handler: (ctx: RouteContext, simulator: ConsumerSimulator) => void | Promise<void>) =>
    async (ctx: RouteContext): Promise<void> => {
      if (!authorized(ctx.req.headers.authorization, expected)) {
        ctx.json(
          401,
          {
            error: {
              code: 'UNAUTHORIZED',
              message:
                'Failed to authorize the control request: missing or wrong bearer token. Send "Authorization: Bearer <token>" with the token the mock was started with.',
            },
          } satisfies { error: ControlErrorDetail },
          { 'www-authenticate': 'Bearer realm="control"' },
        );
        return;
      }
      const accountId = ctx.params.accountId;
      const simulator = lookup(accountId);
      if (!simulator) {
        throw controlError(
          404,
          'UNKNOWN_ACCOUNT',
          `Failed to find account ${accountId ?? '(default)'}: the mock does not host it. Use an account id the mock was started with.`,
        );
      }
      try {
        await handler(ctx, simulator);
      } catch (error) {
        if (error instanceof ConsumerSimulatorError) {
          throw new HttpError(error.status, error.toBody());
        }
        throw error;
      }
    };

  for (const base of [`${prefix}/conversations`, `${prefix}/accounts/:accountId/conversations`]) {
    router.add(
      'POST',
      base,
      route(async (ctx, simulator) => {
        const body = await readBody(
          ctx,
          'control-open-conversation-request',
          'open a conversation',
        );
        ctx.json(201, simulator.open(body) satisfies ControlOpenConversationResponse);
      }),
    );
    router.add(
      'POST',
      `${base}/:conversationId/messages`,
      route(async (ctx, simulator) => {
        const body = await readBody(ctx, 'control-send-message-request', 'send a message');
        const sequence = send(simulator, ctx.params.conversationId ?? '', body);
        ctx.json(200, { sequence } satisfies ControlSendMessageResponse);
      }),
    );
    router.add(
      'POST',
      `${base}/:conversationId/close`,
      route((ctx, simulator) => {
        simulator.close(ctx.params.conversationId ?? '');
        ctx.json(200, {});
      }),
    );
    router.add(
      'GET',
      `${base}/:conversationId/transcript`,
      route((ctx, simulator) => {
        const transcript = simulator.transcript(ctx.params.conversationId ?? '');
        ctx.json(200, transcript satisfies ControlTranscript);
      }),
    );
  }
}

/** Compares the bearer token in constant time (both sides hashed to the same length first). */
function authorized(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  const given = digest(match?.[1] ?? '');
  return timingSafeEqual(given, expected) && match !== null;
}

/** Reads the JSON body (empty means `{}`) and checks it against its schema. */
async function readBody<Id extends SchemaId>(
  ctx: RouteContext,
  schemaId: Id,
  action: string,
): Promise<SchemaTypes[Id]> {
  let text: string;
  try {
    text = await ctx.body();
  } catch (error) {
    if (error instanceof HttpError && error.status === 413) {
      throw controlError(413, 'BODY_TOO_LARGE', `Failed to ${action}: ${error.message}.`);
    }
    throw error;
  }
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw controlError(
      400,
      'INVALID_JSON',
      `Failed to ${action}: the body is not JSON (${reason}). Send a JSON object.`,
    );
  }
  const result = validate(schemaId, value);
  if (!result.ok) {
    throw controlError(
      400,
      'INVALID_BODY',
      `Failed to ${action}: the body does not match ${schemaId} (${result.issues.map((issue) => issue.message).join('; ')}). See schemas/${schemaId}.schema.json.`,
      result.issues,
    );
  }
  return result.value;
}

/** Sends the one thing the body names: text, rich content or a file. */
function send(
  simulator: ConsumerSimulator,
  conversationId: string,
  body: ControlSendMessageRequest,
): number {
  if (body.text !== undefined) return simulator.sendText(conversationId, body.text);
  if (body.richContent !== undefined)
    return simulator.sendRichContent(conversationId, body.richContent);
  if (body.file !== undefined) return simulator.sendFile(conversationId, body.file);
  // The schema allows exactly one key, so this is a bug in the schema or here.
  throw new Error(
    'control-send-message-request passed validation without text, richContent or file',
  );
}
