import {
  type ControlOpenConversationRequest,
  type ControlOpenConversationResponse,
  type ControlTranscript,
  type ControlTranscriptEvent,
  type UMSChatStateEvent,
  type UMSHostedFileMessage,
  type UMSMessagingEvent,
  validate,
} from '../../schemas/index.ts';
import type { ConsumerContext, Conversation, Participant } from '../platform/conversation.ts';
import type { MockAccount } from '../platform/mock-account.ts';
import { ConsumerSimulatorError } from './consumer-simulator-error.ts';
import { buildTranscript } from './transcript.ts';
import { type WaitForOptions, waitForStore } from './wait-for.ts';

/** How a consumer opens a conversation: the control API's request body, as typed options. */
export type ConsumerOpenOptions = ControlOpenConversationRequest;

export interface ConsumerSimulatorOptions {
  /** Skill NAME a conversation opens on when `open()` names none. */
  defaultSkill?: string;
}

/** A consumer id as UMS carries it: a UUID or a 64-hex hash (ums.md §6). */
const consumerIdPattern =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{64})$/i;

/**
 * The consumer side of one mock account: opens conversations, sends text, rich content, files,
 * read receipts and typing, closes, and reads transcripts. Tests and the control API steer the mock
 * through it; it acts through the ConversationStore exactly as the UMS server does for agents.
 *
 * @example
 * const consumer = new ConsumerSimulator(account, { defaultSkill: 'bot-skill' });
 * const { conversationId } = consumer.open({ text: 'hi' });
 * await consumer.waitForEvent(conversationId, (e) => e.from === 'bot', 'a bot reply');
 * @see docs/spec/ums.md#13-consumer-side §13, §14; tpb-platform.md §§5–6
 */
export class ConsumerSimulator {
  readonly #defaultSkill: string | undefined;

  constructor(
    readonly account: MockAccount,
    options: ConsumerSimulatorOptions = {},
  ) {
    this.#defaultSkill = options.defaultSkill;
  }

