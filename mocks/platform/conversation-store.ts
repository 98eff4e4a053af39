import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { UMSMessagingEvent } from '../../schemas/index.ts';
import type { Clock } from './clock.ts';
import {
  type Channel,
  type ConsumerContext,
  type Conversation,
  currentDialog,
  type Dialog,
  type LogEntry,
  type Participant,
  type PlatformErrorRecord,
  type StoredEvent,
  type TtrType,
  ttrSeconds,
} from './conversation.ts';
import { ConversationError } from './conversation-error.ts';
import { withLongStringsCut } from './recorded-text.ts';

export interface OpenConversationOptions {
  consumerId?: string;
  skillId: string;
  channel?: Channel;
  context?: ConsumerContext;
  survey?: boolean;
}

export interface PublishOptions {
  dialogId?: string;
  originator: Participant;
  event: UMSMessagingEvent;
  metadata?: NonNullable<StoredEvent['metadata']>;
  messageAudience?: 'ALL' | 'AGENTS_AND_MANAGERS';
}

export interface ConversationStoreEvents {
  /** The conversation's metadata changed (participants, skill, TTR, dialogs, state). */
  change: [conversation: Conversation];
  /** An event was stored in a dialog and is to be distributed. */
  event: [conversation: Conversation, event: StoredEvent];
  /** A chat state (typing) to distribute; chat states are not stored. */
  'chat-state': [conversation: Conversation, event: StoredEvent];
}

/**
 * Conversations of one account: dialogs, participants, per-dialog sequence numbers, TTR, close
 * with and without survey. It knows nothing of sockets: the UMS server and the consumer simulator
 * both act through it, and listen to its events.
 */
export class ConversationStore extends EventEmitter<ConversationStoreEvents> {
  readonly conversations = new Map<string, Conversation>();
  #batchDepth = 0;
  readonly #changed = new Set<Conversation>();

  constructor(
    readonly accountId: string,
    readonly clock: Clock,
  ) {
    super();
    this.setMaxListeners(0);
  }

