import type { UMSUpdateConversationFieldItem } from '../../schemas/index.ts';
import type { AccountDirectory, Agent } from './account-directory.ts';
import type { Conversation, Participant } from './conversation.ts';
import { ConversationError } from './conversation-error.ts';
import type { ConversationStore } from './conversation-store.ts';

/**
 * Applies the items of one `.ams.cm.UpdateConversationField` request for an agent, all or
 * nothing (ums.md §9): every item is checked first, then all are applied as one change.
 * Returns the text of the `.ReqBody$StringResp` answer.
 */
export function applyConversationFields(
  store: ConversationStore,
  directory: AccountDirectory,
  conversation: Conversation,
  caller: Agent,
  items: UMSUpdateConversationFieldItem[],
): string {
  if (conversation.state !== 'OPEN') {
    throw new ConversationError(400, `Conversation ${conversation.id} is closed`);
  }
  const joining = items.every(
    (item) =>
      item.field === 'ParticipantsChange' && item.type === 'ADD' && item.role !== 'ASSIGNED_AGENT',
  );
  const isParticipant = conversation.participants.some(
    (participant) => participant.id === caller.oldId && participant.state === 'ACTIVE',
  );
  if (!isParticipant && !joining) {
    throw new ConversationError(
      403,
      `${caller.oldId} is not a participant of conversation ${conversation.id}`,
    );
  }
  const steps = items.map((item) => plan(directory, conversation, caller, item));
  store.batch(() => {
    for (const step of steps) step();
  });
  const first = items[0];
  if (first?.field === 'ParticipantsChange') {
    return first.type === 'REMOVE'
      ? 'OK Agent removed successfully'
      : 'OK Agent added successfully';
  }
  return 'OK';

  /** Checks one item against the conversation as it is, and returns how to apply it. */
  function plan(
    directory: AccountDirectory,
    conversation: Conversation,
    caller: Agent,
    item: UMSUpdateConversationFieldItem,
  ): () => void {
    switch (item.field) {
      case 'ParticipantsChange': {
        const agent = directory.agentById(item.userId ?? caller.oldId);
        if (!agent) throw new ConversationError(400, `Unknown user ${item.userId}`);
        const participant: Participant = {
          id: agent.oldId,
          pid: agent.pid,
          role: item.role,
          state: item.type === 'SUGGEST' ? 'SUGGESTED' : 'ACTIVE',
        };
        if (item.type === 'REMOVE') {
          const present = conversation.participants.some(
            (candidate) => candidate.id === agent.oldId && candidate.role === item.role,
          );
          if (!present) {
            throw new ConversationError(
              400,
              `${agent.oldId} is not ${item.role} of conversation ${conversation.id}`,
            );
          }
          return () => store.removeParticipant(conversation, agent.oldId, item.role);
        }
        return () => store.addParticipant(conversation, participant);
      }
      case 'Skill': {
        const skill = directory.skills.get(item.skill);
        if (!skill) throw new ConversationError(400, `Unknown skill id ${item.skill}`);
        return () => store.setSkill(conversation, skill.id);
      }
      case 'ConversationStateField':
        return () => store.close(conversation, caller.oldId, 'AGENT');
      case 'DialogChange': {
        const dialog = conversation.dialogs.find(
          (candidate) => candidate.dialogId === item.dialog.dialogId,
        );
        if (dialog?.state !== 'OPEN') {
          throw new ConversationError(
            400,
            `Dialog ${item.dialog.dialogId} is not an open dialog of ${conversation.id}`,
          );
        }
        return () => store.closeDialog(conversation, dialog.dialogId, caller.oldId);
      }
      case 'TTRField': {
        const value = item.value === undefined ? undefined : Number(item.value);
        if (item.ttrType === 'CUSTOM' && !(value !== undefined && value > 0)) {
          throw new ConversationError(400, 'TTRField CUSTOM needs a positive value in seconds');
        }
        return () => store.setTtr(conversation, item.ttrType, value);
      }
      default:
        // ManualETTR, DelayField, CSATRate, Note, TopicField: accepted and stored (ums.md §9).
        return () => {
          conversation.otherFields[item.field] = item;
        };
    }
  }
}
