import { AccountDirectory, type Agent } from './account-directory.ts';
import type { Clock } from './clock.ts';
import { ConversationStore } from './conversation-store.ts';
import { Routing } from './routing.ts';

/** One account of the mock cloud: who is there, its conversations, and how they are routed. */
export interface MockAccount {
  accountId: string;
  directory: AccountDirectory;
  conversations: ConversationStore;
  routing: Routing;
}

/** Finds an account by id; undefined for an account the mock does not host. */
export type AccountLookup = (accountId: string) => MockAccount | undefined;

export interface CreateMockAccountOptions {
  accountId: string;
  clock: Clock;
  ringExpirationMs?: number;
  /** Whether the agent can take rings now; the UMS server answers this from its sockets. */
  canReceiveRings: (agent: Agent) => boolean;
}

export function createMockAccount(options: CreateMockAccountOptions): MockAccount {
  const directory = new AccountDirectory(options.accountId);
  const conversations = new ConversationStore(options.accountId, options.clock);
  const routing = new Routing(directory, conversations, options.clock, {
    canReceiveRings: options.canReceiveRings,
    ...(options.ringExpirationMs !== undefined
      ? { ringExpirationMs: options.ringExpirationMs }
      : {}),
  });
  return { accountId: options.accountId, directory, conversations, routing };
}
