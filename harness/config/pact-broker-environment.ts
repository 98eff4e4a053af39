import type { Environment } from './resolve-config.ts';

/** The broker settings Pact's own tools read from the environment, so one CI secret serves both. */
export interface PactBrokerEnvironment {
  baseUrl?: string;
  token?: string;
  username?: string;
  password?: string;
}

/**
 * PACT_BROKER_BASE_URL, PACT_BROKER_TOKEN, PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD, as
 * pact-broker-client names them; an empty variable counts as unset.
 */
export function readPactBrokerEnvironment(env: Environment = process.env): PactBrokerEnvironment {
  const values = {
    baseUrl: env.PACT_BROKER_BASE_URL,
    token: env.PACT_BROKER_TOKEN,
    username: env.PACT_BROKER_USERNAME,
    password: env.PACT_BROKER_PASSWORD,
  };
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value));
}
