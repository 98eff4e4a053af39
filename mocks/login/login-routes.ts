import {
  type AgentVepLoginRequestBody,
  type AgentVepLoginResponseBody,
  validate,
} from '../../schemas/index.ts';
import { csdsServices } from '../csds/csds-routes.ts';
import { constantTimeEqual } from '../http/constant-time-equal.ts';
import { HttpError, type HttpRouter, type RouteContext } from '../http/http-router.ts';
import type { AccountDirectory, Agent } from '../platform/account-directory.ts';
import type { AccountLookup } from '../platform/mock-account.ts';
import type { AgentSessions } from './agent-sessions.ts';
import { AgentVepError, agentVepErrorForm, agentVepInternalCodes } from './agent-vep-error.ts';

export interface LoginRoutesDeps {
  accounts: AccountLookup;
  sessions: AgentSessions;
  /** The bare `host:port` for the login's `csdsCollectionResponse` (see registerCsdsRoutes). */
  host: (secure: boolean) => string;
}

/** Name of the session cookie (the docs spell it `Session_id`; the mock sets and reads `session_id`). */
export const sessionCookieName = 'session_id';

/**
 * Registers the mock agentVep login service: login (password, API key or SAML body), refresh and
 * logout. The `?v=1.3` query is ignored.
 *
 * @see docs/spec/ums.md#4-login-service §4
 */
export function registerLoginRoutes(router: HttpRouter, deps: LoginRoutesDeps): void {
  const form = agentVepErrorForm(() => deps.sessions.clock.now());
  for (const operation of ['login', 'refresh', 'logout']) {
    router.errorForm(`/api/account/:accountId/${operation}`, form);
  }
  router.add('POST', '/api/account/:accountId/login', (ctx) => login(ctx, deps));
  router.add('POST', '/api/account/:accountId/refresh', async (ctx) => {
    const session = await sessionRequest(ctx, deps);
    const refreshed =
      session && deps.sessions.refresh(ctx.params.accountId ?? '', session.csrf, session.id);
    if (!refreshed) throw csrfInvalid(deps);
    ctx.json(200, {});
  });
  router.add('POST', '/api/account/:accountId/logout', async (ctx) => {
    const session = await sessionRequest(ctx, deps);
    if (!session || !deps.sessions.logout(ctx.params.accountId ?? '', session.csrf, session.id)) {
      throw csrfInvalid(deps);
    }
    ctx.res.writeHead(200, {
      'content-length': 0,
      'set-cookie': `${sessionCookieName}=; Path=/; Max-Age=0${cookieFlags(ctx.secure)}`,
    });
    ctx.res.end();
  });
}

async function login(ctx: RouteContext, deps: LoginRoutesDeps): Promise<void> {
  const accountId = ctx.params.accountId ?? '';
  const now = deps.sessions.clock.now();
  const body = await readJson(ctx, now);
  const result = validate('agent-login-request', body);
  if (!result.ok) {
    // Issues name paths and what the schema expected, never the values sent (passwords).
    const reasons = result.issues.map((issue) => `${issue.path || '/'}: ${issue.expected}`);
    throw new AgentVepError(
      400,
      agentVepInternalCodes.badRequest,
      `Failed to log in: the body is none of the login bodies (${reasons.join('; ')}). Send {username, password}, {username, appKey, secret, accessToken, accessTokenSecret} or {jwt, assertion}.`,
      now,
    );
  }
  const directory = deps.accounts(accountId)?.directory;
  const agent = directory && findAgent(directory, result.value);
  if (!agent) {
    throw new AgentVepError(
      401,
      agentVepInternalCodes.badCredentials,
      `Failed to log in: the credentials match no user of account ${accountId}. Check the login name and the password, API key or SAML assertion.`,
      now,
    );
  }
  const session = deps.sessions.login(accountId, agent);
  const response: AgentVepLoginResponseBody = {
    bearer: session.bearer,
    csrf: session.csrf,
    config: {
      userId: agent.userId,
      userPid: agent.pid,
      loginName: agent.loginName,
      userPrivileges: [],
      serverCurrentTime: now,
      timeDiff: 0,
      serverTimeZoneName: 'UTC',
      serverTimeGMTDiff: 0,
      isLPA: false,
      isAdmin: false,
      accountTimeZoneId: 'UTC',
    },
    csdsCollectionResponse: { baseURIs: csdsServices(accountId, deps.host(ctx.secure)) },
    accountData: { agentGroupsData: { items: [], revision: 0 } },
    sessionTTl: String(deps.sessions.ttlMs),
  };
  ctx.json(200, response, {
    'set-cookie': `${sessionCookieName}=${session.sessionId}; Path=/${cookieFlags(ctx.secure)}`,
  });
}

