import { HarnessError } from '../harness-error.ts';
import { type ConfigKey, type ConfigKeySource, configKeys, utteranceKeys } from './config-keys.ts';

/** Where one value of the config came from, to name it in a message. */
export type ConfigOrigin =
  | { source: 'flag'; flag: string }
  | { source: 'env'; variable: string }
  | { source: 'file'; file: string; key: string };

/** The values one source gives, and where each came from (by key, or `utterances/<key>`). */
export interface ConfigLayer {
  values: Record<string, unknown>;
  origins: Map<string, ConfigOrigin>;
}

/** `--base-url`, `TPB_BASE_URL` or `baseUrl in tpb.config.json`. */
export function describeOrigin(origin: ConfigOrigin): string {
  switch (origin.source) {
    case 'flag':
      return `--${origin.flag}`;
    case 'env':
      return origin.variable;
    case 'file':
      return `${origin.key} in ${origin.file}`;
  }
}

/** The parseArgs option table of the config flags, shared by `run` and `test-connection`. */
export function configFlagOptions(): Record<
  string,
  { type: 'string' | 'boolean'; multiple?: boolean }
> {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const source of Object.values(configKeys)) {
    options[source.flag] =
      source.kind === 'boolean'
        ? { type: 'boolean' }
        : { type: 'string', ...(isRepeatable(source) ? { multiple: true } : {}) };
  }
  return options;
}

function isRepeatable(source: ConfigKeySource): boolean {
  return source.kind === 'list' || source.kind === 'utterances';
}

function entries(): Array<[ConfigKey, ConfigKeySource]> {
  return Object.entries(configKeys) as Array<[ConfigKey, ConfigKeySource]>;
}

function integerOf(text: string, name: string, code: 'TPB_USAGE' | 'TPB_CONFIG'): number {
  if (!/^\d{1,15}$/.test(text.trim())) {
    throw new HarnessError(code, `Invalid ${name} "${text}": expected a whole number.`);
  }
  return Number(text.trim());
}

function listOf(texts: readonly string[], split: boolean): string[] {
  return texts
    .flatMap((text) => (split ? text.split(',') : [text]))
    .map((text) => text.trim())
    .filter((text) => text.length > 0);
}

/** The config given by the flags of a command (parseArgs values, config flags only). */
export function layerFromFlags(values: Readonly<Record<string, unknown>>): ConfigLayer {
  const layer: ConfigLayer = { values: {}, origins: new Map() };
  for (const [key, source] of entries()) {
    const raw = values[source.flag];
    if (raw === undefined) continue;
    const origin: ConfigOrigin = { source: 'flag', flag: source.flag };
    switch (source.kind) {
      case 'boolean':
        layer.values[key] = raw === true;
        break;
      case 'integer':
        layer.values[key] = integerOf(String(raw), `--${source.flag}`, 'TPB_USAGE');
        break;
      case 'list':
        // --rules CE-*,BOT-* and --unused a,b are lists in one flag; a skill name is taken whole
        // (--skill is repeated).
        layer.values[key] = listOf(raw as string[], key === 'rules' || key === 'unused');
        break;
      case 'utterances': {
        const utterances: Record<string, string> = {};
        for (const pair of raw as string[]) {
          const [name, text] = utterancePair(pair);
          utterances[name] = text;
          layer.origins.set(`utterances/${name}`, origin);
        }
        layer.values[key] = utterances;
        break;
      }
      case 'string':
        layer.values[key] = String(raw);
        break;
    }
    layer.origins.set(key, origin);
  }
  return layer;
}

function utterancePair(pair: string): [string, string] {
  const at = pair.indexOf('=');
  const known = utteranceKeys();
  if (at <= 0) {
    throw new HarnessError(
      'TPB_USAGE',
      `Invalid --utterance "${pair}": expected KEY=TEXT, where KEY is one of ${known.join(', ')}.`,
    );
  }
  const name = pair.slice(0, at).trim();
  if (!(known as readonly string[]).includes(name)) {
    throw new HarnessError(
      'TPB_USAGE',
      `Invalid --utterance "${pair}": unknown key "${name}"; use one of ${known.join(', ')}.`,
    );
  }
  return [name, pair.slice(at + 1)];
}

const truthy = new Set(['1', 'true', 'yes', 'on']);
const falsy = new Set(['0', 'false', 'no', 'off']);

/** The config given by the TPB_* environment variables; empty variables count as unset. */
export function layerFromEnv(env: Readonly<Record<string, string | undefined>>): ConfigLayer {
  const layer: ConfigLayer = { values: {}, origins: new Map() };
  for (const [key, source] of entries()) {
    if (!source.env) continue;
    const raw = env[source.env];
    if (raw === undefined || raw.trim() === '') continue;
    switch (source.kind) {
      case 'boolean': {
        const word = raw.trim().toLowerCase();
        if (!truthy.has(word) && !falsy.has(word)) {
          throw new HarnessError(
            'TPB_CONFIG',
            `Invalid ${source.env} "${raw}": expected true or false (or 1 or 0).`,
          );
        }
        layer.values[key] = truthy.has(word);
        break;
      }
      case 'integer':
        layer.values[key] = integerOf(raw, source.env, 'TPB_CONFIG');
        break;
      case 'list':
        layer.values[key] = listOf([raw], true);
        break;
      default:
        layer.values[key] = raw;
    }
    layer.origins.set(key, { source: 'env', variable: source.env });
  }
  return layer;
}
