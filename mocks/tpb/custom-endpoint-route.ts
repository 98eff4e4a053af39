/** The four Custom Endpoint routes (docs/rules.md, CE-ROUTE-01). */
export type CustomEndpointRoute = 'environments' | 'state' | 'conversation' | 'event';

/**
 * The route a request URL (or path) is for, read from the end of its path, so that a Base URL
 * with a path prefix works; undefined for any other path.
 */
export function customEndpointRouteOf(url: string): CustomEndpointRoute | undefined {
  const path = url.replace(/^[a-z]+:\/\/[^/]*/i, '').split('?')[0] ?? '';
  if (/\/conversations\/[^/]+\/events$/.test(path)) return 'event';
  if (/\/conversations\/[^/]+$/.test(path)) return 'conversation';
  if (/\/environments\/[^/]+\/state$/.test(path)) return 'state';
  if (/\/environments$/.test(path)) return 'environments';
  return undefined;
}
