/**
 * Candidates for the reply-rule tests: a scripted Custom Endpoint answering each event with
 * exactly the reply under test, a function run in-process, and a small connector. The first two
 * reuse the real engine session (`context.session()`), the connector the UMS suite's connector
 * session; the scripted service verifies no tokens, which reply rules do not need.
 */
import { fileURLToPath } from 'node:url';
import {
  type BuiltContext,
  buildContext,
  type RunContext,
  RunScenarios,
  runSession,
  type Session,
} from '../../../harness/index.ts';
import { exampleUtterances, type FaasFunction } from '../../../mocks/index.ts';
import { ScriptedCustomEndpoint } from '../../../mocks/tpb/test-support/scripted-custom-endpoint.ts';
import type { HarnessConfig } from '../../../schemas/index.ts';
import { configureConnector, stopConnector } from '../../connector/index.ts';

/** One event the scripted bot answers. */
export interface Turn {
  /** The event type: TEXT, START, RICH_CONTENT, … */
  type: string;
  /** The consumer's text for a TEXT event, else ''. */
  text: string;
  channel: 'MESSAGING' | 'CHAT';
}

/** A context whose Custom Endpoint answers every event with `answer(turn)` (status 200). */
export async function scriptedContext(
  answer: (turn: Turn) => unknown,
  config: HarnessConfig = {},
): Promise<BuiltContext> {
  return buildContext(
    { timeoutMs: 2000, ...config },
    {
      async startCandidate() {
        const service = await ScriptedCustomEndpoint.start();
        const channels = new Map<string, Turn['channel']>();
        service.script = (call) => {
          if (call.path.endsWith('/state')) {
            return { status: 200, body: { state: 'online', version: '1.0.0' } };
          }
          const conversation = /\/conversations\/([^/]+)/.exec(call.path)?.[1] ?? '';
          const body = (call.body ?? {}) as {
            type?: string;
            data?: { message?: unknown };
            context?: { type?: string };
          };
          if (call.method === 'PUT') {
            channels.set(conversation, body.context?.type === 'CHAT' ? 'CHAT' : 'MESSAGING');
            return { status: 200 };
          }
          const text = typeof body.data?.message === 'string' ? body.data.message : '';
          const turn = {
            type: body.type ?? '',
            text,
            channel: channels.get(conversation) ?? 'MESSAGING',
          };
          return { status: 200, body: answer(turn) };
        };
        return {
          baseUrl: service.baseUrl,
          botId: 'scripted-bot',
          environment: 'draft',
          close: () => service.close(),
        };
      },
    },
  );
}

/** A Custom Endpoint reply with one intent. */
export function ceBody(...response: unknown[]): unknown {
  return {
    response,
    analytics: { intents: [{ id: 'scripted', description: 'Scripted', confidenceScore: 1 }] },
  };
}

/** A Custom Endpoint TEXT item. */
export const ceText = (message: string, extra: Record<string, unknown> = {}) => ({
  type: 'TEXT',
  data: { message, ...extra },
});

/** A Custom Endpoint ACTION item. */
export const ceAction = (name: unknown, parameters?: unknown) => ({
  type: 'ACTION',
  data: { name, ...(parameters === undefined ? {} : { parameters }) },
});

/** A Custom Endpoint STRUCTURED_CONTENT item. */
export const ceStructured = (structuredContent: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'STRUCTURED_CONTENT',
  data: { structuredContent, ...extra },
});

/**
 * A context for a function run in-process, with the example's utterances and skill. Its
 * session runs the function through the engine like any faas candidate.
 */
export async function functionContext(
  fn: FaasFunction,
  config: HarnessConfig = {},
): Promise<BuiltContext> {
  const built = await buildContext({
    kind: 'faas',
    function: 'in-process',
    timeoutMs: 2000,
    utterances: exampleUtterances,
    skills: ['human'],
    ...config,
  });
  let session: Promise<Session> | undefined;
  const context: RunContext = {
    ...built.context,
    target: { kind: 'faas', faas: { fn } },
    session: () => (session ??= runSession(context)),
    scenarios: new RunScenarios(),
  };
  return { ...built, context };
}

/** The small node-agent-sdk connector of the fixtures (`--broken` breaks its content). */
export const contentConnector = fileURLToPath(
  new URL('../fixtures/content-connector.cjs', import.meta.url),
);

/**
 * A context certifying `content-connector.cjs` (with `args`), its echo-probe quiet window cut
 * short; `dispose` stops the connector before the mock.
 */
export async function connectorContext(
  args: string[],
  config: HarnessConfig = {},
): Promise<BuiltContext> {
  const built = await buildContext({
    kind: 'connector',
    command: [process.execPath, contentConnector, ...args].map((part) => `"${part}"`).join(' '),
    timeoutMs: 5000,
    ...config,
  });
  configureConnector(built.context, { quietMs: 200 });
  return {
    ...built,
    async dispose() {
      await stopConnector(built.context);
      await built.dispose();
    },
  };
}
