import type { BotLogEntry, TpbBot } from '../../mocks/index.ts';
import type {
  ControlTranscript,
  ControlTranscriptEvent,
  EmulatorBotItem,
  EmulatorConsumerInput,
  UMSHostedFileMessage,
} from '../../schemas/index.ts';
import {
  scenarioLimitMs,
  settleConversation,
  type Turn,
  turnsOf,
} from '../conversation/conversation-turns.ts';
import { transferIn } from '../conversation/transfer-in.ts';
import { HarnessError } from '../harness-error.ts';
import type { RunContext } from '../runner/run-context.ts';
import { type Channel, escalationSkill, startCandidateBot } from '../runner/session.ts';

/** One consumer input and what came of it. */
export interface PlayedTurn {
  consumer: EmulatorConsumerInput;
  /** What the consumer saw the bot do, as a transcript records it. */
  bot: EmulatorBotItem[];
  /** The engine's turns for this input: the calls to the candidate, the replies, escalations. */
  engine: Turn[];
  /** The engine's log entries of this input, for the reply rules. */
  log: BotLogEntry[];
  /** The conversation after the input: skill, TTR, state, errors. */
  transcript: ControlTranscript;
}

/**
 * Starts the candidate's engine bot on `skill` for conversations played by hand, as a run's
 * session does: the skills the candidate may transfer to and the escalation skill exist, and the
 * Welcome Message setting is on, so that a transfer-in gets the welcome event.
 */
export function startDriverBot(context: RunContext, skill: string) {
  const { directory } = context.cloud.account;
  for (const name of [...context.skills, escalationSkill]) directory.addSkill(name);
  return startCandidateBot(context, skill, { welcomeMessage: true });
}

/** Inputs the engine hands to the candidate as an event (close and a bare transfer do not). */
const eventInputs = new Set<EmulatorConsumerInput['kind']>([
  'open',
  'text',
  'quick-reply',
  'rich-content',
  'file',
  'transfer-in',
]);

/**
 * Plays one conversation through the mock platform, a consumer input at a time, and says what
 * the bot did in answer: the emulator's chat and `replay` both drive conversations with it. The
 * bot must have been started with the Welcome Message setting, so that a transfer-in gets the
 * welcome event.
 */
export class ConversationDriver {
  conversationId: string | undefined;
  #events = 0;
  #seenEvents = 0;
  #seenLog = 0;
  #seenTurns = 0;

  constructor(
    readonly context: RunContext,
    readonly bot: TpbBot,
    readonly skill: string,
    readonly channel: Channel,
  ) {}

  /** Whether the conversation was opened and is still open. */
  get open(): boolean {
    const id = this.conversationId;
    return id !== undefined && this.context.cloud.account.conversations.get(id)?.state === 'OPEN';
  }

  /** Applies the input as the consumer (or a human agent, for transfer-in) and waits for the bot. */
  async play(input: EmulatorConsumerInput): Promise<PlayedTurn> {
    this.#apply(input);
    const id = this.conversationId as string;
    if (eventInputs.has(input.kind)) {
      this.#events += 1;
      await settleConversation(this.bot, id, this.#events, scenarioLimitMs(this.context));
    } else {
      await this.bot.runners.get(id)?.idle();
    }
    return this.#collect(input, id);
  }

  #apply(input: EmulatorConsumerInput): void {
    const { consumer } = this.context.cloud;
    const id = this.conversationId;
    if (input.kind === 'open' || input.kind === 'transfer-in') {
      if (id !== undefined) {
        throw new HarnessError(
          'TPB_USAGE',
          `Failed to play "${input.kind}": the conversation is already open; it comes first.`,
        );
      }
      if (input.kind === 'open') {
        this.conversationId = consumer.open({
          skill: this.skill,
          channel: this.channel,
        }).conversationId;
      } else {
        if (this.channel !== 'messaging') {
          throw new HarnessError(
            'TPB_USAGE',
            'Failed to play "transfer-in": an agent hands over messaging conversations; use a messaging conversation.',
          );
        }
        this.conversationId = transferIn(this.context, this.skill, input.lastConsumerMessage);
      }
      return;
    }
    if (id === undefined) {
      // Messaging: the conversation exists once the consumer has spoken (and a chat opens first).
      if (input.kind !== 'text' && input.kind !== 'quick-reply') {
        throw new HarnessError(
          'TPB_USAGE',
          `Failed to play "${input.kind}": no conversation is open yet. Start with text, "open" (chat) or "transfer-in" (messaging).`,
        );
      }
      this.conversationId = consumer.open({
        skill: this.skill,
        channel: this.channel,
        text: input.text,
      }).conversationId;
      return;
    }
    if (!this.open) {
      throw new HarnessError(
        'TPB_USAGE',
        `Failed to play "${input.kind}": the conversation is closed. Start a new one.`,
      );
    }
    switch (input.kind) {
      case 'text':
      case 'quick-reply':
        consumer.sendText(id, input.text);
        return;
      case 'rich-content':
        consumer.sendRichContent(id, input.content);
        return;
      case 'file':
        consumer.sendFile(id, input.file as UMSHostedFileMessage);
        return;
      case 'close':
        consumer.close(id);
        return;
    }
  }

  #collect(input: EmulatorConsumerInput, id: string): PlayedTurn {
    const transcript = this.context.cloud.consumer.transcript(id);
    const events = transcript.events.slice(this.#seenEvents);
    this.#seenEvents = transcript.events.length;
    const all = this.bot.log.forConversation(id);
    const log = all.slice(this.#seenLog);
    this.#seenLog = all.length;
    const turns = turnsOf(all);
    const engine = turns.slice(this.#seenTurns);
    this.#seenTurns = turns.length;
    return {
      consumer: input,
      bot: events.flatMap((event) => botItems(event, this.context)),
      engine,
      log,
      transcript,
    };
  }
}

/** What a transcript entry shows of the bot: its messages, its actions, the platform's escalation. */
function botItems(event: ControlTranscriptEvent, context: RunContext): EmulatorBotItem[] {
  const extras = {
    ...(event.quickReplies ? { quickReplies: event.quickReplies } : {}),
    ...(event.metadata && event.metadata.length > 0 ? { metadata: event.metadata } : {}),
  };
  const detail = (event.detail ?? {}) as Record<string, unknown>;
  switch (event.type) {
    case 'ContentEvent':
      if (event.from !== 'bot' || event.contentType !== 'text/plain') return [];
      return [
        {
          kind: event.audience === 'AGENTS_AND_MANAGERS' ? 'private-text' : 'text',
          text: event.message ?? '',
          ...extras,
        },
      ];
    case 'RichContentEvent':
      if (event.from !== 'bot') return [];
      return [{ kind: 'structured-content', content: event.content ?? {}, ...extras }];
    case 'skill-changed': {
      const skill = context.cloud.account.directory.skills.get(String(detail.to));
      return [{ kind: 'transfer', skill: skill?.name ?? String(detail.to) }];
    }
    case 'ttr-changed':
      return [{ kind: 'ttr', ttrType: detail.ttrType as 'NORMAL' }];
    case 'conversation-closed':
      return detail.reason === 'CONSUMER' ? [] : [{ kind: 'close' }];
    case 'escalated':
      return [{ kind: 'escalation', code: String(detail.code) }];
    default:
      return [];
  }
}
