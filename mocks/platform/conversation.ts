import type {
  UMSMessagingEvent,
  UMSMessagingEventNotification,
  UMSNotificationParticipantRole,
} from '../../schemas/index.ts';

export type ParticipantRole = UMSNotificationParticipantRole;
export type Channel = 'messaging' | 'chat';
export type TtrType = 'NORMAL' | 'URGENT' | 'PRIORITIZED' | 'CUSTOM';

/** Someone in a conversation: an agent (old id + PId) or the consumer (the same id twice). */
export interface Participant {
  /** Old id `{accountId}.{userId}` for an agent; the consumer id for the consumer. */
  id: string;
  /** PId for an agent; the consumer id for the consumer. */
  pid: string;
  role: ParticipantRole;
  state: 'ACTIVE' | 'SUGGESTED';
}

/** A stored event: exactly the body UMS distributes (`.ams.ms.OnlineEventDistribution`). */
export type StoredEvent = UMSMessagingEventNotification;

export interface Dialog {
  dialogId: string;
  dialogType: 'MAIN' | 'POST_SURVEY';
  state: 'OPEN' | 'CLOSE';
  creationTs: number;
  endTs?: number;
  closedBy?: string;
  /** `participantsDetails`: who takes part in this dialog, and whether as SUGGESTED. */
  participants: Participant[];
  events: StoredEvent[];
  nextSequence: number;
}

/** How the consumer reached the brand: what the TPB engine passes on as context and SDES. */
export interface ConsumerContext {
  engagementId?: number;
  campaignId?: number;
  /** Engagement attributes, collected once at conversation start. */
  sdes?: {
    authenticatedSdes?: Record<string, unknown>;
    unauthenticatedSdes?: Record<string, unknown>;
  };
  visitor?: Record<string, unknown>;
  lang?: string;
}

/** A runtime error the platform recorded on the conversation (escalations carry LivePerson's code). */
export interface PlatformErrorRecord {
  code: string;
  errorId: string;
  at: number;
  detail?: string;
}

/** One line of a conversation's ordered history, as transcripts show it. */
export type LogEntry =
  | {
      kind: 'event';
      at: number;
      dialogId: string;
      sequence: number;
      originator: Participant;
      event: UMSMessagingEvent;
      audience: 'ALL' | 'AGENTS_AND_MANAGERS';
      metadata?: NonNullable<StoredEvent['metadata']>;
    }
  | { kind: 'chat-state'; at: number; originator: Participant; chatState: string }
  | {
      kind: 'system';
      at: number;
      type:
        | 'participant-added'
        | 'participant-removed'
        | 'participant-suggested'
        | 'skill-changed'
        | 'ttr-changed'
        | 'dialog-closed'
        | 'dialog-opened'
        | 'conversation-closed'
        | 'escalated';
      detail: Record<string, unknown>;
    };

export interface Conversation {
  id: string;
  accountId: string;
  channel: Channel;
  consumerId: string;
  skillId: string;
  state: 'OPEN' | 'CLOSE';
  startTs: number;
  endTs?: number;
  closeReason?: string;
  lastUpdateTime: number;
  ttr: { ttrType: TtrType; value: number };
  participants: Participant[];
  dialogs: Dialog[];
  context: ConsumerContext;
  /** Whether closing the main dialog without `ConversationStateField` opens a post-conversation survey. */
  survey: boolean;
  errors: PlatformErrorRecord[];
  /** Fields UMS accepts and keeps without acting on them (ManualETTR, DelayField, CSATRate, Note, TopicField). */
  otherFields: Record<string, unknown>;
  log: LogEntry[];
}

export const ttrSeconds: Record<Exclude<TtrType, 'CUSTOM'>, number> = {
  NORMAL: 3600,
  PRIORITIZED: 600,
  URGENT: 300,
};

/** The dialog consumers and agents talk in now: the open one, else the last. */
export function currentDialog(conversation: Conversation): Dialog {
  const open = conversation.dialogs.find((dialog) => dialog.state === 'OPEN');
  return open ?? (conversation.dialogs.at(-1) as Dialog);
}

/** The active assigned agent, if any. */
export function assignedAgent(conversation: Conversation): Participant | undefined {
  return conversation.participants.find(
    (participant) => participant.role === 'ASSIGNED_AGENT' && participant.state === 'ACTIVE',
  );
}