  /**
   * Opens a conversation on a skill (by name) as a consumer. With `text`, the first message is
   * stored (sequence 0) before routing sees the conversation, as on messaging, where the
   * conversation only exists after the consumer's first message (tpb-platform.md §5).
   */
  open(options: ConsumerOpenOptions = {}): ControlOpenConversationResponse {
    const { directory, conversations } = this.account;
    const skillName = options.skill ?? this.#defaultSkill;
    if (skillName === undefined) {
      throw new ConsumerSimulatorError(
        'NO_SKILL',
        'Failed to open a conversation: no skill was named and the simulator has no default skill. Pass `skill` or construct the simulator with `defaultSkill`.',
      );
    }
    const skill = directory.skillByName(skillName);
    if (!skill) {
      const known = [...directory.skills.values()].map((candidate) => `"${candidate.name}"`);
      throw new ConsumerSimulatorError(
        'UNKNOWN_SKILL',
        `Failed to open a conversation: account ${this.account.accountId} has no skill named "${skillName}". Use one of: ${known.join(', ') || '(none; add one with directory.addSkill)'}; names are case-sensitive.`,
      );
    }
    if (options.consumerId !== undefined && !consumerIdPattern.test(options.consumerId)) {
      throw new ConsumerSimulatorError(
        'INVALID_CONSUMER_ID',
        `Failed to open a conversation: consumer id "${options.consumerId}" is neither a UUID nor a 64-hex hash. Omit it to get a random UUID.`,
      );
    }
    const first =
      options.text === undefined
        ? undefined
        : this.#checked('open a conversation', {
            type: 'ContentEvent',
            contentType: 'text/plain',
            message: options.text,
          });
    const context: ConsumerContext = {
      ...(options.engagementId !== undefined ? { engagementId: options.engagementId } : {}),
      ...(options.campaignId !== undefined ? { campaignId: options.campaignId } : {}),
      ...(options.sdes !== undefined ? { sdes: structuredClone(options.sdes) } : {}),
      ...(options.visitor !== undefined ? { visitor: structuredClone(options.visitor) } : {}),
    };
    // One batch: routing hears a single `change`, after the first message is already stored.
    const conversation = conversations.batch(() => {
      const opened = conversations.open({
        skillId: skill.id,
        context,
        ...(options.consumerId !== undefined ? { consumerId: options.consumerId } : {}),
        ...(options.channel !== undefined ? { channel: options.channel } : {}),
        ...(options.survey !== undefined ? { survey: options.survey } : {}),
      });
      if (first) {
        conversations.publish(opened.id, { originator: consumerOf(opened), event: first });
      }
      return opened;
    });
    return { conversationId: conversation.id, consumerId: conversation.consumerId };
  }

  /** Sends plain text (a text/plain ContentEvent); returns its dialog sequence. */
  sendText(conversationId: string, text: string): number {
    return this.#publish(conversationId, 'send text', {
      type: 'ContentEvent',
      contentType: 'text/plain',
      message: text,
    });
  }

  /**
   * Sends rich content (a RichContentEvent with `content`), e.g. a shared location
   * `{type: 'vertical', elements: [{type: 'map', la, lo, alt}]}`; returns its dialog sequence.
   */
  sendRichContent(conversationId: string, content: Record<string, unknown>): number {
    return this.#publish(conversationId, 'send rich content', {
      type: 'RichContentEvent',
      content: structuredClone(content),
    });
  }

  /** Shares an uploaded file (a hosted/file ContentEvent); returns its dialog sequence. */
  sendFile(conversationId: string, file: UMSHostedFileMessage): number {
    return this.#publish(conversationId, 'send a file', {
      type: 'ContentEvent',
      contentType: 'hosted/file',
      message: { ...file },
    });
  }

  /** Marks events as read (an AcceptStatusEvent READ); returns the receipt's own sequence. */
  markRead(conversationId: string, sequences: number[]): number {
    return this.#publish(conversationId, 'mark events read', {
      type: 'AcceptStatusEvent',
      status: 'READ',
      sequenceList: [...sequences],
    });
  }

  /** Sends a chat state (typing by default); chat states are distributed, never stored. */
  typing(conversationId: string, chatState: UMSChatStateEvent['chatState'] = 'COMPOSING'): void {
    this.#publish(conversationId, 'send a chat state', { type: 'ChatStateEvent', chatState });
  }

  /** The consumer closes the conversation: every dialog closes, and no survey opens. */
  close(conversationId: string): void {
    const conversation = this.#open(conversationId, 'close the conversation');
    this.account.conversations.close(conversation, conversation.consumerId, 'CONSUMER');
  }

  /** A snapshot of everything on the conversation, in order. */
  transcript(conversationId: string): ControlTranscript {
    return buildTranscript(
      this.#require(conversationId, 'read the transcript'),
      this.account.directory,
    );
  }

  /**
   * Waits until `check` returns something other than `undefined` or `false`, re-checking on
   * every change the store reports (no polling); rejects with a WaitTimeoutError naming
   * `description` after `timeoutMs` real milliseconds (default 5000).
   */
  waitFor<T>(check: () => T | undefined | false, options: WaitForOptions): Promise<T> {
    return waitForStore(this.account.conversations, check, options);
  }

  /**
   * Waits for the first transcript event that matches `predicate` and resolves with it.
   *
   * @example
   * const reply = await consumer.waitForEvent(id, (e) => e.from === 'bot' && e.type === 'ContentEvent', 'a bot text');
   */
  waitForEvent(
    conversationId: string,
    predicate: (event: ControlTranscriptEvent) => boolean,
    description: string,
    options: { timeoutMs?: number } = {},
  ): Promise<ControlTranscriptEvent> {
    return this.waitFor(() => this.transcript(conversationId).events.find(predicate), {
      description: `${description} in conversation ${conversationId}`,
      ...options,
    });
  }

  /** Waits until the conversation is in `state` and resolves with its transcript. */
  waitForState(
    conversationId: string,
    state: ControlTranscript['state'],
    options: { timeoutMs?: number } = {},
  ): Promise<ControlTranscript> {
    return this.waitFor(
      () => {
        const transcript = this.transcript(conversationId);
        return transcript.state === state ? transcript : undefined;
      },
      { description: `conversation ${conversationId} to be ${state}`, ...options },
    );
  }

  #publish(conversationId: string, action: string, event: UMSMessagingEvent): number {
    const conversation = this.#open(conversationId, action);
    return this.account.conversations.publish(conversation.id, {
      originator: consumerOf(conversation),
      event: this.#checked(action, event),
    });
  }

  /** The event, if UMS would take it (ums-event schema); else an INVALID_EVENT error. */
  #checked(action: string, event: UMSMessagingEvent): UMSMessagingEvent {
    const result = validate('ums-event', event);
    if (result.ok) return result.value;
    throw new ConsumerSimulatorError(
      'INVALID_EVENT',
      `Failed to ${action}: UMS would reject the event (${result.issues.map((issue) => issue.message).join('; ')}). Fix the content; see ums.md §7.`,
      result.issues,
    );
  }

  #require(conversationId: string, action: string): Conversation {
    const conversation = this.account.conversations.get(conversationId);
    if (!conversation) {
      throw new ConsumerSimulatorError(
        'CONVERSATION_NOT_FOUND',
        `Failed to ${action}: account ${this.account.accountId} has no conversation ${conversationId}. Use the conversationId that open() returned.`,
      );
    }
    return conversation;
  }

  #open(conversationId: string, action: string): Conversation {
    const conversation = this.#require(conversationId, action);
    if (conversation.state !== 'OPEN') {
      throw new ConsumerSimulatorError(
        'CONVERSATION_CLOSED',
        `Failed to ${action}: conversation ${conversationId} is closed (${conversation.closeReason ?? 'no reason recorded'}). Open a new conversation.`,
      );
    }
    return conversation;
  }
}

/** The consumer as a participant (the same id twice, ums.md §6). */
function consumerOf(conversation: Conversation): Participant {
  return (
    conversation.participants.find((participant) => participant.role === 'CONSUMER') ?? {
      id: conversation.consumerId,
      pid: conversation.consumerId,
      role: 'CONSUMER',
      state: 'ACTIVE',
    }
  );
}
