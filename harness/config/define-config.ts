import type { HarnessConfig } from '../../schemas/index.ts';

/**
 * Types a tpb.config.ts; returns its argument unchanged. The CLI validates the file's default
 * export against schemas/harness-config.schema.json when it loads it.
 *
 * @example
 * import { defineConfig } from 'tpb-conformance';
 * export default defineConfig({ kind: 'custom-endpoint', baseUrl: 'https://bot.example', botId: 'b1', signingKey: './private.pem' });
 */
export function defineConfig(config: HarnessConfig): HarnessConfig {
  return config;
}
