import type {
  ControlTranscript,
  ControlTranscriptEvent,
  ControlTranscriptParticipant,
  ControlTranscriptSender,
  UMSChatStateEvent,
} from '../../schemas/index.ts';
import type { AccountDirectory } from '../platform/account-directory.ts';
import type { Conversation, LogEntry, Participant } from '../platform/conversation.ts';

const iso = (epochMs: number): string => new Date(epochMs).toISOString();

/** consumer, bot (an agent user with isBot) or agent. */
function kindOf(
  participant: Participant,
  directory: AccountDirectory,
): ControlTranscriptParticipant['kind'] {
  if (participant.role === 'CONSUMER') return 'consumer';
  return directory.agentById(participant.id)?.isBot ? 'bot' : 'agent';
}

function entryOf(entry: LogEntry, directory: AccountDirectory): ControlTranscriptEvent {
  if (entry.kind === 'system') {
    return {
      sequence: null,
      at: iso(entry.at),
      from: 'system',
      type: entry.type,
      detail: entry.detail,
    };
  }
  const from: ControlTranscriptSender = kindOf(entry.originator, directory);
  if (entry.kind === 'chat-state') {
    return {
      sequence: null,
      at: iso(entry.at),
      from,
      type: 'ChatStateEvent',
      originatorId: entry.originator.id,
      chatState: entry.chatState as UMSChatStateEvent['chatState'],
    };
  }
  const base: ControlTranscriptEvent = {
    sequence: entry.sequence,
    at: iso(entry.at),
    from,
    type: entry.event.type,
    originatorId: entry.originator.id,
    dialogId: entry.dialogId,
  };
  const event = entry.event;
  let fields: Partial<ControlTranscriptEvent>;
  switch (event.type) {
    case 'ContentEvent':
      fields =
        event.contentType === 'text/plain'
          ? {
              contentType: 'text/plain',
              message: event.message,
              ...(event.quickReplies ? { quickReplies: event.quickReplies } : {}),
            }
          : { contentType: 'hosted/file', file: event.message };
      break;
    case 'RichContentEvent': {
      // `content` is the preferred key; `message` is the websocket schemas' variant (ums.md §7).
      const content = event.content ?? event.message;
      fields = {
        ...(content ? { content } : {}),
        ...(event.quickReplies ? { quickReplies: event.quickReplies } : {}),
      };
      break;
    }
    case 'AcceptStatusEvent':
      fields = { status: event.status, sequenceList: event.sequenceList };
      break;
    case 'ChatStateEvent':
      fields = { chatState: event.chatState };
      break;
  }
  return {
    ...base,
    ...fields,
    audience: entry.audience,
    ...(entry.metadata ? { metadata: entry.metadata } : {}),
  };
}

/**
 * Everything on a conversation, in order, as the control API's transcript shows it. A snapshot:
 * later changes to the conversation do not reach it, and changing it does not reach the mock.
 */
export function buildTranscript(
  conversation: Conversation,
  directory: AccountDirectory,
): ControlTranscript {
  const transcript: ControlTranscript = {
    conversationId: conversation.id,
    consumerId: conversation.consumerId,
    state: conversation.state,
    channel: conversation.channel,
    skill: directory.skills.get(conversation.skillId)?.name ?? conversation.skillId,
    skillId: conversation.skillId,
    ttr: { ...conversation.ttr },
    startedAt: iso(conversation.startTs),
    ...(conversation.endTs !== undefined ? { endedAt: iso(conversation.endTs) } : {}),
    ...(conversation.closeReason !== undefined ? { closeReason: conversation.closeReason } : {}),
    participants: conversation.participants.map((participant) => ({
      id: participant.id,
      pid: participant.pid,
      role: participant.role,
      state: participant.state,
      kind: kindOf(participant, directory),
    })),
    errors: conversation.errors.map((error) => ({
      code: error.code,
      errorId: error.errorId,
      at: iso(error.at),
      ...(error.detail !== undefined ? { detail: error.detail } : {}),
    })),
    events: conversation.log.map((entry) => entryOf(entry, directory)),
  };
  return structuredClone(transcript);
}
