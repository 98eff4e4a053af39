import type { MockCloud } from '../../mock-cloud.ts';
import type { FuzzSurface, SuccessShape } from './answer-shapes.ts';

/** One HTTP endpoint of the mock and a request it accepts, the seed every mutation starts from. */
export interface FuzzEndpoint {
  name: string;
  surface: FuzzSurface;
  method: 'GET' | 'POST';
  /** The route pattern, with `:name` segments. */
  path: string;
  /** Values of the path parameters that the endpoint accepts. */
  params: Record<string, string>;
  /** Headers of the accepted request: credentials and Content-Type. */
  headers: Record<string, string>;
  /** Body of the accepted request ('' for none). */
  body: string;
  /** What its 2xx looks like. */
  success: SuccessShape;
}

/** Live conversations the control endpoints can name. */
export interface FuzzFixtures {
  /** Opens a conversation: one per endpoint, so that one endpoint's traffic never slows another. */
  openConversation(): string;
}

/**
 * Every HTTP endpoint of the mock cloud: Sentinel token V1/V2, JWKS and PEM; CSDS; agentVep login,
 * refresh and logout; the control API under both of its bases.
 */
export function fuzzEndpoints(cloud: MockCloud, fixtures: FuzzFixtures): FuzzEndpoint[] {
  const accountId = cloud.account.accountId;
  const form = {
    'content-type': 'application/x-www-form-urlencoded',
  };
  const tokenBody = new URLSearchParams({
    client_id: cloud.app.clientId,
    client_secret: cloud.app.clientSecret,
    grant_type: 'client_credentials',
  }).toString();
  const json = { 'content-type': 'application/json' };
  const control = { ...json, authorization: `Bearer ${cloud.controlToken}` };
  const text = JSON.stringify({ text: 'hello' });
  const endpoint = (
    name: string,
    surface: FuzzSurface,
    method: 'GET' | 'POST',
    path: string,
    rest: Partial<FuzzEndpoint> & Pick<FuzzEndpoint, 'success'>,
  ): FuzzEndpoint => ({ name, surface, method, path, params: {}, headers: {}, body: '', ...rest });

  const controlEndpoints = ['/control', '/control/accounts/:accountId'].flatMap((base) => {
    const params = () => {
      const conversationId = fixtures.openConversation();
      return base.includes(':accountId') ? { accountId, conversationId } : { conversationId };
    };
    return [
      endpoint(`control open (${base})`, 'control', 'POST', `${base}/conversations`, {
        params: params(),
        headers: control,
        body: text,
        success: 'control-open-conversation-response',
      }),
      endpoint(
        `control send (${base})`,
        'control',
        'POST',
        `${base}/conversations/:conversationId/messages`,
        {
          params: params(),
          headers: control,
          body: text,
          success: 'control-send-message-response',
        },
      ),
      endpoint(
        `control close (${base})`,
        'control',
        'POST',
        `${base}/conversations/:conversationId/close`,
        {
          params: params(),
          headers: control,
          success: 'json',
        },
      ),
      endpoint(
        `control transcript (${base})`,
        'control',
        'GET',
        `${base}/conversations/:conversationId/transcript`,
        {
          params: params(),
          headers: { authorization: control.authorization },
          success: 'control-transcript',
        },
      ),
    ];
  });

  return [
    endpoint(
      'Sentinel token V1',
      'sentinel',
      'POST',
      '/sentinel/api/account/:accountId/app/token',
      {
        params: { accountId },
        headers: form,
        body: tokenBody,
        success: 'sentinel-token-response',
      },
    ),
    endpoint(
      'Sentinel token V2',
      'sentinel',
      'POST',
      '/sentinel/api/v2/account/:accountId/app/token',
      {
        params: { accountId },
        headers: form,
        body: tokenBody,
        success: 'sentinel-token-response',
      },
    ),
    endpoint('Sentinel JWKS', 'sentinel', 'GET', '/sentinel/well-known/jwks', { success: 'jwks' }),
    endpoint('Sentinel public key', 'sentinel', 'GET', '/sentinel/well-known/public-key.pem', {
      success: 'text',
    }),
    endpoint('CSDS all services', 'csds', 'GET', '/api/account/:accountId/service/baseURI.json', {
      params: { accountId },
      success: 'csds-response',
    }),
    endpoint(
      'CSDS one service',
      'csds',
      'GET',
      '/api/account/:accountId/service/:service/baseURI.json',
      {
        params: { accountId, service: 'agentVep' },
        success: 'csds-response',
      },
    ),
    endpoint('agentVep login', 'login', 'POST', '/api/account/:accountId/login', {
      params: { accountId },
      headers: json,
      body: JSON.stringify({ username: cloud.agent.loginName, password: cloud.agent.password }),
      success: 'agent-login-response',
    }),
    // Without a session cookie: what the fuzzer changes is read (and refused) before the csrf.
    endpoint('agentVep refresh', 'login', 'POST', '/api/account/:accountId/refresh', {
      params: { accountId },
      headers: json,
      body: JSON.stringify({ csrf: 'not-a-session' }),
      success: 'json',
    }),
    endpoint('agentVep logout', 'login', 'POST', '/api/account/:accountId/logout', {
      params: { accountId },
      headers: json,
      body: JSON.stringify({ csrf: 'not-a-session' }),
      success: 'empty',
    }),
    ...controlEndpoints,
  ];
}

/**
 * The request target of an endpoint: its parameters percent-encoded, except those in `raw`, which
 * go in verbatim (a malformed escape stays malformed).
 */
export function targetOf(
  endpoint: FuzzEndpoint,
  raw: Record<string, string> = {},
  query = '',
): string {
  const path = endpoint.path.replace(
    /:(\w+)/g,
    (_, name: string) => raw[name] ?? encodeURIComponent(endpoint.params[name] ?? ''),
  );
  return `${path}${query}`;
}