/** `Secure` only over TLS: a cookie jar would drop a Secure cookie received over plain HTTP. */
function cookieFlags(secure: boolean): string {
  return secure ? '; HttpOnly; Secure' : '; HttpOnly';
}

/** The agent the login body names, when its credentials match; otherwise undefined. */
function findAgent(directory: AccountDirectory, body: AgentVepLoginRequestBody): Agent | undefined {
  if ('password' in body) {
    const agent = directory.agentByLoginName(body.username);
    return agent && constantTimeEqual(agent.password, body.password) ? agent : undefined;
  }
  if ('appKey' in body) {
    const agent = directory.agentByLoginName(body.username);
    if (!agent) return undefined;
    const { apiKey } = agent;
    // Evaluate every comparison, so the time taken does not tell which field was wrong.
    const matches = [
      constantTimeEqual(apiKey.appKey, body.appKey),
      constantTimeEqual(apiKey.secret, body.secret),
      constantTimeEqual(apiKey.accessToken, body.accessToken),
      constantTimeEqual(apiKey.accessTokenSecret, body.accessTokenSecret),
    ];
    return matches.every(Boolean) ? agent : undefined;
  }
  const loginName = samlNameId(body.assertion);
  return loginName === undefined ? undefined : directory.agentByLoginName(loginName);
}

/**
 * Mock design: the SAML assertion is not verified (no IdP, no signature). It names its user by
 * `<NameID>loginName</NameID>` (a namespace prefix and attributes are allowed, e.g.
 * `<saml2:NameID Format="…">bot</saml2:NameID>`), sent as XML or base64-encoded XML; the
 * `jwt` beside it (the SDK sends "dummy") is ignored.
 */
export function samlNameId(assertion: string): string | undefined {
  const xml = assertion.includes('<')
    ? assertion
    : Buffer.from(assertion, 'base64').toString('utf8');
  const match = /<(?:[\w.-]+:)?NameID\b[^>]*>\s*([^<]*?)\s*<\/(?:[\w.-]+:)?NameID>/.exec(xml);
  return match?.[1] || undefined;
}

/** The csrf of a refresh or logout body and the session cookie; undefined when either is missing. */
async function sessionRequest(
  ctx: RouteContext,
  deps: LoginRoutesDeps,
): Promise<{ csrf: string; id: string } | undefined> {
  const result = validate('agent-session-request', await readJson(ctx, deps.sessions.clock.now()));
  const id = cookie(ctx.req.headers.cookie, sessionCookieName);
  return result.ok && id !== undefined ? { csrf: result.value.csrf, id } : undefined;
}

function csrfInvalid(deps: LoginRoutesDeps): AgentVepError {
  return new AgentVepError(
    401,
    agentVepInternalCodes.csrfInvalid,
    `CSRF token invalid! Send the csrf of the login response with the ${sessionCookieName} cookie it set, before the session expires; otherwise log in again.`,
    deps.sessions.clock.now(),
  );
}

/** Reads a JSON body; 415 for another Content-Type, 400 for text that is not JSON. */
async function readJson(ctx: RouteContext, now: number): Promise<unknown> {
  const mediaType = (ctx.req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json' && !mediaType?.endsWith('+json')) {
    throw new AgentVepError(
      415,
      agentVepInternalCodes.unsupportedMediaType,
      `Failed to read the request: expected Content-Type application/json, got ${mediaType || 'none'}.`,
      now,
    );
  }
  let text: string;
  try {
    text = await ctx.body();
  } catch (error) {
    if (error instanceof HttpError && error.status === 413) {
      throw new AgentVepError(
        413,
        agentVepInternalCodes.payloadTooLarge,
        'Failed to read the request: the body is too large.',
        now,
      );
    }
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AgentVepError(
      400,
      agentVepInternalCodes.badRequest,
      'Failed to read the request: the body is not valid JSON.',
      now,
    );
  }
}

/** The value of one cookie of a Cookie header. */
function cookie(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) {
      return pair.slice(separator + 1).trim();
    }
  }
  return undefined;
}
