import { deepFreeze } from '../../mocks/index.ts';
import { type HarnessConfig, type ValidationIssue, validate } from '../../schemas/index.ts';
import { HarnessError } from '../harness-error.ts';
import { matchRules, type TargetKind } from '../rules/index.ts';
import { findConfigFile, layerFromFile, layerFromObject } from './config-file.ts';
import { type ConfigKey, configKeys, utteranceKeys } from './config-keys.ts';
import {
  type ConfigLayer,
  type ConfigOrigin,
  describeOrigin,
  layerFromEnv,
  layerFromFlags,
} from './config-layer.ts';
import { type ResolvedConfig, withDefaults } from './defaults.ts';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface ResolveConfigOptions {
  /** The command's parsed flags (parseArgs `values`); only config flags and `config` are read. */
  flags?: Readonly<Record<string, unknown>>;
  /** Default `process.env`; tests pass their own. */
  env?: Environment;
  /** Where the config file is looked for; default `process.cwd()`. */
  cwd?: string;
  /**
   * A config given in code (`certify()`): it takes the config file's place, so no file is looked
   * for. Relative paths in it are taken from `cwd`.
   */
  given?: Readonly<HarnessConfig>;
  /**
   * Told, once, of a value taken in a corrected form rather than rejected (a trailing slash on
   * the Base URL), so that the CLI can say what it used.
   */
  onNote?: (note: string) => void;
}

/**
 * The one place the run's config is put together: CLI flags, then TPB_* environment variables,
 * then the config file (`--config FILE`, else tpb.config.ts / .json / .mjs in the working
 * directory), key by key (`utterances` utterance by utterance). The result is checked against
 * schemas/harness-config.schema.json, frozen, and gets the defaults of defaults.ts for every key
 * it leaves out. Bad input throws one HarnessError (TPB_USAGE for a flag, TPB_CONFIG for a
 * variable or the file) that names where the bad value came from.
 *
 * @example
 * const config = await resolveConfig({ flags: values, env: process.env });
 */
export async function resolveConfig(options: ResolveConfigOptions = {}): Promise<ResolvedConfig> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const flags = options.flags ?? {};
  const explicit = flags.config;
  if (explicit !== undefined && (typeof explicit !== 'string' || explicit === '')) {
    throw new HarnessError('TPB_USAGE', 'Invalid --config: expected the path of a config file.');
  }
  const fromFlags = layerFromFlags(flags);
  const fromEnv = layerFromEnv(env);
  const file = options.given ? undefined : findConfigFile(cwd, explicit);
  const fromFile = options.given
    ? layerFromObject(options.given, cwd, givenConfigName)
    : file
      ? await layerFromFile(file, cwd)
      : { values: {}, origins: new Map() };
  const merged = merge([fromFile, fromEnv, fromFlags]);
  dropTrailingSlash(merged, options.onNote);
  const result = validate('harness-config', merged.values);
  if (!result.ok) throw configError(result.issues, merged);
  const config = result.value;
  checkTarget(config, merged.origins);
  checkRulePatterns(config, merged.origins);
  return withDefaults(deepFreeze(config));
}

/** How messages name the config given in code: "Invalid timeoutMs in the config given to certify()". */
const givenConfigName = 'the config given to certify()';

/** What the CLI itself takes from the environment besides the config: CI, debugging, PATH. */
export function readCliEnvironment(env: Environment = process.env): {
  ci: boolean;
  debug: boolean;
  /** PATH, where a connector's command is looked for. */
  path: string;
} {
  const ci = env.CI;
  return {
    ci: ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false',
    debug: env.TPB_DEBUG === '1',
    path: env.PATH ?? '',
  };
}

