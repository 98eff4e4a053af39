import { type SentinelAppTokenResponse, validate } from '../../schemas/index.ts';
import { constantTimeEqual } from '../http/constant-time-equal.ts';
import { HttpError, type HttpRouter, type RouteContext } from '../http/http-router.ts';
import type { AppInstallation } from '../platform/account-directory.ts';
import type { AccountLookup } from '../platform/mock-account.ts';
import { OAuthError, oauthErrorForm, tokenResponseHeaders } from './oauth-error.ts';
import type { TokenIssuer } from './token-issuer.ts';

export interface SentinelRoutesDeps {
  accounts: AccountLookup;
  issuer: TokenIssuer;
}

/** Paths of the mock Sentinel, relative to the host CSDS lists as `sentinel`. */
export const sentinelPaths = {
  tokenV1: '/sentinel/api/account/:accountId/app/token',
  tokenV2: '/sentinel/api/v2/account/:accountId/app/token',
  jwks: '/sentinel/well-known/jwks',
  /**
   * Mock design, not a LivePerson endpoint: Sentinel V1's static key is published in the docs,
   * not served. The mock generates its keys, so it serves the active public key here for
   * candidates configured with a static PEM (custom-endpoint.md §7.4).
   */
  publicKeyPem: '/sentinel/well-known/public-key.pem',
} as const;

/** Parameters RFC 6749 §3.2 forbids to repeat, among those the token endpoint reads. */
const singleParameters = ['client_id', 'client_secret', 'grant_type', 'scope'] as const;

/**
 * Registers the mock Sentinel: the V1 and V2 client-credentials token endpoints, the JWKS and
 * the active public key as PEM.
 *
 * @see docs/spec/custom-endpoint.md#71-getting-a-token §7.1, §7.4
 * @see docs/spec/ums.md#13-consumer-side §13
 */
export function registerSentinelRoutes(router: HttpRouter, deps: SentinelRoutesDeps): void {
  const token = (ctx: RouteContext) => answerTokenRequest(ctx, deps);
  router.errorForm('/sentinel', oauthErrorForm);
  // V1 is called with `?v=1.0`; like the other mock routes it ignores the query's version.
  router.add('POST', sentinelPaths.tokenV1, token);
  router.add('POST', sentinelPaths.tokenV2, token);
  router.add('GET', sentinelPaths.jwks, (ctx) => ctx.json(200, deps.issuer.jwks()));
  router.add('GET', sentinelPaths.publicKeyPem, ({ res }) => {
    const pem = deps.issuer.publicKeyPem();
    res.writeHead(200, {
      'content-type': 'application/x-pem-file',
      'content-length': Buffer.byteLength(pem),
    });
    res.end(pem);
  });
}

async function answerTokenRequest(ctx: RouteContext, deps: SentinelRoutesDeps): Promise<void> {
  try {
    const fields = await readTokenRequest(ctx);
    const app = authenticateClient(deps.accounts, ctx.params.accountId ?? '', fields);
    const body: SentinelAppTokenResponse = {
      access_token: await deps.issuer.issue({
        accountId: ctx.params.accountId ?? '',
        clientId: app.clientId,
        // The token carries the installation's scope; a requested `scope` is ignored, as the
        // Sentinel docs never send one on these endpoints.
        scope: app.scope,
      }),
      // No expires_in: Sentinel's documented response has none, so a client must not need it.
      token_type: 'Bearer',
    };
    ctx.json(200, body, tokenResponseHeaders);
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    ctx.json(error.status, error.body, error.headers);
  }
}

interface ClientCredentials {
  client_id: string;
  client_secret: string;
}

