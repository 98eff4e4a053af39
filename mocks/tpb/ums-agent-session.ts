import { type Agent, request } from 'undici';
import type {
  AgentVepErrorBody,
  AgentVepLoginResponseBody,
  CSDSBaseURIResponse,
} from '../../schemas/index.ts';
import { redact, UmsClientError, type UmsClientErrorCode } from './ums-client-error.ts';

/** Where and how the client talks HTTP: scheme, account, the undici dispatcher and a timeout. */
export interface UmsHttpContext {
  secure: boolean;
  accountId: string;
  dispatcher: Agent;
  timeoutMs: number;
}

/** The hosts node-agent-sdk 1.2.0 reads from CSDS (ums.md §3). */
export interface UmsDomains {
  agentVep: string;
  asyncMessagingEnt: string;
}

/** A logged-in agentVep session: what the socket, refresh and logout need (ums.md §4). */
export interface UmsAgentSession {
  bearer: string;
  csrf: string;
  /** Value of the `session_id` cookie; undefined when login set none. */
  sessionCookie: string | undefined;
  userId: string;
  userPid: string;
}

const sessionCookieName = 'session_id';
const userAgent = 'tpb-conformance-ums-client';

/** `GET /api/account/{account}/service/baseURI.json?version=1.0`: the agentVep and UMS hosts. */
export async function fetchDomains(http: UmsHttpContext, csdsDomain: string): Promise<UmsDomains> {
  const url = `${scheme(http)}://${csdsDomain}/api/account/${encodeURIComponent(http.accountId)}/service/baseURI.json?version=1.0`;
  const what = `look up the services of account ${http.accountId} at CSDS ${csdsDomain}`;
  const answer = await call(http, 'UMS_CSDS_FAILED', what, url, { method: 'GET' }, []);
  if (answer.status !== 200) {
    throw new UmsClientError(
      'UMS_CSDS_FAILED',
      `Failed to ${what}: HTTP ${answer.status}${detail(answer.body)}. Check csdsDomain and accountId.`,
      { status: answer.status },
    );
  }
  const entries = (answer.body as Partial<CSDSBaseURIResponse> | undefined)?.baseURIs;
  const hosts = new Map(
    Array.isArray(entries) ? entries.map((entry) => [entry.service, entry.baseURI]) : [],
  );
  const agentVep = hosts.get('agentVep');
  const asyncMessagingEnt = hosts.get('asyncMessagingEnt');
  if (!agentVep || !asyncMessagingEnt) {
    throw new UmsClientError(
      'UMS_CSDS_FAILED',
      `Failed to ${what}: the answer lacks ${[!agentVep && 'agentVep', !asyncMessagingEnt && 'asyncMessagingEnt'].filter(Boolean).join(' and ')} (got ${[...hosts.keys()].join(', ') || 'no services'}). Point csdsDomain at a CSDS that lists both.`,
      { status: answer.status },
    );
  }
  return { agentVep, asyncMessagingEnt };
}

/** `POST /api/account/{account}/login?v=1.3` with `{username, password}` (ums.md §4.1). */
export async function login(
  http: UmsHttpContext,
  agentVep: string,
  username: string,
  password: string,
): Promise<UmsAgentSession> {
  const what = `log in as "${username}" on account ${http.accountId}`;
  const answer = await call(
    http,
    'UMS_LOGIN_FAILED',
    what,
    `${agentVepUrl(http, agentVep)}/login?v=1.3`,
    { method: 'POST', body: JSON.stringify({ username, password }) },
    [password],
  );
  const body = answer.body as Partial<AgentVepLoginResponseBody> & Partial<AgentVepErrorBody>;
  // node-agent-sdk 1.2.0 looks only at a body `error`; 1.4.x at the status too (ums.md §1).
  if (answer.status !== 200 || body?.error !== undefined) {
    const hint =
      answer.status === 401
        ? 'Check the username and password.'
        : 'Check the account id and the login service.';
    throw new UmsClientError(
      'UMS_LOGIN_FAILED',
      redact(`Failed to ${what}: HTTP ${answer.status}${detail(body)}. ${hint}`, [password]),
      { status: answer.status },
    );
  }
  const { bearer, csrf, config } = body;
  if (
    typeof bearer !== 'string' ||
    typeof csrf !== 'string' ||
    !config?.userId ||
    !config.userPid
  ) {
    const missing = [
      typeof bearer !== 'string' && 'bearer',
      typeof csrf !== 'string' && 'csrf',
      !config?.userId && 'config.userId',
      !config?.userPid && 'config.userPid',
    ].filter(Boolean);
    throw new UmsClientError(
      'UMS_LOGIN_FAILED',
      `Failed to ${what}: the 200 answer lacks ${missing.join(', ')}. The login service must answer as ums.md §4.1 describes.`,
      { status: answer.status },
    );
  }
  return {
    bearer,
    csrf,
    sessionCookie: cookieValue(answer.setCookie, sessionCookieName),
    userId: config.userId,
    userPid: config.userPid,
  };
}

