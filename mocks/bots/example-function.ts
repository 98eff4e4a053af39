import type {
  FaaSBotCallbackContext,
  FaaSBotCallbackMessage,
  FaaSBotCallbackOutput,
  FaaSBotInvocationInput,
  FaaSExternalInvocationHeader,
} from '../../schemas/index.ts';
import {
  exampleCard,
  exampleCardMetadata,
  exampleEncodedMetadata,
  exampleLambdaUuid,
  exampleOptionsText,
  exampleQuickReplies,
} from './example-content.ts';
import { classifyText, type ExampleIntent, intentDescriptions } from './example-intents.ts';

/** What LivePerson passes as `input`: the invocation body, whose `payload` is the bot input. */
export interface FaasInvocation {
  payload: FaaSBotInvocationInput;
  timestamp?: number;
  headers?: FaaSExternalInvocationHeader[];
}

/** The LivePerson Functions callback: an error, or the output. */
export type FaasCallback = (error: Error | null, output?: FaaSBotCallbackOutput | null) => void;

/** A function in both shapes: callback (what LivePerson calls) and promise. */
export interface ExampleFunction {
  lambda(input: FaasInvocation, callback: FaasCallback): void;
  lambdaAsync(input: FaasInvocation): Promise<FaaSBotCallbackOutput>;
}

export interface ExampleFunctionOptions {
  /** Skill name of the TRANSFER action; default `human`. */
  transferSkill?: string;
  /** Function of the INVOCATION action; default `exampleLambdaUuid`. */
  lambdaUuid?: string;
}

type Intent = ExampleIntent | 'welcome';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Chat and messaging reach a function the same way; only the raw event tells them apart: a chat
 * line event carries `@type`/`chatSessionKey`/`isWelcomeEvent`, a messaging UMS event does not.
 */
function isChat(lpEvent: Record<string, unknown>): boolean {
  return '@type' in lpEvent || 'chatSessionKey' in lpEvent || 'isWelcomeEvent' in lpEvent;
}

/**
 * Builds the conformant example LivePerson Function ("Third-Party Bots Custom Integration"):
 * it answers by the consumer's words (see `exampleUtterances`) with FaaS wire names and intent
 * info on every reply, and never calls back with an error.
 *
 * @see docs/spec/tpb-platform.md#32-liveperson-functions §3.2
 * @example
 * const { lambda } = createExampleFunction({ transferSkill: 'human' });
 * lambda({ payload: { message: 'transfer me', convId: 'c1', context: { lpEvent: {} } } }, cb);
 */
export function createExampleFunction(options: ExampleFunctionOptions = {}): ExampleFunction {
  const transferSkill = options.transferSkill ?? 'human';
  const lambdaUuid = options.lambdaUuid ?? exampleLambdaUuid;

  async function lambdaAsync(input: FaasInvocation): Promise<FaaSBotCallbackOutput> {
    // Lenient on purpose: a missing field is read as empty rather than failing the invocation.
    const payload: Partial<FaaSBotInvocationInput> = isObject(input?.payload) ? input.payload : {};
    const message = typeof payload.message === 'string' ? payload.message : '';
    const lpEvent = isObject(payload.context?.lpEvent) ? payload.context.lpEvent : {};
    const convId = typeof payload.convId === 'string' ? payload.convId : '';
    const messaging = !isChat(lpEvent);
    const welcome = typeof payload.event?.name === 'string' && payload.event.name !== '';
    const intent: Intent = welcome ? 'welcome' : classifyText(message);

    const answer = (
      messages: FaaSBotCallbackMessage[],
      context: Omit<FaaSBotCallbackContext, 'intentId' | 'intentName' | 'confidenceScore'> = {},
    ): FaaSBotCallbackOutput => ({
      messages,
      context: {
        intentId: intent,
        intentName: intentDescriptions[intent],
        confidenceScore: 1,
        ...context,
      },
    });

    switch (intent) {
      case 'transfer':
        return answer(['Transferring you to an agent.'], {
          action: 'TRANSFER',
          actionParameters: { skill: transferSkill },
        });
      case 'close-without-survey':
        return answer(['Goodbye! Closing without a survey.'], {
          action: 'CLOSE_CONVERSATION',
          actionParameters: { withoutPcs: true },
        });
      case 'close':
        return answer(['Goodbye!'], { action: 'CLOSE_CONVERSATION' });
      case 'ttr':
        return messaging
          ? answer(['I have marked this conversation as urgent.'], {
              action: 'CHANGE_TTR',
              actionParameters: { ttrType: 'URGENT' },
            })
          : answer(['An agent will be with you as soon as possible.']);
      case 'structured-content':
        return answer([{ structuredContent: exampleCard(), metadata: exampleCardMetadata }]);
      case 'quick-replies':
        return answer([
          messaging ? { structuredContent: exampleQuickReplies() } : exampleOptionsText,
        ]);
      case 'delay':
        return answer([{ delay: 1, typing: true }, 'Thank you for waiting.']);
      case 'private-text':
        return answer([
          {
            text: 'Note for agents: the consumer asked to leave a note.',
            messageAudience: 'AGENTS_AND_MANAGERS',
          },
          'I have left a note for the agent.',
        ]);
      case 'invoke-function':
        return answer(['Let me look that up for you.'], {
          action: 'INVOCATION',
          actionParameters: {
            lambdaUuid,
            payload: { convId, reason: 'example' },
            failOnError: false,
          },
        });
      case 'encoded-metadata':
        return messaging
          ? answer(['Here is a message with metadata.'], {
              encodedMetadata: exampleEncodedMetadata,
            })
          : answer(['Here is a message without metadata.']);
      case 'welcome': {
        const last = lpEvent.lastConsumerMessage;
        return answer([
          typeof last === 'string' && last.trim() !== ''
            ? `Welcome! You said: "${truncate(last)}". How can I help?`
            : 'Welcome! How can I help?',
        ]);
      }
      case 'file':
        return answer(['Thanks, I received your file.']);
      case 'rich-content':
        return answer(['Thanks, I received your content.']);
      case 'fallback': {
        const said = message.trim();
        return answer([
          said === '' ? 'Sorry, I did not catch that.' : `You said: ${truncate(said)}`,
        ]);
      }
    }
  }

  return {
    lambdaAsync,
    lambda(input, callback) {
      lambdaAsync(input).then(
        (output) => callback(null, output),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  };
}

function truncate(value: string, max = 500): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

const defaultFunction = createExampleFunction();

/**
 * The example function with default options, in the shape LivePerson calls.
 *
 * @example
 * lambda({ payload: { message: 'hi', convId: 'c1', context: { lpEvent: {} } } }, (error, output) => {});
 */
export const lambda: ExampleFunction['lambda'] = defaultFunction.lambda;

/** The example function with default options, as a promise. */
export const lambdaAsync: ExampleFunction['lambdaAsync'] = defaultFunction.lambdaAsync;
