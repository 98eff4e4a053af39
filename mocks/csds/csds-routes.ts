import type { CSDSBaseURIEntry, CSDSBaseURIResponse } from '../../schemas/index.ts';
import type { HttpRouter, RouteContext } from '../http/http-router.ts';
import type { AccountLookup } from '../platform/mock-account.ts';

export interface CsdsRoutesDeps {
  accounts: AccountLookup;
  /**
   * The bare `host:port` every service points at: the TLS port when `secure`, the plain port
   * otherwise, so a client is sent back to the server it reached.
   */
  host: (secure: boolean) => string;
}

/**
 * Services the mock lists, all on the mock's one host: agentVep (login, mandatory for the SDK),
 * asyncMessagingEnt (websocket for node-agent-sdk 1.2.0) and facadeMsg (1.4.x/2.x), sentinel,
 * idp, and the rest for completeness.
 *
 * @see docs/spec/ums.md#1-sdk-versions §1, §3
 */
export const csdsServiceNames = [
  'agentVep',
  'asyncMessagingEnt',
  'facadeMsg',
  'sentinel',
  'idp',
  'msgHist',
  'rfl',
  'accountConfigReadOnly',
  'leDataReporting',
  'faasGW',
] as const;

export type CsdsServiceName = (typeof csdsServiceNames)[number];

/** The `baseURIs` list of an account, every service at `host`; also the login's `csdsCollectionResponse`. */
export function csdsServices(accountId: string, host: string): CSDSBaseURIEntry[] {
  return csdsServiceNames.map((service) => ({ service, account: accountId, baseURI: host }));
}

/**
 * Registers the mock CSDS (Domain API): every service, or one service by its case-sensitive name.
 * The query (`?version=1.0`) is ignored. No auth, as on the platform.
 *
 * @see docs/spec/ums.md#3-csds §3
 */
export function registerCsdsRoutes(router: HttpRouter, deps: CsdsRoutesDeps): void {
  router.add('GET', '/api/account/:accountId/service/baseURI.json', (ctx) => {
    const accountId = knownAccount(ctx, deps);
    if (accountId === undefined) return;
    const body: CSDSBaseURIResponse = { baseURIs: csdsServices(accountId, deps.host(ctx.secure)) };
    ctx.json(200, body);
  });
  router.add('GET', '/api/account/:accountId/service/:service/baseURI.json', (ctx) => {
    const accountId = knownAccount(ctx, deps);
    if (accountId === undefined) return;
    const service = ctx.params.service ?? '';
    const entry = csdsServices(accountId, deps.host(ctx.secure)).find(
      (candidate) => candidate.service === service,
    );
    if (!entry) {
      ctx.json(404, {
        error: `Unknown service "${service}". Service names are case-sensitive; the mock lists ${csdsServiceNames.join(', ')}.`,
      });
      return;
    }
    const body: CSDSBaseURIResponse = { baseURIs: [entry] };
    ctx.json(200, body);
  });
}

/** The account id of the request, or undefined after answering 404 for an account not hosted. */
function knownAccount(ctx: RouteContext, deps: CsdsRoutesDeps): string | undefined {
  const accountId = ctx.params.accountId ?? '';
  if (deps.accounts(accountId)) return accountId;
  ctx.json(404, { error: `Unknown account "${accountId}": the mock cloud does not host it.` });
  return undefined;
}
