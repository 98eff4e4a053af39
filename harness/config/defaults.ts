import { deepFreeze, engineDefaults, exampleImageHost } from '../../mocks/index.ts';
import type { HarnessConfig } from '../../schemas/index.ts';

/** The config keys the harness has a default for. */
type DefaultedKey =
  | 'accountId'
  | 'environment'
  | 'keyId'
  | 'clientId'
  | 'timeoutMs'
  | 'reportDir'
  | 'conversationType'
  | 'richContentChannel'
  | 'imageHosts'
  | 'skills'
  | 'agents'
  | 'unused'
  | 'rules'
  | 'strict';

/**
 * The run's config after resolution: what flags, env and the config file set, over the defaults,
 * so that every key with a default has a value and nothing downstream falls back on its own.
 */
export type ResolvedConfig = Readonly<
  Omit<HarnessConfig, DefaultedKey> & Required<Pick<HarnessConfig, DefaultedKey>>
>;

/**
 * The harness's defaults where the config is silent (flags, env and config file say nothing): the
 * one place they are written. A platform value (the Custom Endpoint's 60 s, the wizard's
 * environment) is the engine's, read from mocks so that the number is written once.
 */
export const runDefaults: Readonly<Required<Pick<HarnessConfig, DefaultedKey>>> = deepFreeze({
  accountId: '12345678',
  environment: engineDefaults.environment,
  keyId: 'tpb-conformance',
  clientId: 'tpb-conformance',
  timeoutMs: engineDefaults.requestTimeoutMs,
  reportDir: './tpb-report',
  conversationType: 'both',
  richContentChannel: 'web',
  imageHosts: [exampleImageHost],
  skills: [],
  agents: [],
  unused: [],
  rules: ['*'],
  strict: false,
});

/** Without a target the built-in example bot is certified; it transfers to the skill `human`. */
const builtInDefaults: typeof runDefaults = deepFreeze({ ...runDefaults, skills: ['human'] });

/**
 * The config with every default filled. The keys the run set stay its own properties, over a
 * prototype of the defaults: reading a key gives the value in force, `isSet` tells whether the run
 * chose it (the report names a client id, a rule says where its bound came from, only then), and
 * the object still serialises as what the run set. Applying it again changes nothing. Copy a
 * resolved config with `withDefaults({ ...config, key })`: a bare spread drops the defaults.
 */
export function withDefaults(config: Readonly<HarnessConfig>): ResolvedConfig {
  const defaults = config.kind ? runDefaults : builtInDefaults;
  // Defined, not assigned: a key of a frozen prototype cannot be assigned over.
  return Object.freeze(Object.create(defaults, Object.getOwnPropertyDescriptors(config)));
}

/** Whether the run's flags, env or config file set `key`, rather than leaving it to the defaults. */
export function isSet(config: ResolvedConfig, key: keyof HarnessConfig): boolean {
  return Object.hasOwn(config, key);
}

/**
 * How long a LivePerson Function invocation may run in this run: LivePerson's limit, or the run's
 * per-request timeout when that is shorter.
 */
export function faasLimitMs(config: Pick<ResolvedConfig, 'timeoutMs'>): number {
  return Math.min(config.timeoutMs, engineDefaults.faasTimeoutMs);
}

/** Config files looked for in the working directory when no --config is given, in this order. */
export const configFileNames = ['tpb.config.ts', 'tpb.config.json', 'tpb.config.mjs'] as const;
