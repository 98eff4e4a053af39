import { EventEmitter } from 'node:events';
import type { UMSFrameEvidence } from '../../schemas/index.ts';
import { copyOf } from '../platform/recorded-text.ts';

/** Seen from the mock: received from the connector, or sent to it (as in evidence.schema.json). */
export type TrafficDirection = 'received' | 'sent';

/**
 * One thing that crossed a UMS socket: a JSON frame, a websocket ping/pong, the upgrade (`open`,
 * with the path, bearer redacted) or the close (`code`, reason in `text`).
 */
export interface TrafficEntry {
  /** Increases by one per entry for the server's lifetime; survives trimming. */
  seq: number;
  /** Epoch ms on the server's clock. */
  at: number;
  direction: TrafficDirection;
  event: 'frame' | 'ping' | 'pong' | 'open' | 'close';
  connectionId: string;
  accountId: string;
  /** Old agent id `{accountId}.{userId}`. */
  agentId: string;
  /** Frame `kind`, when the frame is a JSON object that has one. */
  kind?: string;
  /** Frame `type`. */
  type?: string;
  /** Request `id` (received) or response `reqId` (sent). */
  id?: string;
  /** Response `code`, or the close code. */
  code?: number;
  /** The frame text (cut at the log's text limit), the upgrade path, or the close reason. */
  text?: string;
  /** Size of the whole frame in bytes. */
  bytes: number;
  truncated: boolean;
}

export interface TrafficLogEvents {
  entry: [entry: TrafficEntry];
}

export interface TrafficLogOptions {
  /** Entries kept; the oldest go first. Default 10 000. */
  limit?: number;
  /** Characters of frame text kept per entry. Default 64 KiB. */
  textLimit?: number;
  /**
   * Characters of text kept over all entries; past it the oldest entries go first, so that a
   * flood of large frames cannot grow the log to `limit × textLimit`. Default 16 Mi (32 MiB).
   */
  textBudget?: number;
}

/**
 * The bounded record of every frame in and out of the mock UMS, the harness's evidence. Listen
 * to `entry` to follow it live; `entries` holds the most recent ones.
 *
 * @example
 * server.traffic.on('entry', (entry) => { if (entry.type === '.ams.ms.PublishEvent') seen.push(entry); });
 */
export class TrafficLog extends EventEmitter<TrafficLogEvents> {
  readonly limit: number;
  readonly textLimit: number;
  readonly textBudget: number;
  #entries: TrafficEntry[] = [];
  /** Entries before this index were trimmed; dropped from the array in batches, not one by one. */
  #head = 0;
  #textChars = 0;
  #seq = 0;

  constructor(options: TrafficLogOptions = {}) {
    super();
    this.setMaxListeners(0);
    this.limit = Math.max(1, options.limit ?? 10_000);
    this.textLimit = Math.max(0, options.textLimit ?? 64 * 1024);
    this.textBudget = Math.max(this.textLimit, options.textBudget ?? 16 * 1024 * 1024);
  }

  /** The most recent entries, oldest first. */
  get entries(): readonly TrafficEntry[] {
    this.#compact();
    return this.#entries;
  }

  record(entry: Omit<TrafficEntry, 'seq' | 'truncated'> & { truncated?: boolean }): TrafficEntry {
    const { text } = entry;
    const cut = text !== undefined && text.length > this.textLimit;
    // Evidence: frozen as recorded (decision 0011); an entry holds only primitives.
    const stored: TrafficEntry = Object.freeze({
      ...entry,
      seq: ++this.#seq,
      ...(cut ? { text: copyOf(text.slice(0, this.textLimit)) } : {}),
      truncated: cut || entry.truncated === true,
    });
    this.#entries.push(stored);
    this.#textChars += stored.text?.length ?? 0;
    while (
      this.#entries.length - this.#head > this.limit ||
      (this.#textChars > this.textBudget && this.#entries.length - this.#head > 1)
    ) {
      this.#textChars -= this.#entries[this.#head]?.text?.length ?? 0;
      this.#head += 1;
    }
    if (this.#head > 4096 && this.#head * 2 > this.#entries.length) this.#compact();
    this.emit('entry', stored);
    return stored;
  }

  clear(): void {
    this.#entries = [];
    this.#head = 0;
    this.#textChars = 0;
  }

  #compact(): void {
    if (this.#head === 0) return;
    this.#entries.splice(0, this.#head);
    this.#head = 0;
  }
}

/** A frame entry as evidence (evidence.schema.json `ums`); undefined for other entries. */
export function trafficEvidence(entry: TrafficEntry): UMSFrameEvidence | undefined {
  if (entry.event !== 'frame' || entry.text === undefined) return undefined;
  let frame: unknown = entry.text;
  if (!entry.truncated) {
    try {
      frame = JSON.parse(entry.text);
    } catch {
      // Not JSON: the text itself is the evidence.
    }
  }
  return {
    kind: 'ums',
    direction: entry.direction,
    at: new Date(entry.at).toISOString(),
    connection: entry.connectionId,
    frame,
  };
}
