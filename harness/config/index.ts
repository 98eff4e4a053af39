export { type ConfigKey, type ConfigKeySource, configKeys, utteranceKeys } from './config-keys.ts';
export { configFlagOptions, describeOrigin } from './config-layer.ts';
export { configFileNames, isSet, type ResolvedConfig, runDefaults } from './defaults.ts';
export { defineConfig } from './define-config.ts';
export {
  type PactBrokerEnvironment,
  readPactBrokerEnvironment,
} from './pact-broker-environment.ts';
export {
  type Environment,
  type ResolveConfigOptions,
  readCliEnvironment,
  resolveConfig,
} from './resolve-config.ts';
