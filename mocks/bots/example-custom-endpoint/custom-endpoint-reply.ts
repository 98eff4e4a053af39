import type {
  CustomEndpointEventResponseBody,
  CustomEndpointResponseItem,
} from '../../../schemas/index.ts';
import {
  exampleCard,
  exampleCardMetadata,
  exampleEncodedMetadata,
  exampleOptionsText,
  exampleQuickReplies,
} from '../example-content.ts';
import { classifyText, type ExampleIntent, intentDescriptions } from '../example-intents.ts';
import type { ConversationEvent, ConversationType } from './event-body.ts';

/** What a reply depends on besides the event. */
export interface ReplyContext {
  /** From the conversation's PUT: quick replies, TTR and encodedMetadata are messaging-only. */
  conversationType: ConversationType;
  /** Skill name for TRANSFER (case-sensitive, must exist on the account). */
  transferSkill: string;
  /** Function for INVOKE_FUNCTION. */
  lambdaUuid: string;
  convId: string;
}

type Intent = ExampleIntent | 'welcome' | 'event';

const text = (message: string): CustomEndpointResponseItem => ({ type: 'TEXT', data: { message } });

const reply = (intent: Intent, items: CustomEndpointResponseItem[]) =>
  ({
    response: items,
    analytics: {
      intents: [{ id: intent, description: intentDescriptions[intent], confidenceScore: 1 }],
    },
  }) satisfies CustomEndpointEventResponseBody;

function intentOf(event: ConversationEvent): Intent {
  switch (event.type) {
    case 'TEXT':
      return classifyText(event.message);
    case 'START':
      return 'welcome';
    case 'RICH_CONTENT':
      return 'rich-content';
    case 'hosted-file':
      return 'file';
    default:
      return 'event';
  }
}

/**
 * The example bot's answer to one event, chosen by the consumer's words; always a valid
 * `ce-event-response` with one intent.
 *
 * @see LivePerson developer docs: Third-Party Bots > Custom Endpoint > Basic Content
 */
export function buildCustomEndpointReply(
  event: ConversationEvent,
  context: ReplyContext,
): CustomEndpointEventResponseBody {
  const intent = intentOf(event);
  const messaging = context.conversationType === 'MESSAGING';
  switch (intent) {
    case 'transfer':
      return reply(intent, [
        text('Transferring you to an agent.'),
        {
          type: 'ACTION',
          data: { name: 'TRANSFER', parameters: { skillName: context.transferSkill } },
        },
      ]);
    case 'close-without-survey':
      return reply(intent, [
        text('Goodbye! Closing without a survey.'),
        { type: 'ACTION', data: { name: 'CLOSE_CONVERSATION', parameters: { withoutPcs: true } } },
      ]);
    case 'close':
      return reply(intent, [
        text('Goodbye!'),
        { type: 'ACTION', data: { name: 'CLOSE_CONVERSATION', parameters: {} } },
      ]);
    case 'ttr':
      // CHANGE_TTR is messaging-only (tpb-platform.md §10): in chat the bot only answers.
      return reply(
        intent,
        messaging
          ? [
              text('I have marked this conversation as urgent.'),
              { type: 'ACTION', data: { name: 'CHANGE_TTR', parameters: { ttrType: 'URGENT' } } },
            ]
          : [text('An agent will be with you as soon as possible.')],
      );
    case 'structured-content':
      return reply(intent, [
        {
          type: 'STRUCTURED_CONTENT',
          data: { structuredContent: exampleCard(), metadata: exampleCardMetadata },
        },
      ]);
    case 'quick-replies':
      // Quick replies in chat are an error escalation (BOT-SC-03): offer the options as text.
      return reply(intent, [
        messaging
          ? { type: 'STRUCTURED_CONTENT', data: { structuredContent: exampleQuickReplies() } }
          : text(exampleOptionsText),
      ]);
    case 'delay':
      return reply(intent, [
        { type: 'DELAY', data: { seconds: 1, typing: true } },
        text('Thank you for waiting.'),
      ]);
    case 'private-text':
      return reply(intent, [
        {
          type: 'TEXT',
          data: {
            message: 'Note for agents: the consumer asked to leave a note.',
            messageAudience: 'AGENTS_AND_MANAGERS',
          },
        },
        text('I have left a note for the agent.'),
      ]);
    case 'invoke-function':
      return reply(intent, [
        text('Let me look that up for you.'),
        {
          type: 'ACTION',
          data: {
            name: 'INVOKE_FUNCTION',
            parameters: {
              lambdaUuid: context.lambdaUuid,
              payload: { convId: context.convId, reason: 'example' },
              failOnError: false,
            },
          },
        },
      ]);
    case 'encoded-metadata':
      // encodedMetadata is messaging-only (BOT-SC-11).
      return reply(intent, [
        messaging
          ? {
              type: 'TEXT',
              data: {
                message: 'Here is a message with metadata.',
                encodedMetadata: exampleEncodedMetadata,
              },
            }
          : text('Here is a message without metadata.'),
      ]);
    case 'welcome': {
      const last = event.lpEvent.lastConsumerMessage;
      return reply(intent, [
        text(
          typeof last === 'string' && last.trim() !== ''
            ? `Welcome! You said: "${truncate(last)}". How can I help?`
            : 'Welcome! How can I help?',
        ),
      ]);
    }
    case 'rich-content': {
      const kind = event.type === 'RICH_CONTENT' ? event.content.type : undefined;
      return reply(intent, [
        text(
          typeof kind === 'string'
            ? `Thanks, I received your ${truncate(kind, 40)} content.`
            : 'Thanks, I received your content.',
        ),
      ]);
    }
    case 'file':
      return reply(intent, [text('Thanks, I received your file.')]);
    case 'event':
      return reply(intent, [text('Noted.')]);
    case 'fallback': {
      const said = event.type === 'TEXT' ? event.message.trim() : '';
      return reply(intent, [
        text(said === '' ? 'Sorry, I did not catch that.' : `You said: ${truncate(said)}`),
      ]);
    }
  }
}

function truncate(value: string, max = 500): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}
