import type {
  UMSAgentStateNotificationBody,
  UMSExConversationChangeResult,
} from '../../schemas/index.ts';
import type { Agent } from '../platform/account-directory.ts';
import type { Conversation, Dialog, StoredEvent } from '../platform/conversation.ts';
import type { MockAccount } from '../platform/mock-account.ts';
import type { Ring, RoutingTask } from '../platform/routing.ts';
import { exConversationResult } from './ex-conversation-result.ts';
import type { ExConversationSubscription } from './ex-conversation-subscription.ts';
import { umsNotificationTypes } from './request-types.ts';
import { routingTaskChange } from './routing-task-change.ts';
import type { UmsConnection, UmsNotificationFrame } from './ums-connection.ts';

/** Hands a notification to a socket; the server defers it until the current response is out. */
export type Deliver = (connection: UmsConnection, frame: UmsNotificationFrame) => void;

/**
 * The UMS side of one mock account: its open sockets by agent, and the fan-out of conversation,
 * event and ring changes to them as notifications (ums.md §8). Lookups are maps, so that one
 * bot with 1000 open conversations costs O(1) sockets per notification.
 */
export class AccountHub {
  /** Old agent id → its open sockets. */
  readonly #byAgent = new Map<string, Set<UmsConnection>>();
  /** Sockets with at least one ExConversation subscription. */
  readonly #exSubscribers = new Set<UmsConnection>();
  /** Sockets with at least one AgentsState subscription. */
  readonly #agentStateSubscribers = new Set<UmsConnection>();
  /** Dialog id → conversation id, for dialogs that are not the main one. */
  readonly #dialogs = new Map<string, string>();
  readonly #consumers = new Set<string>();
  readonly #onChange = (conversation: Conversation) => this.#conversationChanged(conversation);
  readonly #onEvent = (conversation: Conversation, event: StoredEvent) =>
    this.#distribute(conversation, event);
  readonly #onRing = (task: RoutingTask, ring: Ring) => this.#ringChanged(task, ring);

