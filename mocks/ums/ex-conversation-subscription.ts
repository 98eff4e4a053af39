import type {
  UMSExConversationChange,
  UMSExConversationChangeResult,
} from '../../schemas/index.ts';
import type { Conversation } from '../platform/conversation.ts';

/** At most this many conversations in the notification that follows a subscribe (ums.md §8.1). */
export const initialConversationsCap = 1000;

export interface ExConversationFilter {
  convStates: ReadonlySet<Conversation['state']>;
  /** Old agent ids; a conversation matches when one of them takes part (suggested included). */
  agentIds: ReadonlySet<string> | undefined;
  minLastUpdatedTime: number | undefined;
}

/**
 * One SubscribeExConversations subscription: its filter, and the conversations it has been told
 * about, so that a conversation that stops matching gets a last UPSERT and then a DELETE.
 */
export class ExConversationSubscription {
  readonly #seen = new Set<string>();

  constructor(
    readonly subscriptionId: string,
    readonly filter: ExConversationFilter,
  ) {}

  matches(conversation: Conversation): boolean {
    const { convStates, agentIds, minLastUpdatedTime } = this.filter;
    if (!convStates.has(conversation.state)) return false;
    if (minLastUpdatedTime !== undefined && conversation.lastUpdateTime < minLastUpdatedTime) {
      return false;
    }
    if (agentIds === undefined) return true;
    return conversation.participants.some((participant) => agentIds.has(participant.id));
  }

  /** UPSERTs for the conversations that match now, at most `initialConversationsCap`. */
  initialChanges(
    conversations: Iterable<Conversation>,
    result: (conversation: Conversation) => UMSExConversationChangeResult,
  ): UMSExConversationChange[] {
    const changes: UMSExConversationChange[] = [];
    for (const conversation of conversations) {
      if (changes.length >= initialConversationsCap) break;
      if (!this.matches(conversation)) continue;
      this.#seen.add(conversation.id);
      changes.push({ type: 'UPSERT', result: result(conversation) });
    }
    return changes;
  }

  /**
   * The changes a changed conversation means for this subscription: an UPSERT while it matches
   * or was seen before, followed by a DELETE when it stopped matching (closed for an OPEN-only
   * subscription, or the filtered agent left).
   */
  changesFor(
    conversation: Conversation,
    result: () => UMSExConversationChangeResult,
  ): UMSExConversationChange[] {
    const matches = this.matches(conversation);
    if (matches) {
      this.#seen.add(conversation.id);
      return [{ type: 'UPSERT', result: result() }];
    }
    if (!this.#seen.delete(conversation.id)) return [];
    return [
      { type: 'UPSERT', result: result() },
      { type: 'DELETE', result: result() },
    ];
  }
}
