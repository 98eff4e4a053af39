import {
  type BotLogEntry,
  exchangeEvidence,
  type TpbBot,
  type VendorExchange,
} from '../../mocks/index.ts';
import type { ControlTranscriptEvent, EscalationEvidence, Evidence } from '../../schemas/index.ts';
import type { RunContext } from '../runner/run-context.ts';
import { waitUntil } from './wait-until.ts';

export type LogEntryOf<K extends BotLogEntry['kind']> = Extract<BotLogEntry, { kind: K }>;

/** One event the engine handed to the candidate, and everything the engine did about it. */
export interface Turn {
  /** The vendor event (text, welcome, rich-content, file), or `none` for what came before one. */
  event: string;
  text?: string;
  entries: BotLogEntry[];
  exchanges: VendorExchange[];
  /** The candidate's reply as it came, when one came. */
  reply?: LogEntryOf<'vendor-reply'>;
  /** The engine's verdict on the parsed reply. */
  verified?: LogEntryOf<'reply'>;
  actions: LogEntryOf<'action'>[];
  escalation?: LogEntryOf<'escalation'>;
  /** Events the bot published (PublishEvent without an error), in order. */
  published: LogEntryOf<'ums'>[];
}

/** Splits a conversation's bot log into turns, one per vendor event. */
export function turnsOf(log: readonly BotLogEntry[]): Turn[] {
  const turns: Turn[] = [];
  let current: Turn | undefined;
  const open = (event: string, text?: string): Turn => {
    const turn: Turn = {
      event,
      ...(text !== undefined ? { text } : {}),
      entries: [],
      exchanges: [],
      actions: [],
      published: [],
    };
    turns.push(turn);
    return turn;
  };
  for (const entry of log) {
    if (entry.kind === 'vendor-event') current = open(entry.event, entry.text);
    current ??= open('none');
    current.entries.push(entry);
    if (entry.kind === 'vendor-call') current.exchanges.push(entry.exchange);
    else if (entry.kind === 'vendor-reply') current.reply = entry;
    else if (entry.kind === 'reply') current.verified = entry;
    else if (entry.kind === 'action') current.actions.push(entry);
    else if (entry.kind === 'escalation') current.escalation = entry;
    else if (entry.kind === 'ums' && entry.type === '.ams.ms.PublishEvent' && !entry.error)
      current.published.push(entry);
  }
  return turns;
}

/** What a PublishEvent entry carried. */
export interface PublishedEvent {
  type: string;
  message?: unknown;
  content?: unknown;
  audience: 'ALL' | 'AGENTS_AND_MANAGERS';
}

export function publishedEvent(entry: LogEntryOf<'ums'>): PublishedEvent {
  const body = (entry.body ?? {}) as {
    event?: { type?: string; message?: unknown; content?: unknown };
    messageAudience?: string;
  };
  return {
    type: body.event?.type ?? '',
    ...(body.event?.message !== undefined ? { message: body.event.message } : {}),
    ...(body.event?.content !== undefined ? { content: body.event.content } : {}),
    audience: body.messageAudience === 'AGENTS_AND_MANAGERS' ? 'AGENTS_AND_MANAGERS' : 'ALL',
  };
}

/** Text or rich content the consumer sees (not a typing indicator, not a private note). */
export function isConsumerVisible(event: PublishedEvent): boolean {
  return (
    event.audience === 'ALL' && (event.type === 'ContentEvent' || event.type === 'RichContentEvent')
  );
}

/** A bot message of a transcript, as a key to compare with what the engine published. */
export function transcriptKey(event: ControlTranscriptEvent): string {
  return `${event.type}|${event.audience ?? 'ALL'}|${JSON.stringify(event.message ?? event.content ?? null)}`;
}

export function publishedKey(event: PublishedEvent): string {
  return `${event.type}|${event.audience}|${JSON.stringify(event.message ?? event.content ?? null)}`;
}

/** Whether a transcript event is a message the bot published (text or rich content). */
export function isBotMessage(event: ControlTranscriptEvent): boolean {
  return (
    event.from === 'bot' && (event.type === 'ContentEvent' || event.type === 'RichContentEvent')
  );
}

export function escalationEvidence(
  conversationId: string,
  entry: LogEntryOf<'escalation'>,
): EscalationEvidence {
  return {
    kind: 'escalation',
    conversationId,
    code: entry.code,
    errorId: entry.errorId ?? '(not recorded on the conversation)',
    at: entry.at,
    detail: entry.detail,
  };
}

/** The HTTP exchanges of a turn as evidence (none for an in-process function). */
export function turnEvidence(turn: Turn): Evidence[] {
  return turn.exchanges.map((exchange) => exchangeEvidence(exchange));
}

/** How long a scenario waits for the engine: three attempts per request, and some slack. */
export function scenarioLimitMs(context: RunContext): number {
  return context.timeoutMs * 3 + 15_000;
}

/**
 * Waits until the bot handed `count` events of the conversation to the candidate (or the
 * conversation ended for the bot) and dealt with them. False when that did not happen in time.
 */
export async function settleConversation(
  bot: TpbBot,
  conversationId: string,
  count: number,
  limitMs: number,
): Promise<boolean> {
  let handed = 0;
  for (const entry of bot.log.entries)
    if (entry.conversationId === conversationId && entry.kind === 'vendor-event') handed += 1;
  const counter = (entry: BotLogEntry) => {
    if (entry.conversationId === conversationId && entry.kind === 'vendor-event') handed += 1;
  };
  bot.log.on('entry', counter);
  try {
    const done = await waitUntil(
      [[bot.log, 'entry']],
      () =>
        handed >= count ||
        bot.runners.get(conversationId)?.ended === true ||
        bot.log.entries.some(
          (entry) => entry.conversationId === conversationId && entry.kind === 'escalation',
        ),
      limitMs,
    );
    await bot.runners.get(conversationId)?.idle();
    return done === true;
  } finally {
    bot.log.off('entry', counter);
  }
}
