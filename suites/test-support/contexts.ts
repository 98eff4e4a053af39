import { type BuiltContext, buildContext } from '../../harness/index.ts';
import { brokenBot } from '../../mocks/index.ts';
import type { HarnessConfig } from '../../schemas/index.ts';

/** A run context for the built-in example bot (which must pass every applicable rule). */
export function builtInContext(config: HarnessConfig = {}): Promise<BuiltContext> {
  return buildContext({ timeoutMs: 2000, ...config });
}

/** A run context for a broken bot of the zoo, started like the built-in one (mock JWKS). */
export function brokenContext(
  name: string,
  config: HarnessConfig = {},
  delayMs?: number,
): Promise<BuiltContext> {
  const broken = brokenBot(name);
  if (!broken) throw new Error(`No broken bot named ${name}`);
  return buildContext(
    { timeoutMs: 2000, ...config },
    {
      startCandidate: (cloud) =>
        broken.start({
          auth: { jwksUrl: cloud.urls.jwksUrl, ca: cloud.certificates.caCertPem },
          ...(delayMs !== undefined ? { delayMs } : {}),
        }),
    },
  );
}
