import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { AccountDirectory, Agent } from './account-directory.ts';
import type { Clock, ClockTimer } from './clock.ts';
import { assignedAgent, type Conversation } from './conversation.ts';
import { ConversationError } from './conversation-error.ts';
import type { ConversationStore } from './conversation-store.ts';
import { maxConversationLimitReached } from './error-codes.ts';

export type RingState =
  | 'WAITING'
  | 'ACCEPTED'
  | 'AUTO_ACCEPT'
  | 'CANCELLED'
  | 'EXPIRED'
  | 'REJECTED';

export interface Ring {
  ringId: string;
  /** The agent rung, by old id. */
  agentId: string;
  ringState: RingState;
  ringExpiration: number;
  ringExpirationTs: number;
  weight: number;
  timer?: ClockTimer;
}

/** A conversation waiting for an agent, and the rings it has made. */
export interface RoutingTask {
  routingTaskId: string;
  conversationId: string;
  consumerId: string;
  skillId: string;
  taskCompleted: boolean;
  /** A transfer to a specific agent (SUGGEST) rings that agent first. */
  suggestedAgentId?: string;
  rings: Ring[];
}

export interface RoutingEvents {
  /** A ring was created or changed state: notify the rung agent. */
  ring: [task: RoutingTask, ring: Ring];
}

export interface RoutingOptions {
  /** How long a ring waits for UpdateRingState (ums.md §8.4 example: 72 s). */
  ringExpirationMs?: number;
  /** Whether an agent can take rings now (it has a socket subscribed to routing tasks). */
  canReceiveRings: (agent: Agent) => boolean;
}

/**
 * Routes open conversations without an assigned agent to ONLINE agents of their skill, one ring at
 * a time, least-loaded first. A bot already at its open-conversation limit does not get the ring:
 * when no other agent can take it, the conversation is error-escalated to the bot's default
 * escalation skill with LivePerson's limit error code (tpb-platform.md §11).
 */
export class Routing extends EventEmitter<RoutingEvents> {
  readonly tasks = new Map<string, RoutingTask>();
  readonly #ringExpirationMs: number;
  readonly #overLimit = new Set<string>();

  constructor(
    readonly directory: AccountDirectory,
    readonly store: ConversationStore,
    readonly clock: Clock,
    readonly options: RoutingOptions,
  ) {
    super();
    this.setMaxListeners(0);
    this.#ringExpirationMs = options.ringExpirationMs ?? 72_000;
    store.on('change', (conversation) => this.reconcile(conversation));
  }

  /** Brings the conversation's routing task in line with its state, and offers it if it waits. */
  reconcile(conversation: Conversation): void {
    const task = this.tasks.get(conversation.id);
    if (conversation.state !== 'OPEN' || assignedAgent(conversation)) {
      if (task) this.#finish(task, conversation.state === 'OPEN');
      return;
    }
    const suggested = conversation.participants.find(
      (participant) => participant.role === 'ASSIGNED_AGENT' && participant.state === 'SUGGESTED',
    );
    if (!task) {
      this.tasks.set(conversation.id, {
        routingTaskId: randomUUID(),
        conversationId: conversation.id,
        consumerId: conversation.consumerId,
        skillId: conversation.skillId,
        taskCompleted: false,
        ...(suggested ? { suggestedAgentId: suggested.id } : {}),
        rings: [],
      });
    } else if (task.skillId !== conversation.skillId) {
      // Transferred while waiting: old rings no longer apply.
      task.skillId = conversation.skillId;
      for (const ring of task.rings)
        if (ring.ringState === 'WAITING') this.#setState(task, ring, 'CANCELLED');
    }
    this.#offer(conversation);
  }

  /** Offers every waiting conversation again (an agent came online or subscribed). */
  offerAll(): void {
    for (const task of [...this.tasks.values()]) {
      const conversation = this.store.get(task.conversationId);
      if (conversation) this.#offer(conversation);
    }
  }

  /** UpdateRingState from an agent. */
  updateRing(agent: Agent, ringId: string, ringState: 'ACCEPTED' | 'REJECTED'): void {
    for (const task of this.tasks.values()) {
      const ring = task.rings.find((candidate) => candidate.ringId === ringId);
      if (!ring) continue;
      if (ring.agentId !== agent.oldId)
        throw new ConversationError(403, `Ring ${ringId} was not offered to ${agent.oldId}`);
      if (ring.ringState !== 'WAITING')
        throw new ConversationError(400, `Ring ${ringId} is ${ring.ringState}, not WAITING`);
      const conversation = this.store.require(task.conversationId);
      this.#setState(task, ring, ringState);
      if (ringState === 'ACCEPTED') {
        task.taskCompleted = true;
        this.tasks.delete(task.conversationId);
        this.store.addParticipant(conversation, {
          id: agent.oldId,
          pid: agent.pid,
          role: 'ASSIGNED_AGENT',
          state: 'ACTIVE',
        });
      } else {
        this.#offer(conversation);
      }
      return;
    }
    throw new ConversationError(404, `Ring ${ringId} not found`);
  }