  constructor(
    readonly account: MockAccount,
    readonly deliver: Deliver,
  ) {
    for (const conversation of account.conversations.conversations.values()) {
      this.#index(conversation);
    }
    account.conversations.on('change', this.#onChange);
    account.conversations.on('event', this.#onEvent);
    account.conversations.on('chat-state', this.#onEvent);
    account.routing.on('ring', this.#onRing);
  }

  dispose(): void {
    this.account.conversations.off('change', this.#onChange);
    this.account.conversations.off('event', this.#onEvent);
    this.account.conversations.off('chat-state', this.#onEvent);
    this.account.routing.off('ring', this.#onRing);
  }

  attach(connection: UmsConnection): void {
    const key = connection.agent.oldId;
    let set = this.#byAgent.get(key);
    if (!set) {
      set = new Set();
      this.#byAgent.set(key, set);
    }
    set.add(connection);
  }

  detach(connection: UmsConnection): void {
    const key = connection.agent.oldId;
    const set = this.#byAgent.get(key);
    set?.delete(connection);
    if (set?.size === 0) this.#byAgent.delete(key);
    this.#exSubscribers.delete(connection);
    this.#agentStateSubscribers.delete(connection);
  }

  get isEmpty(): boolean {
    return this.#byAgent.size === 0;
  }

  /** Whether the agent has an open socket subscribed to routing tasks (routing rings only those). */
  canReceiveRings(agent: Agent): boolean {
    const set = this.#byAgent.get(agent.oldId);
    if (!set) return false;
    for (const connection of set) {
      if (connection.isOpen && connection.routingSubscriptionId !== undefined) return true;
    }
    return false;
  }

  /** The conversation and dialog of a dialog id (the main dialog's id is the conversation id). */
  dialog(dialogId: string): { conversation: Conversation; dialog: Dialog } | undefined {
    const store = this.account.conversations;
    const conversation = store.get(dialogId) ?? store.get(this.#dialogs.get(dialogId) ?? '');
    const dialog = conversation?.dialogs.find((candidate) => candidate.dialogId === dialogId);
    if (conversation && dialog) return { conversation, dialog };
    return store.byDialog(dialogId);
  }

  /** Whether a consumer has ever had a conversation in this account. */
  knowsConsumer(consumerId: string): boolean {
    return this.#consumers.has(consumerId);
  }

  /** Registers a new ExConversation subscription and sends the current matching conversations. */
  addExSubscription(connection: UmsConnection, subscription: ExConversationSubscription): void {
    connection.exSubscriptions.set(subscription.subscriptionId, subscription);
    this.#exSubscribers.add(connection);
    const changes = subscription.initialChanges(
      this.account.conversations.conversations.values(),
      exConversationResult,
    );
    this.deliver(connection, {
      kind: 'notification',
      type: umsNotificationTypes.exConversationChange,
      body: { subscriptionId: subscription.subscriptionId, changes },
    });
  }

  removeExSubscription(connection: UmsConnection, subscriptionId: string): boolean {
    const removed = connection.exSubscriptions.delete(subscriptionId);
    if (connection.exSubscriptions.size === 0) this.#exSubscribers.delete(connection);
    return removed;
  }

  /** Registers an AgentsState subscription and sends the watched agent's state. */
  addAgentStateSubscription(
    connection: UmsConnection,
    subscriptionId: string,
    watched: Agent,
  ): void {
    connection.agentStateSubscriptions.set(subscriptionId, watched.oldId);
    this.#agentStateSubscribers.add(connection);
    this.deliver(connection, agentStateNotification(subscriptionId, watched));
  }

  /** Tells every AgentsState subscription that watches this agent its new state. */
  agentStateChanged(agent: Agent): void {
    for (const connection of this.#agentStateSubscribers) {
      for (const [subscriptionId, watched] of connection.agentStateSubscriptions) {
        if (watched === agent.oldId) {
          this.deliver(connection, agentStateNotification(subscriptionId, agent));
        }
      }
    }
  }

  /** Sends the routing subscription its first notification, then any ring still waiting for it. */
  startRoutingSubscription(connection: UmsConnection, subscriptionId: string): void {
    connection.routingSubscriptionId = subscriptionId;
    this.deliver(connection, {
      kind: 'notification',
      type: umsNotificationTypes.routingTask,
      body: { subscriptionId, changes: [] },
    });
    const agentId = connection.agent.oldId;
    const waiting = [...this.account.routing.tasks.values()].filter((task) =>
      task.rings.some((ring) => ring.agentId === agentId && ring.ringState === 'WAITING'),
    );
    if (waiting.length === 0) return;
    // A socket that reconnects while a ring waits for it would otherwise never hear of it.
    this.deliver(connection, {
      kind: 'notification',
      type: umsNotificationTypes.routingTask,
      body: {
        subscriptionId,
        changes: waiting.map((task) => routingTaskChange(this.account.accountId, task, agentId)),
      },
    });
  }

  #index(conversation: Conversation): void {
    this.#consumers.add(conversation.consumerId);
    for (const dialog of conversation.dialogs) {
      if (dialog.dialogId !== conversation.id) this.#dialogs.set(dialog.dialogId, conversation.id);
    }
  }

  #conversationChanged(conversation: Conversation): void {
    this.#index(conversation);
    if (this.#exSubscribers.size === 0) return;
    let result: UMSExConversationChangeResult | undefined;
    const build = () => {
      result ??= exConversationResult(conversation);
      return result;
    };
    for (const connection of this.#exSubscribers) {
      for (const subscription of connection.exSubscriptions.values()) {
        const changes = subscription.changesFor(conversation, build);
        if (changes.length === 0) continue;
        this.deliver(connection, {
          kind: 'notification',
          type: umsNotificationTypes.exConversationChange,
          body: { subscriptionId: subscription.subscriptionId, changes },
        });
      }
    }
  }

  /** OnlineEventDistribution to every socket of every active agent participant (ums.md §8.2). */
  #distribute(conversation: Conversation, event: StoredEvent): void {
    const agents = new Set<string>();
    for (const participant of conversation.participants) {
      if (participant.role !== 'CONSUMER' && participant.state === 'ACTIVE') {
        agents.add(participant.id);
      }
    }
    for (const agentId of agents) {
      for (const connection of this.#byAgent.get(agentId) ?? []) {
        this.deliver(connection, {
          kind: 'notification',
          type: umsNotificationTypes.onlineEventDistribution,
          body: event,
        });
      }
    }
  }

  /** RoutingTaskNotification to the rung agent's sockets that subscribed to routing tasks. */
  #ringChanged(task: RoutingTask, ring: Ring): void {
    for (const connection of this.#byAgent.get(ring.agentId) ?? []) {
      const subscriptionId = connection.routingSubscriptionId;
      if (subscriptionId === undefined) continue;
      this.deliver(connection, {
        kind: 'notification',
        type: umsNotificationTypes.routingTask,
        body: {
          subscriptionId,
          changes: [routingTaskChange(this.account.accountId, task, ring.agentId)],
        },
      });
    }
  }
}

function agentStateNotification(subscriptionId: string, agent: Agent): UmsNotificationFrame {
  const body: UMSAgentStateNotificationBody = {
    subscriptionId,
    changes: [
      {
        type: 'UPSERT',
        result: {
          agentUserId: agent.oldId,
          channels: ['MESSAGING'],
          availability: agent.availability,
          description: '',
        },
      },
    ],
  };
  return { kind: 'notification', type: umsNotificationTypes.agentState, body };
}
