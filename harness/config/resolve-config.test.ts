/**
 * The config resolver: flags over TPB_* variables over the config file, validated against
 * schemas/harness-config.schema.json and frozen; bad input is one HarnessError naming its source.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSchemaFiles } from '../../schemas/index.ts';
import { tempProject } from '../cli/test-support/run-cli.ts';
import { HarnessError } from '../harness-error.ts';
import {
  type ConfigKey,
  configKeys,
  isSet,
  type ResolvedConfig,
  readCliEnvironment,
  resolveConfig,
  runDefaults,
} from './index.ts';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tpb-config-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

async function failure(promise: Promise<unknown>): Promise<HarnessError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HarnessError);
  return error as HarnessError;
}

const ce = {
  kind: 'custom-endpoint',
  baseUrl: 'http://file.example',
  botId: 'file-bot',
  jwksPort: 8089,
  timeoutMs: 1000,
  reportDir: 'file-reports',
  utterances: { close: 'bye from file', transfer: 'agent from file' },
};

describe('resolveConfig', () => {
  it('is empty (the built-in example bot) when nothing is given', async () => {
    expect(await resolveConfig({ env: {}, cwd: dirWith({}) })).toEqual({});
  });

  it('fills every default of defaults.ts that nothing gives, and keeps what was given', async () => {
    const inForce = (config: ResolvedConfig) =>
      Object.fromEntries(Object.keys(runDefaults).map((key) => [key, Reflect.get(config, key)]));
    const builtIn = await resolveConfig({ env: {}, cwd: dirWith({}) });
    // The built-in example bot transfers to "human"; a target declares its own skills.
    expect(inForce(builtIn)).toEqual({ ...runDefaults, skills: ['human'] });
    expect(isSet(builtIn, 'timeoutMs')).toBe(false);
    const faas = await resolveConfig({
      env: {},
      cwd: dirWith({}),
      flags: { kind: 'faas', function: 'https://fn.example', 'timeout-ms': '1000' },
    });
    expect(inForce(faas)).toEqual({ ...runDefaults, timeoutMs: 1000 });
    expect(isSet(faas, 'timeoutMs')).toBe(true);
    expect(isSet(faas, 'clientId')).toBe(false);
  });

  it('takes flags over env over a JSON file, key by key and utterance by utterance', async () => {
    const cwd = dirWith({ 'tpb.config.json': JSON.stringify(ce) });
    const config = await resolveConfig({
      cwd,
      env: { TPB_BOT_ID: 'env-bot', TPB_TIMEOUT_MS: '2000', TPB_RULES: 'CE-*, SEC-0*' },
      flags: { 'timeout-ms': '3000', utterance: ['close=bye from flag'], strict: true },
    });
    expect(config).toEqual({
      kind: 'custom-endpoint',
      baseUrl: 'http://file.example',
      botId: 'env-bot',
      jwksPort: 8089,
      timeoutMs: 3000,
      reportDir: join(cwd, 'file-reports'),
      utterances: { close: 'bye from flag', transfer: 'agent from file' },
      rules: ['CE-*', 'SEC-0*'],
      strict: true,
    });
  });

  it('loads tpb.config.ts through defineConfig from the package entry', async () => {
    const cwd = tempProject();
    writeFileSync(
      join(cwd, 'tpb.config.ts'),
      `import { defineConfig } from 'tpb-conformance';\nconst port: number = 8090;\nexport default defineConfig({ kind: 'custom-endpoint', baseUrl: 'http://ts.example', botId: 'ts-bot', jwksPort: port, skills: ['human'] });\n`,
    );
    const config = await resolveConfig({
      cwd,
      env: { TPB_SKILLS: 'human,billing' },
      flags: { 'bot-id': 'flag-bot' },
    });
    expect(config).toEqual({
      kind: 'custom-endpoint',
      baseUrl: 'http://ts.example',
      botId: 'flag-bot',
      jwksPort: 8090,
      skills: ['human', 'billing'],
    });
  });

  it('reads --config FILE instead of the default, with paths relative to the file', async () => {
    const cwd = dirWith({
      'tpb.config.json': '{"strict": true}',
      'other.mjs': `export default { kind: 'faas', function: './fn.js' };\n`,
    });
    expect(await resolveConfig({ cwd, env: {}, flags: { config: 'other.mjs' } })).toEqual({
      kind: 'faas',
      function: join(cwd, 'fn.js'),
    });
  });

  it('returns a frozen config', async () => {
    const config = await resolveConfig({ env: {}, cwd: dirWith({}), flags: { skill: ['a'] } });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.skills)).toBe(true);
  });

  it.each([
    [{ kind: 'bot' }, {}, 'TPB_USAGE', /^Invalid --kind: expected one of "custom-endpoint"/],
    [
      { 'jwks-port': 'abc' },
      {},
      'TPB_USAGE',
      /^Invalid --jwks-port "abc": expected a whole number/,
    ],
    [{ 'jwks-port': '70000' }, {}, 'TPB_USAGE', /^Invalid --jwks-port: expected a number <= 65535/],
    [{ utterance: ['hello'] }, {}, 'TPB_USAGE', /^Invalid --utterance "hello": expected KEY=TEXT/],
    [
      { utterance: ['greet=hi'] },
      {},
      'TPB_USAGE',
      /unknown key "greet"; use one of transfer, close/,
    ],
    [
      { utterance: ['close='] },
      {},
      'TPB_USAGE',
      /^Invalid --utterance: expected a string at least 1/,
    ],
    [
      { rules: ['ce-*'] },
      {},
      'TPB_USAGE',
      /^Invalid --rules: expected a rule ID pattern in upper case .*, got "ce-\*"\.$/,
    ],
    [{ rules: ['NOPE-*'] }, {}, 'TPB_USAGE', /"NOPE-\*" matches no rule ID/],
    [
      { 'base-url': 'http://x' },
      {},
      'TPB_USAGE',
      /--base-url: it names a custom-endpoint target, but no --kind/,
    ],
    [
      { kind: 'faas', function: 'f.js', command: 'node x' },
      {},
      'TPB_USAGE',
      /--command: it is for --kind connector, not faas/,
    ],
    [
      { kind: 'custom-endpoint' },
      {},
      'TPB_USAGE',
      /a custom-endpoint target needs --base-url and --bot-id/,
    ],
    [
      { kind: 'custom-endpoint', 'base-url': 'http://x', 'bot-id': 'b' },
      {},
      'TPB_USAGE',
      /no way to authenticate to the Custom Endpoint/,
    ],
    [
      { kind: 'custom-endpoint', 'base-url': 'http://x', 'bot-id': 'b', 'jwks-port': '1' },
      { TPB_SIGNING_KEY: 'k.pem' },
      'TPB_USAGE',
      /TPB_SIGNING_KEY and --jwks-port are two ways to authenticate/,
    ],
    [
      { kind: 'custom-endpoint', 'base-url': 'http://x', 'bot-id': 'b', 'token-url': 'http://s' },
      {},
      'TPB_USAGE',
      /--token-url needs --client-id/,
    ],
    [
      { 'base-url': 'ftp://x', 'bot-id': 'b', kind: 'custom-endpoint' },
      {},
      'TPB_USAGE',
      /^Invalid --base-url: expected an http:\/\/ or https:\/\/ URL, like https:\/\/bot\.example\.com/,
    ],
    [{ config: '' }, {}, 'TPB_USAGE', /^Invalid --config/],
    [{ config: 'missing.json' }, {}, 'TPB_USAGE', /^Invalid --config "missing.json": no such file/],
    [
      {},
      { TPB_TIMEOUT_MS: '1.5' },
      'TPB_CONFIG',
      /^Invalid TPB_TIMEOUT_MS "1.5": expected a whole number/,
    ],
    [
      {},
      { TPB_TIMEOUT_MS: '0' },
      'TPB_CONFIG',
      /^Invalid TPB_TIMEOUT_MS: expected a number >= 1, got 0/,
    ],
    [
      {},
      { TPB_STRICT: 'maybe' },
      'TPB_CONFIG',
      /^Invalid TPB_STRICT "maybe": expected true or false/,
    ],
    [{}, { TPB_KIND: 'faas' }, 'TPB_CONFIG', /a faas target needs --function \(or TPB_FUNCTION/],
    [
      {},
      { TPB_ACCOUNT_ID: 'le123' },
      'TPB_CONFIG',
      /^Invalid TPB_ACCOUNT_ID: expected digits only, like 12345678, got "le123"\.$/,
    ],
  ])('rejects flags %j and env %j with one %s message', async (flags, env, code, message) => {
    const error = await failure(resolveConfig({ flags, env, cwd: dirWith({}) }));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it('says in words what every key with a schema pattern or format expects', () => {
    const file = readSchemaFiles().find((each) => each.name === 'harness-config');
    if (!file) throw new Error('no harness-config schema');
    const { properties } = file.document as unknown as {
      properties: Record<string, Record<string, unknown>>;
    };
    const constrained = Object.entries(properties)
      .filter(([, schema]) => {
        const items = schema.items as Record<string, unknown> | undefined;
        return ['pattern', 'format'].some(
          (keyword) => keyword in schema || keyword in (items ?? {}),
        );
      })
      .map(([key]) => key);
    expect(constrained.length).toBeGreaterThan(0);
    for (const key of constrained) {
      expect(configKeys[key as ConfigKey].expects, key).toMatch(/, like /);
    }
  });

  it('takes a Base URL without its trailing slash, and says so once', async () => {
    const notes: string[] = [];
    const config = await resolveConfig({
      cwd: dirWith({}),
      env: { TPB_BASE_URL: 'https://bot.example.com/api/' },
      flags: { kind: 'custom-endpoint', 'bot-id': 'b', 'jwks-port': '8089' },
      onNote: (note) => notes.push(note),
    });
    expect(config.baseUrl).toBe('https://bot.example.com/api');
    expect(notes).toEqual(['TPB_BASE_URL ends with a slash; using https://bot.example.com/api.']);
  });

  it('ignores "$schema" in a config file', async () => {
    const cwd = dirWith({
      'tpb.config.json':
        '{"$schema": "./node_modules/tpb-conformance/config.schema.json", "strict": true}',
    });
    expect(await resolveConfig({ cwd, env: {} })).toEqual({ strict: true });
  });

  it('never repeats a client secret back in a message', async () => {
    const cwd = dirWith({ 'tpb.config.json': '{"clientSecret": ""}' });
    const error = await failure(resolveConfig({ cwd, env: {} }));
    expect(error.message).toBe(
      'Invalid clientSecret in tpb.config.json: expected a string at least 1 characters long.',
    );
  });

  it.each([
    [
      'tpb.config.json',
      '{"kind": "custom-endpoint",',
      /^Failed to parse the config file tpb.config.json as JSON/,
    ],
    [
      'tpb.config.json',
      '[1]',
      /^Invalid config file tpb.config.json: expected an object .* got an array/,
    ],
    [
      'tpb.config.json',
      '{"baseURL": "http://x"}',
      /^Unknown key "baseURL" in tpb.config.json: the keys are/,
    ],
    [
      'tpb.config.json',
      '{"utterances": {"hi": "x"}}',
      /^Unknown utterance "hi" in tpb.config.json: use one of/,
    ],
    [
      'tpb.config.json',
      '{"timeoutMs": "60000"}',
      /^Invalid timeoutMs in tpb.config.json: expected type integer/,
    ],
    [
      'tpb.config.mjs',
      'export const x = 1;',
      /^Invalid config file tpb.config.mjs: it has no default export/,
    ],
    [
      'tpb.config.mjs',
      'throw new Error("boom");',
      /^Failed to load the config file tpb.config.mjs: boom/,
    ],
    [
      'tpb.config.ts',
      'export default { strict: "yes" };',
      /^Invalid strict in tpb.config.ts: expected type boolean/,
    ],
  ])(
    'rejects a bad %s (%s) with one TPB_CONFIG message naming it',
    async (name, content, message) => {
      const error = await failure(resolveConfig({ cwd: dirWith({ [name]: content }), env: {} }));
      expect(error.code).toBe('TPB_CONFIG');
      expect(error.message).toMatch(message);
      expect(error.message.split('\n')).toHaveLength(1);
    },
  );
});

describe('readCliEnvironment', () => {
  it('reads CI, TPB_DEBUG and PATH from the environment it is given', () => {
    expect(readCliEnvironment({ CI: 'true', TPB_DEBUG: '1', PATH: '/bin' })).toEqual({
      ci: true,
      debug: true,
      path: '/bin',
    });
    expect(readCliEnvironment({ CI: 'false' })).toEqual({ ci: false, debug: false, path: '' });
  });
});