/** Later layers win, key by key; utterances merge utterance by utterance. */
function merge(layers: ConfigLayer[]): ConfigLayer {
  const out: ConfigLayer = { values: {}, origins: new Map() };
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.values)) {
      const previous = out.values[key];
      out.values[key] =
        key === 'utterances' && isPlainObject(previous) && isPlainObject(value)
          ? { ...previous, ...value }
          : value;
    }
    for (const [key, origin] of layer.origins) out.origins.set(key, origin);
  }
  return out;
}

/**
 * A Base URL copied with its trailing slash ("https://bot.example.com/") would put a double slash
 * into every path the platform appends; it is used without the slash, and the user told.
 */
function dropTrailingSlash(merged: ConfigLayer, onNote?: (note: string) => void): void {
  const url = merged.values.baseUrl;
  if (typeof url !== 'string' || !/^https?:\/\/.*[^/]\/+$/.test(url)) return;
  const trimmed = url.replace(/\/+$/, '');
  merged.values.baseUrl = trimmed;
  const origin = merged.origins.get('baseUrl');
  onNote?.(`${origin ? describeOrigin(origin) : 'baseUrl'} ends with a slash; using ${trimmed}.`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function codeOf(origin: ConfigOrigin | undefined): 'TPB_USAGE' | 'TPB_CONFIG' {
  return origin?.source === 'flag' ? 'TPB_USAGE' : 'TPB_CONFIG';
}

/** Every way of giving a key: `--client-id (or TPB_CLIENT_ID, or clientId in the config file)`. */
function waysToGive(key: ConfigKey): string {
  const source = configKeys[key];
  return `--${source.flag} (or ${source.env ? `${source.env}, or ` : ''}${key} in the config file)`;
}

function configError(issues: ValidationIssue[], merged: ConfigLayer): HarnessError {
  // The keys a kind requires are named together: "needs --base-url and --bot-id".
  const missing = issues
    .filter((issue) => issue.keyword === 'required')
    .map((issue) => issue.path.split('/')[1] ?? '')
    .filter((key): key is ConfigKey => key in configKeys);
  if (missing.length > 0) {
    const list = (items: string[]) => items.join(' and ');
    const env = missing.map((key) => configKeys[key].env).filter((name) => name !== undefined);
    return new HarnessError(
      codeOf(merged.origins.get('kind')),
      `Invalid config: a ${String(merged.values.kind)} target needs ${list(missing.map((key) => `--${configKeys[key].flag}`))} (or ${list(env)}, or ${list(missing)} in the config file).`,
    );
  }
  const described = issues.map((issue) => describeIssue(issue, merged));
  const first = described[0] ?? {
    code: 'TPB_CONFIG' as const,
    message: 'Invalid config: it does not match schemas/harness-config.schema.json.',
  };
  // Every problem at once, so that a user fixes them in one go; a value that breaks both the
  // pattern and the format of its key is one problem in words.
  const messages = [...new Set(described.map((each) => each.message))];
  return new HarnessError(
    first.code,
    messages.length === 1
      ? first.message
      : `${messages.length} problems in the config:\n${messages.map((message) => `  ${message}`).join('\n')}`,
  );
}

function describeIssue(
  issue: ValidationIssue,
  { origins }: ConfigLayer,
): { code: 'TPB_USAGE' | 'TPB_CONFIG'; message: string } {
  const [top = '', second] = issue.path.split('/').slice(1);
  const originKey = top === 'utterances' && second !== undefined ? `utterances/${second}` : top;
  const origin = origins.get(originKey) ?? origins.get(top);
  const where = origin ? describeOrigin(origin) : top || 'the config';
  if (issue.keyword === 'additionalProperties') {
    const file = origin?.source === 'file' ? ` in ${origin.file}` : '';
    return top === 'utterances'
      ? {
          code: 'TPB_CONFIG',
          message: `Unknown utterance "${second}"${file}: use one of ${utteranceKeys().join(', ')}.`,
        }
      : {
          code: 'TPB_CONFIG',
          message: `Unknown key "${top}"${file}: the keys are the flags of "tpb-conformance run" in camelCase (${Object.keys(configKeys).join(', ')}).`,
        };
  }
  // A secret is never repeated back, not even in an error message.
  const got = top === 'clientSecret' ? '' : `, got ${issue.actual}`;
  const inWords =
    issue.keyword === 'pattern' || issue.keyword === 'format'
      ? configKeys[top as ConfigKey]?.expects
      : undefined;
  return {
    code: codeOf(origin),
    message: `Invalid ${where}: expected ${inWords ?? issue.expected}${got}.`,
  };
}

const targetKeys: Record<TargetKind, readonly ConfigKey[]> = {
  'custom-endpoint': ['baseUrl', 'botId'],
  faas: ['function'],
  connector: ['command'],
};

/** Whether the harness authenticates to the kind itself: it calls only a Custom Endpoint. */
const authenticatesToCandidate: Record<TargetKind, boolean> = {
  'custom-endpoint': true,
  faas: false,
  connector: false,
};

/** What the schema cannot say: target keys match the kind, and a Custom Endpoint can be authenticated to. */
function checkTarget(config: HarnessConfig, origins: Map<string, ConfigOrigin>): void {
  const named = (key: ConfigKey) => {
    const origin = origins.get(key);
    return origin ? describeOrigin(origin) : key;
  };
  const fail = (key: ConfigKey, message: string): never => {
    throw new HarnessError(codeOf(origins.get(key)), message);
  };
  for (const [kind, keys] of Object.entries(targetKeys)) {
    for (const key of keys) {
      if (config[key] === undefined || config.kind === kind) continue;
      fail(
        key,
        config.kind === undefined
          ? `Invalid ${named(key)}: it names a ${kind} target, but no --kind is given. Add --kind ${kind} (without a kind the built-in example bot is certified).`
          : `Invalid ${named(key)}: it is for --kind ${kind}, not ${config.kind}. Drop it or change the kind.`,
      );
    }
  }
  if (config.kind === undefined || !authenticatesToCandidate[config.kind]) return;
  const modes = (['signingKey', 'jwksPort', 'tokenUrl'] as const).filter(
    (key) => config[key] !== undefined,
  );
  const [firstMode, secondMode] = modes;
  if (firstMode && secondMode) {
    fail(
      secondMode,
      `Invalid config: ${named(firstMode)} and ${named(secondMode)} are two ways to authenticate to the Custom Endpoint; choose one.`,
    );
  }
  if (firstMode === 'tokenUrl' && (!config.clientId || !config.clientSecret)) {
    fail(
      'tokenUrl',
      `Invalid config: ${named('tokenUrl')} needs ${waysToGive(config.clientId ? 'clientSecret' : 'clientId')}.`,
    );
  }
  if (!firstMode) {
    fail(
      'kind',
      'Invalid config: no way to authenticate to the Custom Endpoint. Pass --signing-key private.pem (the candidate pins its public key; make one with "tpb-conformance keys generate"), --jwks-port PORT (the candidate fetches the mock JWKS there), or --token-url with --client-id and --client-secret (a real Sentinel).',
    );
  }
}

/** A rule pattern that matches nothing is a typo: say so rather than run fewer rules. */
function checkRulePatterns(config: HarnessConfig, origins: Map<string, ConfigOrigin>): void {
  const origin = origins.get('rules');
  const unmatched = (config.rules ?? []).filter((pattern) => matchRules([pattern]).length === 0);
  if (unmatched.length === 0) return;
  const quoted = unmatched.map((pattern) => `"${pattern}"`).join(', ');
  throw new HarnessError(
    codeOf(origin),
    `Invalid ${origin ? describeOrigin(origin) : 'rules'}: ${quoted} ${unmatched.length === 1 ? 'matches' : 'match'} no rule ID. Run "tpb-conformance rules" for the IDs (patterns are case-sensitive; * stands for any characters).`,
  );
}
