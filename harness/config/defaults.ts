/** The harness's defaults where the config is silent (flags, env and config file say nothing). */
export const runDefaults = {
  accountId: '12345678',
  environment: 'draft',
  keyId: 'tpb-conformance',
  clientId: 'tpb-conformance',
  timeoutMs: 60_000,
  reportDir: './tpb-report',
  conversationType: 'both',
} as const;

/** Config files looked for in the working directory when no --config is given, in this order. */
export const configFileNames = ['tpb.config.ts', 'tpb.config.json', 'tpb.config.mjs'] as const;