  open(options: OpenConversationOptions): Conversation {
    const now = this.clock.now();
    const id = randomUUID();
    const consumerId = options.consumerId ?? randomUUID();
    const consumer: Participant = {
      id: consumerId,
      pid: consumerId,
      role: 'CONSUMER',
      state: 'ACTIVE',
    };
    const conversation: Conversation = {
      id,
      accountId: this.accountId,
      channel: options.channel ?? 'messaging',
      consumerId,
      skillId: options.skillId,
      state: 'OPEN',
      startTs: now,
      lastUpdateTime: now,
      ttr: { ttrType: 'NORMAL', value: ttrSeconds.NORMAL },
      participants: [consumer],
      dialogs: [this.#newDialog(id, 'MAIN', now, [consumer])],
      context: options.context ?? {},
      survey: options.survey ?? false,
      errors: [],
      otherFields: {},
      log: [],
    };
    this.conversations.set(id, conversation);
    this.#touch(conversation);
    return conversation;
  }

  get(conversationId: string): Conversation | undefined {
    return this.conversations.get(conversationId);
  }

  /** The conversation, or a 404 ConversationError. */
  require(conversationId: string): Conversation {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new ConversationError(404, `Conversation ${conversationId} not found`);
    return conversation;
  }

  /** Finds the conversation that owns a dialog. */
  byDialog(dialogId: string): { conversation: Conversation; dialog: Dialog } | undefined {
    const direct = this.conversations.get(dialogId);
    const main = direct?.dialogs.find((dialog) => dialog.dialogId === dialogId);
    if (direct && main) return { conversation: direct, dialog: main };
    for (const conversation of this.conversations.values()) {
      const dialog = conversation.dialogs.find((candidate) => candidate.dialogId === dialogId);
      if (dialog) return { conversation, dialog };
    }
    return undefined;
  }

  /**
   * Stores and distributes an event. Returns its sequence; chat states are distributed only and
   * answer sequence 0, as UMS does.
   */
  publish(conversationId: string, options: PublishOptions): number {
    const conversation = this.require(conversationId);
    const dialog = options.dialogId
      ? conversation.dialogs.find((candidate) => candidate.dialogId === options.dialogId)
      : currentDialog(conversation);
    if (!dialog)
      throw new ConversationError(
        400,
        `Dialog ${options.dialogId} is not part of conversation ${conversationId}`,
      );
    if (dialog.state !== 'OPEN' || conversation.state !== 'OPEN') {
      throw new ConversationError(400, `Dialog ${dialog.dialogId} is closed`);
    }
    const now = this.clock.now();
    const isChatState = options.event.type === 'ChatStateEvent';
    const stored: StoredEvent = {
      sequence: isChatState ? 0 : dialog.nextSequence,
      dialogId: dialog.dialogId,
      conversationId,
      serverTimestamp: now,
      originatorId: options.originator.id,
      originatorPId: options.originator.pid,
      originatorMetadata: { id: options.originator.pid, role: options.originator.role },
      event: options.event,
      ...(options.metadata ? { metadata: options.metadata } : {}),
      ...(options.messageAudience ? { messageAudience: options.messageAudience } : {}),
    };
    if (isChatState) {
      const chatState = (options.event as { chatState: string }).chatState;
      conversation.log.push({
        kind: 'chat-state',
        at: now,
        originator: options.originator,
        chatState,
      });
      this.emit('chat-state', conversation, stored);
      return 0;
    }
    dialog.nextSequence += 1;
    // The subscribers get the event whole; history keeps long texts cut (decision 0015).
    const recorded = withLongStringsCut(options.event);
    dialog.events.push(recorded === options.event ? stored : { ...stored, event: recorded });
    conversation.lastUpdateTime = now;
    conversation.log.push({
      kind: 'event',
      at: now,
      dialogId: dialog.dialogId,
      sequence: stored.sequence,
      originator: options.originator,
      event: recorded,
      audience: options.messageAudience ?? 'ALL',
      ...(options.metadata ? { metadata: options.metadata } : {}),
    });
    this.emit('event', conversation, stored);
    return stored.sequence;
  }

  /**
   * Events of a dialog after a sequence. `newerThanSequence: 0` is inclusive, so that the
   * consumer's first message (sequence 0) reaches an agent that just joined (ums.md §8.3; mock design).
   */
  query(dialog: Dialog, options: { fromSeq?: number; newerThanSequence?: number }): StoredEvent[] {
    const from =
      options.fromSeq ??
      (options.newerThanSequence === undefined || options.newerThanSequence === 0
        ? 0
        : options.newerThanSequence + 1);
    return dialog.events.filter((event) => event.sequence >= from);
  }

  /** Adds a participant (or activates a suggested one) in the conversation and its open dialogs. */
  addParticipant(conversation: Conversation, participant: Participant): void {
    this.#assertOpen(conversation);
    const existing = conversation.participants.find(
      (candidate) => candidate.id === participant.id && candidate.role === participant.role,
    );
    if (existing) existing.state = participant.state;
    else conversation.participants.push({ ...participant });
    for (const dialog of conversation.dialogs) {
      if (dialog.state !== 'OPEN') continue;
      const detail = dialog.participants.find(
        (candidate) => candidate.id === participant.id && candidate.role === participant.role,
      );
      if (detail) detail.state = participant.state;
      else dialog.participants.push({ ...participant });
    }
    this.#system(
      conversation,
      participant.state === 'SUGGESTED' ? 'participant-suggested' : 'participant-added',
      {
        id: participant.id,
        role: participant.role,
      },
    );
  }

  /** Removes a participant; a 400 when no such participant is there (ums.md §9). */
  removeParticipant(conversation: Conversation, id: string, role: Participant['role']): void {
    this.#assertOpen(conversation);
    const index = conversation.participants.findIndex(
      (candidate) => candidate.id === id && candidate.role === role,
    );
    if (index < 0) {
      throw new ConversationError(
        400,
        `No participant ${id} with role ${role} in conversation ${conversation.id}`,
      );
    }
    conversation.participants.splice(index, 1);
    for (const dialog of conversation.dialogs) {
      dialog.participants = dialog.participants.filter(
        (candidate) => !(candidate.id === id && candidate.role === role),
      );
    }
    this.#system(conversation, 'participant-removed', { id, role });
  }

  setSkill(conversation: Conversation, skillId: string): void {
    this.#assertOpen(conversation);
    const from = conversation.skillId;
    conversation.skillId = skillId;
    this.#system(conversation, 'skill-changed', { from, to: skillId });
  }

