import type { CreateConversationRequest } from './event-body.ts';

/** Where a conversation lives: conversations are scoped per (botId, environment, convId). */
export interface ConversationKey {
  botId: string;
  environment: string;
  convId: string;
}

/** What the example remembers of a conversation: its PUT (SDES are sent only once). */
export interface StoredConversation extends CreateConversationRequest {
  createdAt: number;
}

/** Per-conversation state of the example Custom Endpoint (CE-CONV-05, CE-CONV-07). */
export class ConversationRegistry {
  readonly #conversations = new Map<string, StoredConversation>();

  get(key: ConversationKey): StoredConversation | undefined {
    return this.#conversations.get(keyOf(key));
  }

  /** Stores a new conversation; false when it already exists (the PUT then answers 409). */
  create(key: ConversationKey, request: CreateConversationRequest, now = Date.now()): boolean {
    const id = keyOf(key);
    if (this.#conversations.has(id)) return false;
    this.#conversations.set(id, { ...request, createdAt: now });
    return true;
  }

  get size(): number {
    return this.#conversations.size;
  }
}

// JSON of an array cannot collide the way joined strings can (ids may hold any character).
const keyOf = ({ botId, environment, convId }: ConversationKey): string =>
  JSON.stringify([botId, environment, convId]);
