import type {
  UMSExConversationChangeResult,
  UMSExConversationDialog,
  UMSExConversationParticipantDetail,
  UMSMessagingEventNotification,
} from '../../schemas/index.ts';
import { type Conversation, currentDialog, type Dialog } from '../platform/conversation.ts';

/** The client the mock's consumers talk from (a web messaging window). */
const consumerClientProperties = {
  type: '.ClientProperties',
  appId: 'webAsync',
  ipAddress: '127.0.0.1',
  features: ['PHOTO_SHARING', 'QUICK_REPLIES', 'AUTO_MESSAGES', 'MULTI_DIALOG', 'RICH_CONTENT'],
} as const;

/**
 * The `result` of an ExConversation change for a conversation as it is now (ums.md §8.1).
 *
 * `participants` holds old ids and `participantsPId` PIds, role by role in the same positions;
 * SUGGESTED agents appear only in the dialogs' `participantsDetails`. node-agent-sdk rewrites each
 * `participantsDetails[].id` to the PId at the same index of its role, so every dialog lists a
 * role's active participants in the order of `participantsPId` and its suggested ones after them.
 */
export function exConversationResult(conversation: Conversation): UMSExConversationChangeResult {
  const participants: Record<string, string[]> = {};
  const participantsPId: Record<string, string[]> = {};
  /** `role id` → position of that participant in its role's list. */
  const positions = new Map<string, number>();
  for (const participant of conversation.participants) {
    if (participant.state !== 'ACTIVE') continue;
    const ids = participants[participant.role] ?? [];
    const pids = participantsPId[participant.role] ?? [];
    positions.set(`${participant.role} ${participant.id}`, ids.length);
    ids.push(participant.id);
    pids.push(participant.pid);
    participants[participant.role] = ids;
    participantsPId[participant.role] = pids;
  }
  const lastContent = lastContentEvent(conversation);
  return {
    convId: conversation.id,
    effectiveTTR: effectiveTtr(conversation),
    lastUpdateTime: conversation.lastUpdateTime,
    numberOfunreadMessages: 0,
    ...(lastContent ? { lastContentEventNotification: lastContent } : {}),
    conversationDetails: {
      convId: conversation.id,
      skillId: conversation.skillId,
      brandId: conversation.accountId,
      state: conversation.state,
      stage: conversation.state,
      ...(conversation.closeReason !== undefined ? { closeReason: conversation.closeReason } : {}),
      startTs: conversation.startTs,
      ...(conversation.endTs !== undefined ? { endTs: conversation.endTs } : {}),
      metaDataLastUpdateTs: conversation.lastUpdateTime,
      firstConversation: false,
      ttr: { ttrType: conversation.ttr.ttrType, value: conversation.ttr.value },
      context: {
        type: 'SharkContext',
        lang: conversation.context.lang ?? 'en-US',
        clientProperties: { ...consumerClientProperties },
      },
      conversationHandlerDetails: {
        accountId: conversation.accountId,
        skillId: conversation.skillId,
      },
      participants,
      participantsPId,
      dialogs: conversation.dialogs.map((dialog) => exDialog(dialog, positions)),
    },
  };
}

function exDialog(dialog: Dialog, positions: Map<string, number>): UMSExConversationDialog {
  const ranked = dialog.participants.map((participant, index) => {
    const position = positions.get(`${participant.role} ${participant.id}`);
    // Active participants known to the conversation first, in their role's order; then the rest.
    const rank =
      participant.state === 'SUGGESTED'
        ? 2 * 1e9 + index
        : position !== undefined
          ? position
          : 1e9 + index;
    return { participant, rank };
  });
  ranked.sort((a, b) => a.rank - b.rank);
  const participantsDetails: UMSExConversationParticipantDetail[] = ranked.map(
    ({ participant }) => ({
      id: participant.pid,
      role: participant.role,
      state: participant.state,
    }),
  );
  return {
    dialogId: dialog.dialogId,
    dialogType: dialog.dialogType,
    channelType: 'MESSAGING',
    state: dialog.state,
    creationTs: dialog.creationTs,
    ...(dialog.endTs !== undefined ? { endTs: dialog.endTs } : {}),
    ...(dialog.closedBy !== undefined ? { closedBy: dialog.closedBy } : {}),
    participantsDetails,
  };
}

/** The deadline to answer: the consumer's last message (or the start) plus the TTR. */
function effectiveTtr(conversation: Conversation): number {
  const events = currentDialog(conversation).events;
  let since = conversation.startTs;
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index];
    if (event?.originatorMetadata.role === 'CONSUMER') {
      since = event.serverTimestamp;
      break;
    }
  }
  return since + conversation.ttr.value * 1000;
}

function lastContentEvent(conversation: Conversation): UMSMessagingEventNotification | undefined {
  const events = currentDialog(conversation).events;
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index];
    if (event?.event.type === 'ContentEvent') return event;
  }
  return undefined;
}
