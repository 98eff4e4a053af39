import { EventEmitter } from 'node:events';
import type { VendorExchange } from '../http/vendor-exchange.ts';
import { deepFreeze } from '../platform/deep-freeze.ts';
import { withLongStringsCut } from '../platform/recorded-text.ts';
import type { NeutralAction, NeutralIntent } from './neutral-reply.ts';
import type { ReplyParts } from './reply-parts.ts';

/** The lifecycle states of a Third-Party Bot (tpb-platform.md §9). */
export type BotState = 'offline' | 'online' | 'vendor-interruption' | 'service-interruption';

/** One line of a bot's ordered event log: the raw material of the suites and reports. */
export type BotLogEntry = { at: string; conversationId?: string } & (
  | { kind: 'state'; from: BotState; to: BotState; reason: string }
  | { kind: 'vendor-call'; exchange: VendorExchange }
  | { kind: 'vendor-event'; event: string; text?: string }
  /**
   * The vendor's reply as it came (Custom Endpoint body, function output), with its parts as
   * the engine read them (each value as it came, with its JSON Pointer): what the checks judge.
   */
  | {
      kind: 'vendor-reply';
      event: string;
      raw: unknown;
      parts: ReplyParts;
      ok: boolean;
      code?: string;
    }
  | {
      kind: 'reply';
      items: string[];
      action?: string;
      intent?: NeutralIntent;
      warnings: string[];
      dropped: string[];
    }
  | { kind: 'ums'; type: string; body: unknown; code?: number; error?: string }
  | {
      kind: 'action';
      action: NeutralAction;
      outcome: 'applied' | 'ignored' | 'failed';
      detail?: string;
    }
  | { kind: 'escalation'; code: string; errorId?: string; detail: string; transferred: boolean }
);

/** Distributes Omit over the members of a union. */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A bot's event log, ordered, with an event per entry. */
export class BotLog extends EventEmitter<{ entry: [entry: BotLogEntry] }> {
  readonly entries: BotLogEntry[] = [];
  /** The entries of each conversation, so that a lookup does not scan the whole log. */
  readonly #byConversation = new Map<string, BotLogEntry[]>();

  constructor(readonly now: () => number) {
    super();
    this.setMaxListeners(0);
  }

  add(entry: OmitEach<BotLogEntry, 'at'>): BotLogEntry {
    // Frozen as recorded: checks hand parts of it to libraries that may sort in place. Strings
    // past the record limit are cut, so 999 conversations of 1 MB replies stay small.
    const full = deepFreeze(
      withLongStringsCut({ at: new Date(this.now()).toISOString(), ...entry } as BotLogEntry),
    );
    this.entries.push(full);
    if (full.conversationId !== undefined) {
      const list = this.#byConversation.get(full.conversationId);
      if (list) list.push(full);
      else this.#byConversation.set(full.conversationId, [full]);
    }
    this.emit('entry', full);
    return full;
  }

  /** Whether anything was logged for the conversation. */
  has(conversationId: string): boolean {
    return this.#byConversation.has(conversationId);
  }

  forConversation(conversationId: string): BotLogEntry[] {
    return [...(this.#byConversation.get(conversationId) ?? [])];
  }
}