  setTtr(conversation: Conversation, ttrType: TtrType, value?: number): void {
    this.#assertOpen(conversation);
    const seconds = ttrType === 'CUSTOM' ? value : ttrSeconds[ttrType];
    if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) {
      throw new ConversationError(400, 'TTRField CUSTOM needs a positive value in seconds');
    }
    conversation.ttr = { ttrType, value: seconds };
    this.#system(conversation, 'ttr-changed', { ttrType, value: seconds });
  }

  /**
   * Closes a dialog. Closing the main dialog opens the post-conversation survey when the
   * conversation has one, and otherwise closes the conversation (ums.md §9).
   */
  closeDialog(conversation: Conversation, dialogId: string, closedBy: string): void {
    this.#assertOpen(conversation);
    const dialog = conversation.dialogs.find((candidate) => candidate.dialogId === dialogId);
    if (!dialog)
      throw new ConversationError(
        400,
        `Dialog ${dialogId} is not part of conversation ${conversation.id}`,
      );
    if (dialog.state === 'CLOSE')
      throw new ConversationError(400, `Dialog ${dialogId} is already closed`);
    const now = this.clock.now();
    dialog.state = 'CLOSE';
    dialog.endTs = now;
    dialog.closedBy = closedBy;
    const opensSurvey = dialog.dialogType === 'MAIN' && conversation.survey;
    if (opensSurvey) {
      const consumer = conversation.participants.filter(
        (participant) => participant.role === 'CONSUMER',
      );
      conversation.dialogs.push(this.#newDialog(randomUUID(), 'POST_SURVEY', now, consumer));
      conversation.log.push({
        kind: 'system',
        at: now,
        type: 'dialog-closed',
        detail: { dialogId, closedBy },
      });
      this.#system(conversation, 'dialog-opened', { dialogType: 'POST_SURVEY' });
      return;
    }
    conversation.log.push({
      kind: 'system',
      at: now,
      type: 'dialog-closed',
      detail: { dialogId, closedBy },
    });
    if (conversation.dialogs.every((candidate) => candidate.state === 'CLOSE')) {
      this.#finish(conversation, closedBy, 'dialogs closed');
    } else {
      this.#touch(conversation);
    }
  }

  /** Closes the conversation and every dialog, without a survey. */
  close(conversation: Conversation, closedBy: string, reason = closedBy): void {
    this.#assertOpen(conversation);
    const now = this.clock.now();
    for (const dialog of conversation.dialogs) {
      if (dialog.state === 'OPEN') {
        dialog.state = 'CLOSE';
        dialog.endTs = now;
        dialog.closedBy = closedBy;
      }
    }
    this.#finish(conversation, closedBy, reason);
  }

  /** Records a runtime error (an escalation's code) on the conversation. */
  recordError(conversation: Conversation, code: string, detail?: string): PlatformErrorRecord {
    const record: PlatformErrorRecord = {
      code,
      errorId: randomUUID(),
      at: this.clock.now(),
      ...(detail ? { detail } : {}),
    };
    conversation.errors.push(record);
    this.#system(conversation, 'escalated', {
      code,
      errorId: record.errorId,
      ...(detail ? { detail } : {}),
    });
    return record;
  }

  /** Open conversations in which this agent (old id) is the active assigned agent. */
  openConversationsOf(agentOldId: string): number {
    let count = 0;
    for (const conversation of this.conversations.values()) {
      if (
        conversation.state === 'OPEN' &&
        conversation.participants.some(
          (participant) =>
            participant.id === agentOldId &&
            participant.role === 'ASSIGNED_AGENT' &&
            participant.state === 'ACTIVE',
        )
      ) {
        count += 1;
      }
    }
    return count;
  }

  #newDialog(
    dialogId: string,
    dialogType: Dialog['dialogType'],
    now: number,
    participants: Participant[],
  ): Dialog {
    return {
      dialogId,
      dialogType,
      state: 'OPEN',
      creationTs: now,
      events: [],
      nextSequence: 0,
      participants: participants.map((participant) => ({ ...participant })),
    };
  }

  #finish(conversation: Conversation, closedBy: string, reason: string): void {
    const now = this.clock.now();
    conversation.state = 'CLOSE';
    conversation.endTs = now;
    conversation.closeReason = reason;
    this.#system(conversation, 'conversation-closed', { closedBy, reason });
  }

  #system(
    conversation: Conversation,
    type: Extract<LogEntry, { kind: 'system' }>['type'],
    detail: Record<string, unknown>,
  ): void {
    conversation.log.push({ kind: 'system', at: this.clock.now(), type, detail });
    this.#touch(conversation);
  }

  /**
   * Runs several changes as one: listeners hear a single `change` per conversation at the end, so
   * that routing never sees the half-done state of a transfer (agent removed, skill not yet set).
   */
  batch<T>(run: () => T): T {
    this.#batchDepth += 1;
    try {
      return run();
    } finally {
      this.#batchDepth -= 1;
      if (this.#batchDepth === 0) {
        const changed = [...this.#changed];
        this.#changed.clear();
        for (const conversation of changed) this.emit('change', conversation);
      }
    }
  }

  #touch(conversation: Conversation): void {
    conversation.lastUpdateTime = this.clock.now();
    if (this.#batchDepth > 0) this.#changed.add(conversation);
    else this.emit('change', conversation);
  }

  #assertOpen(conversation: Conversation): void {
    if (conversation.state !== 'OPEN') {
      throw new ConversationError(400, `Conversation ${conversation.id} is closed`);
    }
  }
}
