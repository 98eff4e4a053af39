import type { TPBBotConfig, TPBCustomEndpointSettings } from '../../schemas/index.ts';

/**
 * The platform's own values where a bot's configuration (or a component's options) is silent.
 * They are written here and nowhere else: `resolveBotConfig` applies them once, when a bot is
 * added, and the harness reads the same numbers through mocks/index.ts instead of repeating them.
 *
 * @see docs/spec/custom-endpoint.md#84-timeouts-and-retries §8.4, docs/spec/tpb-platform.md#9-bot-states §§9, 13
 */
export const engineDefaults = {
  /** Custom Endpoint: per attempt, a real timer (custom-endpoint.md §8.4). */
  requestTimeoutMs: 60_000,
  /** Custom Endpoint: attempts per request, the first included (§8.4). */
  maxAttempts: 3,
  /** Custom Endpoint: the pause before attempt n+1 is the n-th (the last repeats) (§8.4). */
  retryPausesMs: [5_000, 10_000],
  /** The Custom Endpoint wizard's environment. */
  environment: 'draft',
  /** A LivePerson Function invocation may run this long (tpb-platform.md §13). */
  faasTimeoutMs: 30_000,
  /** A bot in Vendor Interruption checks the vendor again this often. */
  healthCheckIntervalMs: 60_000,
  /** A bot in Service Interruption tries to restart this often. */
  restartIntervalMs: 60_000,
  conversationType: 'messaging',
  engagementAttributes: false,
  /** A Sentinel token request may take this long (real milliseconds). */
  tokenRequestTimeoutMs: 30_000,
  /** A cached Sentinel token is renewed this long before its `exp`. */
  tokenRefreshMarginSeconds: 60,
  /** A UMS request (and each HTTP call of the login, and the upgrade) gives up after this. */
  umsRequestTimeoutMs: 10_000,
} as const;

/** A bot's configuration with every value the engine defaults filled in. */
export type ResolvedBotConfig = Omit<
  TPBBotConfig,
  | 'customEndpoint'
  | 'conversationType'
  | 'engagementAttributes'
  | 'requestTimeoutMs'
  | 'retryPausesMs'
  | 'faasTimeoutMs'
  | 'healthCheckIntervalMs'
  | 'restartIntervalMs'
> &
  Required<
    Pick<
      TPBBotConfig,
      | 'conversationType'
      | 'engagementAttributes'
      | 'requestTimeoutMs'
      | 'retryPausesMs'
      | 'faasTimeoutMs'
      | 'healthCheckIntervalMs'
      | 'restartIntervalMs'
    >
  > & { customEndpoint?: TPBCustomEndpointSettings & { environment: string } };

/** The one place a bot's configuration gets the engine's defaults; the engine reads only its result. */
export function resolveBotConfig(config: TPBBotConfig): ResolvedBotConfig {
  const { customEndpoint, ...rest } = config;
  return {
    ...rest,
    ...(customEndpoint
      ? {
          customEndpoint: {
            ...customEndpoint,
            environment: customEndpoint.environment ?? engineDefaults.environment,
          },
        }
      : {}),
    conversationType: config.conversationType ?? engineDefaults.conversationType,
    engagementAttributes: config.engagementAttributes ?? engineDefaults.engagementAttributes,
    requestTimeoutMs: config.requestTimeoutMs ?? engineDefaults.requestTimeoutMs,
    retryPausesMs: config.retryPausesMs ?? [...engineDefaults.retryPausesMs],
    faasTimeoutMs: config.faasTimeoutMs ?? engineDefaults.faasTimeoutMs,
    healthCheckIntervalMs: config.healthCheckIntervalMs ?? engineDefaults.healthCheckIntervalMs,
    restartIntervalMs: config.restartIntervalMs ?? engineDefaults.restartIntervalMs,
  };
}