/** Parses and checks the form; throws `OAuthError` 400 for anything but a well-formed request. */
async function readTokenRequest(ctx: RouteContext): Promise<ClientCredentials> {
  const mediaType = (ctx.req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') {
    throw invalidRequest(
      `expected Content-Type application/x-www-form-urlencoded, got ${mediaType || 'none'}. Send client_id, client_secret and grant_type=client_credentials as a form body`,
    );
  }
  let text: string;
  try {
    text = await ctx.body();
  } catch (error) {
    if (error instanceof HttpError && error.status === 413) {
      throw new OAuthError(413, 'invalid_request', 'The token request body is too large.');
    }
    throw error;
  }
  // URLSearchParams silently keeps a malformed escape; a real form parser would reject it.
  if (/%(?![0-9A-Fa-f]{2})/.test(text)) {
    throw invalidRequest('the form body holds a malformed percent-escape');
  }
  const form = new URLSearchParams(text);
  for (const name of singleParameters) {
    if (form.getAll(name).length > 1) throw invalidRequest(`parameter ${name} is repeated`);
  }
  if (ctx.query.getAll('grant_type').length > 1) {
    throw invalidRequest('parameter grant_type is repeated in the query string');
  }

  const fields: Record<string, string> = {};
  for (const [name, value] of form) if (!Object.hasOwn(fields, name)) fields[name] = value;
  // The Send API docs put grant_type in the query string; the body's wins when both are sent.
  const queryGrantType = ctx.query.get('grant_type');
  if (fields.grant_type === undefined && queryGrantType !== null) {
    fields.grant_type = queryGrantType;
  }
  mergeBasicCredentials(ctx, fields);

  const result = validate('sentinel-token-request', fields);
  if (result.ok) return result.value;
  const missing = result.issues
    .filter((issue) => issue.keyword === 'required' || issue.keyword === 'minLength')
    .map((issue) => issue.path.slice(1));
  if (missing.length > 0) {
    throw invalidRequest(`missing or empty parameter ${missing.join(', ')}`);
  }
  if (result.issues.some((issue) => issue.path === '/grant_type')) {
    throw new OAuthError(
      400,
      'unsupported_grant_type',
      'Only grant_type=client_credentials is supported.',
    );
  }
  throw invalidRequest(`parameter ${result.issues.map((issue) => issue.path.slice(1)).join(', ')}`);
}

/**
 * RFC 6749 §2.3.1: a token endpoint must also accept client credentials by HTTP Basic (the
 * Sentinel docs only show the form). Using both methods in one request is an error.
 */
function mergeBasicCredentials(ctx: RouteContext, fields: Record<string, string>): void {
  const header = ctx.req.headers.authorization;
  if (!header || !/^Basic\s/i.test(header)) return;
  const encoded = /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(header)?.[1];
  const decoded = encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon < 0) throw invalidClient('the Basic credentials are malformed');
  if (fields.client_secret !== undefined) {
    throw invalidRequest('client credentials were sent both by HTTP Basic and in the form');
  }
  let id: string;
  let secret: string;
  try {
    id = decodeURIComponent(decoded.slice(0, colon).replaceAll('+', ' '));
    secret = decodeURIComponent(decoded.slice(colon + 1).replaceAll('+', ' '));
  } catch {
    throw invalidClient('the Basic credentials are malformed');
  }
  if (fields.client_id !== undefined && fields.client_id !== id) {
    throw invalidRequest('client_id in the form differs from the HTTP Basic user');
  }
  fields.client_id = id;
  fields.client_secret = secret;
}

/** The app installation behind the credentials, on that account; otherwise 401 invalid_client. */
function authenticateClient(
  accounts: AccountLookup,
  accountId: string,
  credentials: ClientCredentials,
): AppInstallation {
  const app = accounts(accountId)?.directory.apps.get(credentials.client_id);
  if (!app || !constantTimeEqual(app.clientSecret, credentials.client_secret)) {
    // One answer for unknown account, unknown client and wrong secret: a token endpoint does not
    // tell which part was wrong.
    throw invalidClient(
      `the client id and secret do not match an App Installation of account ${accountId}`,
    );
  }
  return app;
}

function invalidRequest(reason: string): OAuthError {
  return new OAuthError(400, 'invalid_request', `Failed to read the token request: ${reason}.`);
}

function invalidClient(reason: string): OAuthError {
  return new OAuthError(401, 'invalid_client', `Client authentication failed: ${reason}.`);
}