/** `POST /api/account/{account}/refresh?v=1.3` with `{csrf}` and the session cookie (ums.md §4.2). */
export async function refreshSession(
  http: UmsHttpContext,
  agentVep: string,
  session: UmsAgentSession,
): Promise<void> {
  const what = `refresh the agentVep session of account ${http.accountId}`;
  const answer = await sessionCall(
    http,
    'UMS_REFRESH_FAILED',
    what,
    agentVep,
    'refresh?v=1.3',
    session,
  );
  if (answer.status !== 200) {
    throw new UmsClientError(
      'UMS_REFRESH_FAILED',
      `Failed to ${what}: HTTP ${answer.status}${detail(answer.body)}. The session expired or was replaced; call reconnect() to log in again.`,
      { status: answer.status },
    );
  }
}

/**
 * `POST /api/account/{account}/logout` with `{csrf}` and the session cookie (ums.md §4.2).
 * Resolves `false` on 401: the session had already ended (expired, replaced or logged out).
 */
export async function logout(
  http: UmsHttpContext,
  agentVep: string,
  session: UmsAgentSession,
): Promise<boolean> {
  const what = `log out of account ${http.accountId}`;
  const answer = await sessionCall(http, 'UMS_LOGOUT_FAILED', what, agentVep, 'logout', session);
  if (answer.status === 200) return true;
  if (answer.status === 401) return false;
  throw new UmsClientError(
    'UMS_LOGOUT_FAILED',
    `Failed to ${what}: HTTP ${answer.status}${detail(answer.body)}. The session ends by itself when its TTL passes.`,
    { status: answer.status },
  );
}

function sessionCall(
  http: UmsHttpContext,
  code: UmsClientErrorCode,
  what: string,
  agentVep: string,
  path: string,
  session: UmsAgentSession,
) {
  return call(
    http,
    code,
    what,
    `${agentVepUrl(http, agentVep)}/${path}`,
    {
      method: 'POST',
      body: JSON.stringify({ csrf: session.csrf }),
      ...(session.sessionCookie !== undefined
        ? { cookie: `${sessionCookieName}=${session.sessionCookie}` }
        : {}),
    },
    [session.csrf, session.sessionCookie, session.bearer],
  );
}

interface HttpAnswer {
  status: number;
  /** Parsed JSON, or undefined for an empty or non-JSON body. */
  body: unknown;
  setCookie: string[];
}

/** One HTTP call; network and TLS failures become `code` with the cause attached. */
async function call(
  http: UmsHttpContext,
  code: UmsClientErrorCode,
  what: string,
  url: string,
  init: { method: 'GET' | 'POST'; body?: string; cookie?: string },
  secrets: readonly (string | undefined)[],
): Promise<HttpAnswer> {
  try {
    const response = await request(url, {
      method: init.method,
      dispatcher: http.dispatcher,
      headersTimeout: http.timeoutMs,
      bodyTimeout: http.timeoutMs,
      headers: {
        'user-agent': userAgent,
        accept: 'application/json',
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.cookie !== undefined ? { cookie: init.cookie } : {}),
      },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    const text = await response.body.text();
    const header = response.headers['set-cookie'];
    return {
      status: response.statusCode,
      body: parseJson(text),
      setCookie: header === undefined ? [] : Array.isArray(header) ? header : [header],
    };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new UmsClientError(
      code,
      redact(
        `Failed to ${what}: ${reason}. Check that the server runs at ${new URL(url).host} and, over HTTPS, that \`ca\` is its CA.`,
        secrets,
      ),
      { cause },
    );
  }
}

function scheme(http: UmsHttpContext): 'https' | 'http' {
  return http.secure ? 'https' : 'http';
}

function agentVepUrl(http: UmsHttpContext, agentVep: string): string {
  return `${scheme(http)}://${agentVep}/api/account/${encodeURIComponent(http.accountId)}`;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** " (message)" from an agentVep error body `{error: {message}}` or `{error: "…"}`, or "". */
function detail(body: unknown): string {
  const error = (body as { error?: unknown } | undefined)?.error;
  const message =
    typeof error === 'string'
      ? error
      : typeof (error as { message?: unknown } | undefined)?.message === 'string'
        ? (error as { message: string }).message
        : undefined;
  return message ? ` (${message})` : '';
}

/** The value of cookie `name` among Set-Cookie headers. */
function cookieValue(setCookie: readonly string[], name: string): string | undefined {
  for (const header of setCookie) {
    const pair = header.split(';', 1)[0] ?? '';
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) {
      return pair.slice(separator + 1).trim();
    }
  }
  return undefined;
}