  /** Rings held by an agent right now (they count towards its load). */
  waitingRingsOf(agentOldId: string): number {
    let count = 0;
    for (const task of this.tasks.values()) {
      for (const ring of task.rings)
        if (ring.agentId === agentOldId && ring.ringState === 'WAITING') count += 1;
    }
    return count;
  }

  load(agent: Agent): number {
    return this.store.openConversationsOf(agent.oldId) + this.waitingRingsOf(agent.oldId);
  }

  #offer(conversation: Conversation): void {
    const task = this.tasks.get(conversation.id);
    if (!task || task.rings.some((ring) => ring.ringState === 'WAITING')) return;
    // A rejecting agent is not rung again for this task; one that let a ring expire is, but only
    // when nobody else can take the conversation.
    const stateOf = (state: RingState) =>
      new Set(task.rings.filter((ring) => ring.ringState === state).map((ring) => ring.agentId));
    const rejected = stateOf('REJECTED');
    const expired = stateOf('EXPIRED');
    const suggested = task.suggestedAgentId
      ? this.directory.agentById(task.suggestedAgentId)
      : undefined;
    // Transfer to an agent falls back to any agent of the skill when that agent cannot take it.
    const suggestionLive =
      suggested &&
      suggested.availability === 'ONLINE' &&
      this.options.canReceiveRings(suggested) &&
      !rejected.has(suggested.oldId) &&
      !expired.has(suggested.oldId);
    const eligible = [...this.directory.agents.values()].filter(
      (agent) =>
        agent.availability === 'ONLINE' &&
        this.options.canReceiveRings(agent) &&
        !rejected.has(agent.oldId) &&
        (suggestionLive ? agent === suggested : agent.skillIds.includes(task.skillId)),
    );
    const fresh = eligible.filter((agent) => !expired.has(agent.oldId));
    const candidates = fresh.length > 0 ? fresh : eligible;
    const withRoom = candidates
      .map((agent) => ({ agent, load: this.load(agent) }))
      .filter((entry) => entry.load < entry.agent.maxOpenConversations)
      .sort((a, b) => a.load - b.load);
    const chosen = withRoom[0]?.agent;
    if (chosen) {
      this.#ring(task, chosen);
      return;
    }
    const fullBot = candidates.find((agent) => agent.isBot);
    if (fullBot) this.#escalateOverLimit(conversation, task, fullBot);
  }

  #escalateOverLimit(conversation: Conversation, task: RoutingTask, bot: Agent): void {
    // Once per conversation and skill: the escalation itself changes the conversation, which
    // routes it again, and a bot serving its own escalation skill would be full there too.
    const key = `${conversation.id} ${task.skillId}`;
    if (this.#overLimit.has(key)) return;
    this.#overLimit.add(key);
    this.store.recordError(
      conversation,
      maxConversationLimitReached,
      `bot ${bot.loginName} already has ${bot.maxOpenConversations} open conversations`,
    );
    // The bot's own error handling, as Third-Party Bots applies it (tpb-platform.md §7.2).
    const messages = bot.escalationMessages ?? {};
    const originator = {
      id: bot.oldId,
      pid: bot.pid,
      role: 'ASSIGNED_AGENT' as const,
      state: 'ACTIVE' as const,
    };
    const say = (message: string | undefined, private_: boolean) => {
      if (!message) return;
      this.store.publish(conversation.id, {
        originator,
        event: { type: 'ContentEvent', contentType: 'text/plain', message },
        ...(private_ ? { messageAudience: 'AGENTS_AND_MANAGERS' as const } : {}),
      });
    };
    say(messages.customerMessage, false);
    say(messages.agentMessage, true);
    if (bot.escalationSkillId && bot.escalationSkillId !== conversation.skillId) {
      this.store.setSkill(conversation, bot.escalationSkillId);
    } else {
      say(messages.failureMessage, false);
    }
  }

  #ring(task: RoutingTask, agent: Agent): void {
    const now = this.clock.now();
    const ring: Ring = {
      ringId: `${task.conversationId}_${this.store.accountId}_${now}_${task.rings.length}`,
      agentId: agent.oldId,
      ringState: 'WAITING',
      ringExpiration: this.#ringExpirationMs,
      ringExpirationTs: now + this.#ringExpirationMs,
      weight: 1,
    };
    ring.timer = this.clock.setTimeout(() => {
      if (ring.ringState !== 'WAITING') return;
      this.#setState(task, ring, 'EXPIRED');
      const conversation = this.store.get(task.conversationId);
      if (conversation) this.#offer(conversation);
    }, this.#ringExpirationMs);
    task.rings.push(ring);
    this.emit('ring', task, ring);
  }

  #setState(task: RoutingTask, ring: Ring, state: RingState): void {
    ring.ringState = state;
    if (ring.timer) this.clock.clearTimeout(ring.timer);
    delete ring.timer;
    this.emit('ring', task, ring);
  }

  #finish(task: RoutingTask, assigned: boolean): void {
    this.tasks.delete(task.conversationId);
    task.taskCompleted = assigned;
    for (const ring of task.rings)
      if (ring.ringState === 'WAITING') this.#setState(task, ring, 'CANCELLED');
  }
}
