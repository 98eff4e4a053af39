import { EventEmitter } from 'node:events';
import { deepFreeze } from '../platform/deep-freeze.ts';
import type { NeutralAction, NeutralIntent } from './neutral-reply.ts';
import type { VendorExchange } from './vendor-exchange.ts';

/** The lifecycle states of a Third-Party Bot (tpb-platform.md §9). */
export type BotState = 'offline' | 'online' | 'vendor-interruption' | 'service-interruption';

/** One line of a bot's ordered event log: the raw material of the suites and reports. */
export type BotLogEntry = { at: string; conversationId?: string } & (
  | { kind: 'state'; from: BotState; to: BotState; reason: string }
  | { kind: 'vendor-call'; exchange: VendorExchange }
  | { kind: 'vendor-event'; event: string; text?: string }
  /** The vendor's reply as it came (Custom Endpoint body, function output), before parsing. */
  | { kind: 'vendor-reply'; event: string; raw: unknown; ok: boolean; code?: string }
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

  constructor(readonly now: () => number) {
    super();
    this.setMaxListeners(0);
  }

  add(entry: OmitEach<BotLogEntry, 'at'>): BotLogEntry {
    // Frozen as recorded: checks hand parts of it to libraries that may sort in place.
    const full = deepFreeze({ at: new Date(this.now()).toISOString(), ...entry } as BotLogEntry);
    this.entries.push(full);
    this.emit('entry', full);
    return full;
  }

  forConversation(conversationId: string): BotLogEntry[] {
    return this.entries.filter((entry) => entry.conversationId === conversationId);
  }
}
