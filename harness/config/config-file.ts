import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HarnessError } from '../harness-error.ts';
import { type ConfigKey, configKeys } from './config-keys.ts';
import type { ConfigLayer } from './config-layer.ts';
import { configFileNames } from './defaults.ts';

/** The config file to read: `--config FILE` (which must exist), else the first default in `cwd`. */
export function findConfigFile(cwd: string, explicit?: string): string | undefined {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) {
      throw new HarnessError(
        'TPB_USAGE',
        `Invalid --config "${explicit}": no such file. Pass the path of a tpb.config.ts, .json or .mjs, or run "tpb-conformance init".`,
      );
    }
    return path;
  }
  for (const name of configFileNames) {
    const path = resolve(cwd, name);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** How a file is named in messages: relative to the working directory when inside it. */
export function displayPath(path: string, cwd: string): string {
  const shown = relative(cwd, path);
  return shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : path;
}

/**
 * Reads a config file: JSON is parsed, a TS or JS module is imported through tsx and
 * its default export used. Relative paths in it (signingKey, function, reportDir) are taken from
 * the file's folder, so a config works whatever directory the CLI is started from.
 */
export async function layerFromFile(path: string, cwd: string): Promise<ConfigLayer> {
  const shown = displayPath(path, cwd);
  const value =
    extname(path) === '.json' ? await readJson(path, shown) : await importModule(path, shown);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HarnessError(
      'TPB_CONFIG',
      `Invalid config file ${shown}: expected an object of run's options (for example { "kind": "custom-endpoint", … }), got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}.`,
    );
  }
  return layerFromObject(value, dirname(path), shown);
}

/**
 * The layer of a config object: relative paths in it (signingKey, function, reportDir) are taken
 * from `dir`, and each value's origin is named `<key> in <shown>`.
 */
export function layerFromObject(value: object, dir: string, shown: string): ConfigLayer {
  const layer: ConfigLayer = { values: {}, origins: new Map() };
  for (const [key, raw] of Object.entries(value)) {
    // "$schema" is for the user's editor (autocomplete from the shipped config schema).
    if (raw === undefined || key === '$schema') continue;
    const source = configKeys[key as ConfigKey] as (typeof configKeys)[ConfigKey] | undefined;
    const isRelativePath =
      source?.path === true &&
      typeof raw === 'string' &&
      raw !== '' &&
      !isAbsolute(raw) &&
      !/^[a-z][a-z0-9+.-]*:\/\//i.test(raw);
    layer.values[key] = isRelativePath ? resolve(dir, raw as string) : raw;
    layer.origins.set(key, { source: 'file', file: shown, key });
    if (key === 'utterances' && raw !== null && typeof raw === 'object') {
      for (const name of Object.keys(raw))
        layer.origins.set(`utterances/${name}`, {
          source: 'file',
          file: shown,
          key: `utterances.${name}`,
        });
    }
  }
  return layer;
}

async function readJson(path: string, shown: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new HarnessError(
      'TPB_CONFIG',
      `Failed to read the config file ${shown}: ${(cause as Error).message}.`,
      { cause },
    );
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new HarnessError(
      'TPB_CONFIG',
      `Failed to parse the config file ${shown} as JSON: ${(cause as Error).message}.`,
      { cause },
    );
  }
}

async function importModule(path: string, shown: string): Promise<unknown> {
  let module: { default?: unknown };
  try {
    // tsx's scoped import compiles the file whatever its package's "type" (a tpb.config.ts in a
    // CommonJS project included), without touching how the rest of the process loads modules.
    // It is imported here, not at the top: only a run with a config module pays for loading it.
    const { tsImport } = await import('tsx/esm/api');
    module = (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown };
  } catch (cause) {
    throw new HarnessError(
      'TPB_CONFIG',
      `Failed to load the config file ${shown}: ${(cause as Error).message}. Check that it runs under Node and that "tpb-conformance" is installed.`,
      { cause },
    );
  }
  // Compiled as CommonJS, `export default` arrives as `module.exports.default`.
  const exported = module.default;
  const value =
    exported !== null && typeof exported === 'object' && 'default' in exported
      ? (exported as { default: unknown }).default
      : exported;
  if (value === undefined) {
    throw new HarnessError(
      'TPB_CONFIG',
      `Invalid config file ${shown}: it has no default export. Write "export default defineConfig({ … })".`,
    );
  }
  return value;
}
