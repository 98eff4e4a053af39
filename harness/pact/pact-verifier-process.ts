// Runs Pact's Verifier (pact-js over the Rust core) for `pact verify`, in a child process of its
// own: the core prints its report straight to file descriptor 1, past the CLI's streams, so the
// parent keeps that output and shows it only as evidence.
//
// Input: the JSON of `VerifierInput` in the environment variable TPB_PACT_VERIFIER_INPUT.
// Output: the JSON of `VerifierOutput` written to `resultFile`.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Verifier } from '@pact-foundation/pact';
import { CustomEndpointClient } from '../../mocks/index.ts';
import { providerStates } from './provider-states.ts';

export interface VerifierInput {
  pactUrls: string[];
  baseUrl: string;
  botId: string;
  environment: string;
  /** A bearer the provider accepts, put on every request that carries one in the contract. */
  token: string;
  /** The provider's own state-change URL; without it the built-in handlers set states up. */
  stateSetupUrl?: string;
  resultFile: string;
}

export interface VerifierOutput {
  passed: boolean;
  /** The core's JSON result (`interactionResults`, `errors`, `output`), or its message. */
  result: unknown;
}

const input = JSON.parse(process.env.TPB_PACT_VERIFIER_INPUT ?? '{}') as VerifierInput;
const botPath = `/v1/bots/${encodeURIComponent(input.botId)}/environments/${encodeURIComponent(input.environment)}`;

/**
 * The contract's example bot path becomes the candidate's (the path matchers allow any), and the
 * example bearer a valid one. A request the contract sends without a token stays without one.
 */
function requestFilter(req: IncomingMessage, _res: ServerResponse, next: () => void): void {
  if (req.headers.authorization !== undefined) req.headers.authorization = `Bearer ${input.token}`;
  req.url = (req.url ?? '/').replace(/^\/v1\/bots\/[^/]+\/environments\/[^/]+/, botPath);
  next();
}

/**
 * What a provider without a state-change URL gets: a conversation id of its own per
 * interaction (handed back for injection), created through the platform's own caller when the
 * state says it exists.
 */
const builtInStates = {
  [providerStates.conversationAbsent]: async () => ({ convId: randomUUID() }),
  [providerStates.conversationExists]: async (params: unknown) => {
    const convId = randomUUID();
    const type = (params as { conversationType?: string } | undefined)?.conversationType;
    const client = new CustomEndpointClient({
      baseUrl: input.baseUrl,
      botId: input.botId,
      environment: input.environment,
      tokens: { token: async () => input.token },
      requestTimeoutMs: 30_000,
      maxAttempts: 1,
      retryPausesMs: [0],
    });
    try {
      const created = await client.createConversation(convId, {
        context: {
          type: type === 'CHAT' ? 'CHAT' : 'MESSAGING',
          skillId: '1234567',
          engagementId: 1,
        },
      });
      if (!created.ok)
        throw new Error(
          `Failed to set up "${providerStates.conversationExists}": ${created.detail}`,
        );
      return { convId };
    } finally {
      await client.close();
    }
  },
};

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

let output: VerifierOutput;
try {
  const result = await new Verifier({
    providerBaseUrl: input.baseUrl,
    pactUrls: input.pactUrls,
    logLevel: 'error',
    requestFilter,
    ...(input.stateSetupUrl
      ? { providerStatesSetupUrl: input.stateSetupUrl }
      : { stateHandlers: builtInStates }),
  }).verifyProvider();
  output = { passed: true, result: parse(result) };
} catch (error) {
  output = { passed: false, result: parse(error instanceof Error ? error.message : String(error)) };
}
await writeFile(input.resultFile, JSON.stringify(output), 'utf8');
