/**
 * Faas candidates for the FAAS tests: the conformant example function (a module path, or served
 * over HTTP), the zoo's broken functions served over HTTP, and small inline broken functions
 * written to module files, exactly as a user hands the harness `--function <path|url>`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuiltContext, buildContext } from '../../../harness/index.ts';
import { brokenFunctions, type FaasLambda } from '../../../mocks/index.ts';
import {
  startTestCandidate,
  type TestCandidate,
} from '../../../mocks/tpb/test-support/vendor-test-server.ts';
import type { HarnessConfig } from '../../../schemas/index.ts';

/** The conformant example function's module (exports `lambda`). */
export const exampleFunctionModule = fileURLToPath(
  new URL('../../../mocks/bots/example-function.ts', import.meta.url),
);

/** A run context for a faas candidate (module path or URL), small timeouts for tests. */
export function faasContext(where: string, config: HarnessConfig = {}): Promise<BuiltContext> {
  return buildContext({ kind: 'faas', function: where, timeoutMs: 2000, ...config });
}

/**
 * Serves a function over HTTP in LivePerson's external-invocation form (mock design): the
 * invocation is the JSON body; the callback's result is the JSON answer, an error a 500.
 */
export function serveFunction(lambda: FaasLambda): Promise<TestCandidate> {
  return startTestCandidate((call, res) => {
    lambda(JSON.parse(call.body), (error, output) => {
      if (error) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: error.message }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(output === undefined ? '' : JSON.stringify(output));
    });
  });
}

/** A zoo function by name, served over HTTP. */
export function serveBrokenFunction(name: string): Promise<TestCandidate> {
  const broken = brokenFunctions.find((candidate) => candidate.name === name);
  if (!broken) throw new Error(`No broken function named ${name}`);
  return serveFunction(broken.create());
}

/** A folder of module files; `write` returns the module's path, `remove` deletes them all. */
export async function moduleFolder(): Promise<{
  write(name: string, source: string): Promise<string>;
  remove(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'tpb-faas-'));
  return {
    async write(name, source) {
      const path = join(dir, `${name}.mjs`);
      await writeFile(path, source);
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A conformant answer the inline functions build on. */
const answer = `const answer = (text) => ({
  messages: [text],
  context: { intentId: 'inline', intentName: 'Inline test function', confidenceScore: 1 },
});`;

/** Inline broken functions (JavaScript module sources), each breaking one rule. */
export const inlineFunctions = {
  /** Calls back after `delayMs` (FAAS-02 past the run's timeout, FAAS-03 past 1 s). */
  slow: (delayMs: number) => `${answer}
export function lambda(input, callback) {
  setTimeout(() => callback(null, answer('Sorry for the wait.')), ${delayMs});
}`,
  /** Answers a welcome at once and consumer input after `delayMs` (FAAS-03, kept short). */
  slowText: (delayMs: number) => `${answer}
export function lambda(input, callback) {
  if (input.payload.event) return callback(null, answer('Welcome!'));
  setTimeout(() => callback(null, answer('Sorry for the wait.')), ${delayMs});
}`,
  /** Throws on every invocation (FAAS-08). */
  throws: `export function lambda() {
  throw new Error('lookup service unavailable');
}`,
  /** Answers the welcome (so Test Connection passes) and throws on everything else (FAAS-08). */
  throwsOnText: `${answer}
export function lambda(input, callback) {
  if (!input.payload.event) throw new Error('lookup service unavailable');
  callback(null, answer('Welcome!'));
}`,
  /** Calls back with an error on every invocation (FAAS-08). */
  errorCallback: `export function lambda(input, callback) {
  callback(new Error('lookup service unavailable'));
}`,
  /** Puts its action at the top level, Custom Endpoint style (FAAS-05, FAAS-04). */
  topLevelAction: `${answer}
export function lambda(input, callback) {
  callback(null, { ...answer('Transferring you.'), action: { name: 'TRANSFER', parameters: { skill: 'human' } } });
}`,
  /** Answers with the legacy single structured content in context (FAAS-07 warning). */
  legacyStructuredContent: `${answer}
export function lambda(input, callback) {
  const output = answer('Here is a card.');
  output.context.structuredContent = { type: 'vertical', elements: [{ type: 'text', text: 'A card' }] };
  output.context.metadata = [{ type: 'ExternalId', id: 'card-1' }];
  callback(null, output);
}`,
  /** Puts the legacy metadata in context with no structured content (ignored: FAAS-07 fails). */
  legacyMetadataOnly: `${answer}
export function lambda(input, callback) {
  const output = answer('Here is some text.');
  output.context.metadata = [{ type: 'ExternalId', id: 'text-1' }];
  callback(null, output);
}`,
  /** Calls back with an error when the message is empty and no event is set (FAAS-09). */
  errorOnEmptyMessage: `${answer}
export function lambda(input, callback) {
  const { message, event } = input.payload;
  if (message === '' && !event) return callback(new Error('empty message'));
  callback(null, answer(event ? 'Welcome!' : 'You said: ' + message));
}`,
  /** Reads lpSdes without looking (FAAS-09: throws when they are missing). */
  readsSdes: `${answer}
export function lambda(input, callback) {
  const sdes = input.payload.context.lpSdes.unauthenticatedSdes;
  callback(null, answer(sdes ? 'Hello again.' : 'Hello.'));
}`,
  /** Trips over keys of lpEvent it does not know (FAAS-09). */
  strictLpEvent: `${answer}
const known = new Set(['sequence', 'dialogId', 'conversationId', 'serverTimestamp', 'originatorId',
  'originatorPId', 'originatorMetadata', 'event', 'metadata', 'messageAudience', 'conversationContext',
  '@id', '@type', 'text', 'source', 'isWelcomeEvent', 'type', 'content', 'lastConsumerMessage']);
export function lambda(input, callback) {
  const unknown = Object.keys(input.payload.context.lpEvent).filter((key) => !known.has(key));
  if (unknown.length > 0) return callback(new Error('unexpected lpEvent keys: ' + unknown.join(', ')));
  callback(null, answer('Hello.'));
}`,
  /** Answers the welcome with a delay only, nothing the consumer sees (FAAS-06). */
  silentWelcome: `${answer}
export function lambda(input, callback) {
  if (input.payload.event?.name) return callback(null, { messages: [{ delay: 1, typing: true }] });
  callback(null, answer('You said: ' + input.payload.message));
}`,
  /** Answers with a Custom Endpoint item in messages (FAAS-04). */
  customEndpointItems: `export function lambda(input, callback) {
  callback(null, { messages: [{ type: 'TEXT', data: { message: 'Hello.' } }], context: {} });
}`,
  /** Answers with an array instead of an object (FAAS-01). */
  answersArray: `export function lambda(input, callback) {
  callback(null, ['Hello.']);
}`,
} as const;
