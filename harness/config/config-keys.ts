import { type HarnessConfig, readSchemaFiles } from '../../schemas/index.ts';

/** A key of the run's config; `$schema` only points an editor at the schema and is ignored. */
export type ConfigKey = Exclude<keyof HarnessConfig, '$schema'>;

/** The utterance keys a candidate may declare (harness-config `utterances`). */
export type UtteranceKey = keyof NonNullable<HarnessConfig['utterances']>;

/** How a config value is written as a flag or an environment variable. */
export type ConfigValueKind = 'string' | 'integer' | 'boolean' | 'list' | 'utterances';

export interface ConfigKeySource {
  /** The flag of `run`, without the dashes. */
  flag: string;
  /** The environment variable, when there is one. */
  env?: string;
  kind: ConfigValueKind;
  /** A path on disk: relative values in a config file are taken from the file's folder. */
  path?: boolean;
  /**
   * What a value must look like, in words, for a key whose schema says it with a pattern or a
   * format: a message quoting the regex would leave the reader to decode it.
   */
  expects?: string;
}

/**
 * Every key of harness-config with its flag and environment variable. Typed as a record of the
 * schema's keys, so a key added to the schema does not compile until it is given a flag here.
 */
export const configKeys: Readonly<Record<ConfigKey, ConfigKeySource>> = {
  kind: { flag: 'kind', env: 'TPB_KIND', kind: 'string' },
  baseUrl: {
    flag: 'base-url',
    env: 'TPB_BASE_URL',
    kind: 'string',
    expects: 'an http:// or https:// URL, like https://bot.example.com or https://example.com/bot',
  },
  botId: { flag: 'bot-id', env: 'TPB_BOT_ID', kind: 'string' },
  environment: { flag: 'environment', env: 'TPB_ENVIRONMENT', kind: 'string' },
  accountId: {
    flag: 'account-id',
    env: 'TPB_ACCOUNT_ID',
    kind: 'string',
    expects: 'digits only, like 12345678',
  },
  clientId: { flag: 'client-id', env: 'TPB_CLIENT_ID', kind: 'string' },
  clientSecret: { flag: 'client-secret', env: 'TPB_CLIENT_SECRET', kind: 'string' },
  signingKey: { flag: 'signing-key', env: 'TPB_SIGNING_KEY', kind: 'string', path: true },
  keyId: { flag: 'key-id', env: 'TPB_KEY_ID', kind: 'string' },
  jwksPort: { flag: 'jwks-port', env: 'TPB_JWKS_PORT', kind: 'integer' },
  tokenUrl: {
    flag: 'token-url',
    env: 'TPB_TOKEN_URL',
    kind: 'string',
    expects: 'an absolute URL, like https://sentinel.example.com/token',
  },
  function: { flag: 'function', env: 'TPB_FUNCTION', kind: 'string', path: true },
  command: { flag: 'command', env: 'TPB_COMMAND', kind: 'string' },
  utterances: { flag: 'utterance', kind: 'utterances' },
  unused: { flag: 'unused', env: 'TPB_UNUSED', kind: 'list' },
  skills: { flag: 'skill', env: 'TPB_SKILLS', kind: 'list' },
  agents: {
    flag: 'agent',
    env: 'TPB_AGENTS',
    kind: 'list',
    expects: 'a user id of 1 to 64 letters, digits, _ or -, like agent-1',
  },
  imageHosts: {
    flag: 'image-host',
    env: 'TPB_IMAGE_HOSTS',
    kind: 'list',
    expects: 'a host name only (letters, digits, dots and dashes), like images.example.com',
  },
  conversationType: {
    flag: 'conversation-type',
    env: 'TPB_CONVERSATION_TYPE',
    kind: 'string',
  },
  richContentChannel: {
    flag: 'rich-content-channel',
    env: 'TPB_RICH_CONTENT_CHANNEL',
    kind: 'string',
  },
  rules: {
    flag: 'rules',
    env: 'TPB_RULES',
    kind: 'list',
    expects:
      'a rule ID pattern in upper case (letters, digits, - and * as a wildcard), like CE-* or BOT-SC-06',
  },
  timeoutMs: { flag: 'timeout-ms', env: 'TPB_TIMEOUT_MS', kind: 'integer' },
  strict: { flag: 'strict', env: 'TPB_STRICT', kind: 'boolean' },
  reportDir: { flag: 'report-dir', env: 'TPB_REPORT_DIR', kind: 'string', path: true },
};

let knownUtterances: readonly UtteranceKey[] | undefined;

/** The utterance keys the schema allows (`--utterance KEY=TEXT`), read from the schema itself. */
export function utteranceKeys(): readonly UtteranceKey[] {
  if (knownUtterances) return knownUtterances;
  const file = readSchemaFiles().find((each) => each.name === 'harness-config');
  const properties = (
    file?.document as { properties?: { utterances?: { properties?: Record<string, unknown> } } }
  )?.properties?.utterances?.properties;
  knownUtterances = Object.freeze(Object.keys(properties ?? {}) as UtteranceKey[]);
  return knownUtterances;
}
