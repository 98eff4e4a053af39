export { OAuthError, type OAuthErrorCode, tokenResponseHeaders } from './oauth-error.ts';
export {
  registerSentinelRoutes,
  type SentinelRoutesDeps,
  sentinelPaths,
} from './sentinel-routes.ts';
export {
  defaultTokenLifetimeSeconds,
  type TokenGrant,
  TokenIssuer,
  type TokenIssuerOptions,
} from './token-issuer.ts';
