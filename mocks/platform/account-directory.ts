import { randomUUID } from 'node:crypto';

/** A skill of the account: the platform routes conversations by skill id; bots transfer by name. */
export interface Skill {
  /** Numeric string, as UMS carries it (`skillId`). */
  id: string;
  /** Case-sensitive, as Third-Party Bots resolves it. */
  name: string;
}

export type Availability = 'ONLINE' | 'OCCUPIED' | 'AWAY' | 'BACK_SOON' | 'OFFLINE';

/** An agent user (human or bot) of the account, with the two ids UMS uses for it. */
export interface Agent {
  /** Login `config.userId`, numeric string. */
  userId: string;
  /** Participant id (`config.userPid`), a UUID: what notifications call PId. */
  pid: string;
  /** `{accountId}.{userId}`: what requests and `participants` carry. */
  oldId: string;
  loginName: string;
  password: string;
  /** OAuth 1 API-key credentials, for the API-key login body. */
  apiKey: { appKey: string; secret: string; accessToken: string; accessTokenSecret: string };
  /** Skill ids the agent takes conversations from. */
  skillIds: string[];
  isBot: boolean;
  /** Open conversations routed to this agent at most; past it a bot's conversation is error-escalated. */
  maxOpenConversations: number;
  /** Skill id a bot escalates to (its "default escalation skill"), if it has one. */
  escalationSkillId?: string;
  /** A bot's error-handling messages, as the Third-Party Bots wizard sets them. */
  escalationMessages?: EscalationMessages;
  availability: Availability;
}

/** Transfer message to customer, to agent, and the transfer failure message (tpb-platform.md §7.1). */
export interface EscalationMessages {
  customerMessage?: string;
  agentMessage?: string;
  failureMessage?: string;
}

/** An App Installation: the client credentials Sentinel issues tokens for. */
export interface AppInstallation {
  clientId: string;
  clientSecret: string;
  scope: string;
}

export interface AddAgentOptions {
  loginName: string;
  /** A fixed user id (a candidate that transfers to a known agent); default the next free one. */
  userId?: string;
  password?: string;
  skills?: string[];
  isBot?: boolean;
  maxOpenConversations?: number;
  escalationSkill?: string;
  escalationMessages?: EscalationMessages;
}

/** The platform's default limit of open conversations per bot (tpb-platform.md §11). */
export const defaultMaxOpenConversations = 999;

/**
 * Skills, agents and app installations of one mock account.
 * Ids are deterministic per account (skills from 1000001, users from 2000001).
 */
export class AccountDirectory {
  readonly skills = new Map<string, Skill>();
  readonly agents = new Map<string, Agent>();
  readonly apps = new Map<string, AppInstallation>();
  #nextSkillId = 1_000_001;
  #nextUserId = 2_000_001;

  constructor(readonly accountId: string) {}

  /** Adds a skill (or returns the existing one of that exact name). */
  addSkill(name: string): Skill {
    const existing = this.skillByName(name);
    if (existing) return existing;
    const skill = { id: String(this.#nextSkillId++), name };
    this.skills.set(skill.id, skill);
    return skill;
  }

  /** Case-sensitive lookup, as the Third-Party Bots transfer action does it. */
  skillByName(name: string): Skill | undefined {
    for (const skill of this.skills.values()) if (skill.name === name) return skill;
    return undefined;
  }

  addAgent(options: AddAgentOptions): Agent {
    if (this.agentByLoginName(options.loginName)) {
      throw new Error(`Failed to add agent: login name "${options.loginName}" is taken.`);
    }
    if (options.userId !== undefined && this.agents.has(options.userId)) {
      throw new Error(`Failed to add agent: user id "${options.userId}" is taken.`);
    }
    const userId = options.userId ?? String(this.#nextUserId++);
    const escalation = options.escalationSkill ? this.addSkill(options.escalationSkill) : undefined;
    const agent: Agent = {
      userId,
      pid: randomUUID(),
      oldId: `${this.accountId}.${userId}`,
      loginName: options.loginName,
      password: options.password ?? randomUUID(),
      apiKey: {
        appKey: randomUUID().replaceAll('-', ''),
        secret: randomUUID().replaceAll('-', ''),
        accessToken: randomUUID().replaceAll('-', ''),
        accessTokenSecret: randomUUID().replaceAll('-', ''),
      },
      skillIds: (options.skills ?? []).map((name) => this.addSkill(name).id),
      isBot: options.isBot ?? false,
      maxOpenConversations:
        options.maxOpenConversations ?? (options.isBot ? defaultMaxOpenConversations : 10),
      ...(escalation ? { escalationSkillId: escalation.id } : {}),
      ...(options.escalationMessages ? { escalationMessages: options.escalationMessages } : {}),
      availability: 'OFFLINE',
    };
    this.agents.set(userId, agent);
    return agent;
  }

  agentByLoginName(loginName: string): Agent | undefined {
    for (const agent of this.agents.values()) if (agent.loginName === loginName) return agent;
    return undefined;
  }

  /** Finds an agent by old id (`account.userId`), bare user id or PId. */
  agentById(id: string): Agent | undefined {
    const userId = id.startsWith(`${this.accountId}.`) ? id.slice(this.accountId.length + 1) : id;
    const byUserId = this.agents.get(userId);
    if (byUserId) return byUserId;
    for (const agent of this.agents.values()) if (agent.pid === id) return agent;
    return undefined;
  }

  addApp(options: Partial<AppInstallation> = {}): AppInstallation {
    const app = {
      clientId: options.clientId ?? randomUUID(),
      clientSecret: options.clientSecret ?? randomUUID(),
      scope: options.scope ?? 'thirdpartybots.customendpoint.bot',
    };
    this.apps.set(app.clientId, app);
    return app;
  }
}
