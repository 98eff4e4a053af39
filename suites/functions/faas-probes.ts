/**
 * The harness's own invocations of a faas candidate, built the way the engine builds them
 * (mocks/tpb/faas-vendor.ts) and run once per run, shared by the FAAS checks.
 *
 * @see docs/spec/tpb-platform.md#32-liveperson-functions §3.2 (Input), §5 (welcome)
 */
import { randomUUID } from 'node:crypto';
import { faasLimitMs, HarnessError, type RunContext, scenarioKey } from '../../harness/index.ts';
import {
  createFaasInvoker,
  exchangeEvidence,
  type FaasInvocationResult,
  FaasModuleError,
  faasWelcomeEventName,
} from '../../mocks/index.ts';
import { type FaaSBotInvocationInput, validate } from '../../schemas/index.ts';
import { type FaasAnswer, failedAnswer, noteEvidence, sessionAnswers } from './faas-answers.ts';

/** The invocations the harness makes itself; `edge` ones vary the input as FAAS-09 names. */
export type ProbeName =
  | 'messaging-text'
  | 'chat-welcome'
  | 'without-lpSdes'
  | 'empty-message'
  | 'unknown-lpEvent-keys';

export interface FaasProbe extends FaasAnswer {
  name: ProbeName;
  input: FaaSBotInvocationInput;
  /** Real milliseconds from the call to the answer (or to the timeout). */
  durationMs: number;
}

interface ProbePlan {
  name: ProbeName;
  purpose: string;
  event: FaasAnswer['event'];
  channel: 'messaging' | 'chat';
  input: FaaSBotInvocationInput;
}

const faasProbesKey = scenarioKey<Promise<FaasProbe[]>>('FAAS probes');

/** The harness's invocations of the candidate and their answers, run once per run. */
export function faasProbes(context: RunContext): Promise<FaasProbe[]> {
  return context.scenarios.once(faasProbesKey, () => runProbes(context));
}

/** The invocations, in the shapes the engine sends (messaging UMS event, chat line event). */
export function probePlans(now = Date.now()): ProbePlan[] {
  const conversation = () => randomUUID();
  const consumerId = randomUUID();
  const messagingEvent = (convId: string, text: string): Record<string, unknown> => ({
    sequence: 1,
    dialogId: convId,
    conversationId: convId,
    serverTimestamp: now,
    originatorId: consumerId,
    originatorPId: consumerId,
    originatorMetadata: { id: consumerId, role: 'CONSUMER' },
    event: { type: 'ContentEvent', contentType: 'text/plain', message: text },
    metadata: [],
  });
  const lpSdes = {
    unauthenticatedSdes: {
      events: [{ type: 'ctmrinfo', info: { customerId: 'tpb-conformance-customer' } }],
    },
  };
  const text = (name: ProbeName, purpose: string, message: string, withSdes: boolean) => {
    const convId = conversation();
    return {
      name,
      purpose,
      event: 'text' as const,
      channel: 'messaging' as const,
      input: {
        message,
        convId,
        context: { lpEvent: messagingEvent(convId, message), ...(withSdes ? { lpSdes } : {}) },
      },
    };
  };
  const unknownKeys = text(
    'unknown-lpEvent-keys',
    'a messaging text whose lpEvent carries keys the docs do not list',
    'Hello there',
    true,
  );
  unknownKeys.input.context.lpEvent = {
    ...unknownKeys.input.context.lpEvent,
    tpbConformanceUnknownKey: { nested: [1, 'two', null] },
    futurePlatformField: 'added-by-a-later-release',
  };
  const welcomeConvId = conversation();
  return [
    text('messaging-text', 'a messaging text with engagement attributes', 'Hello there', true),
    {
      name: 'chat-welcome',
      purpose: 'a chat welcome (event.name set, empty message)',
      event: 'welcome',
      channel: 'chat',
      input: {
        message: '',
        convId: welcomeConvId,
        event: { name: faasWelcomeEventName },
        context: {
          lpEvent: {
            '@id': String(now),
            '@type': 'line',
            text: '',
            source: 'visitor',
            isWelcomeEvent: true,
          },
        },
      },
    },
    text('without-lpSdes', 'a messaging text without context.lpSdes', 'What can you do?', false),
    text('empty-message', 'a messaging text with an empty message', '', true),
    unknownKeys,
  ];
}

async function runProbes(context: RunContext): Promise<FaasProbe[]> {
  const { target } = context;
  if (target.kind !== 'faas') {
    throw new HarnessError(
      'TPB_INTERNAL',
      `The FAAS checks need a function target (a module path or URL), not a ${target.kind} target.`,
    );
  }
  const limitMs = faasLimitMs(context);
  const invoker = createFaasInvoker(target.faas, { timeoutMs: limitMs });
  try {
    return await Promise.all(
      probePlans().map(async (plan): Promise<FaasProbe> => {
        const checked = validate('faas-input', plan.input);
        if (!checked.ok) {
          throw new HarnessError(
            'TPB_INTERNAL',
            `The harness built an invalid faas invocation "${plan.name}": ${checked.issues.map((issue) => issue.message).join('; ')}.`,
          );
        }
        const started = performance.now();
        const result = await invoker.invoke(plan.input).catch((error: unknown) => {
          // A module that does not load is a bad --function, not a finding.
          if (error instanceof FaasModuleError) {
            throw new HarnessError('TPB_CONFIG', error.message, { cause: error });
          }
          throw error;
        });
        const durationMs = Math.round(performance.now() - started);
        return {
          ...answerOf(plan, result, durationMs),
          name: plan.name,
          input: plan.input,
          durationMs,
        };
      }),
    );
  } finally {
    await invoker.close();
  }
}

function answerOf(plan: ProbePlan, result: FaasInvocationResult, durationMs: number): FaasAnswer {
  const source = `the harness's invocation "${plan.name}" (${plan.purpose})`;
  const http = result.exchanges.map((exchange) => exchangeEvidence({ ...exchange }));
  const input = JSON.stringify(plan.input);
  if (result.ok) {
    return {
      source,
      event: plan.event,
      channel: plan.channel,
      outcome: 'answered',
      output: result.output,
      evidence:
        http.length > 0
          ? http
          : [
              noteEvidence(
                `${source}: payload ${input} → called back after ${durationMs} ms with ${JSON.stringify(result.output)}`,
              ),
            ],
    };
  }
  return {
    ...failedAnswer(source, plan.event, plan.channel, result.code, result.detail),
    evidence: [
      ...http,
      noteEvidence(
        `${source}: payload ${input} → ${result.code} after ${durationMs} ms: ${result.detail}`,
      ),
    ],
  };
}

/**
 * Every answer the harness saw: its own invocations first (timed while nothing else runs),
 * then the engine's during the shared session.
 */
export async function faasAnswers(context: RunContext): Promise<FaasAnswer[]> {
  const own = await faasProbes(context);
  return [...own, ...(await sessionAnswers(context))];
}
