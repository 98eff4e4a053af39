import { setTimeout as delay } from 'node:timers/promises';
import {
  calledByEngine,
  type EngineTarget,
  type EventOutcome,
  type LatencyStats,
  latencyStats,
  type RunContext,
  scenarioKey,
  startCandidateBot,
  startSaturationGuard,
  sweepSentences,
} from '../../harness/index.ts';
import {
  type BotLogEntry,
  type ConversationStore,
  defaultMaxOpenConversations,
  engineDefaults,
  exchangeEvidence,
  type TpbBot,
} from '../../mocks/index.ts';
import type { Evidence } from '../../schemas/index.ts';

/** The cap under test: LivePerson's 999 open conversations per bot (tpb-platform.md §11). */
export const conversationCap = defaultMaxOpenConversations;

/** The recommended load per bot, where LIMIT-05 measures (tpb-platform.md §11). */
export const recommendedLoad = 250;

/**
 * Where an event happened: the first 250 conversations opened at once, the rest up to 999,
 * conversation #1000 (which must never reach the candidate), one more event in each of the 999
 * while #1000 is escalated, and a new conversation after one of them closed.
 */
export type Phase = 'open-250' | 'open-999' | 'over-limit' | 'while-over-limit' | 'after-close';

/** One event handed (or to be handed) to the candidate, and what came of it. */
export interface LimitEvent {
  conversationId: string;
  phase: Phase;
  outcome: EventOutcome;
  /** From the engine handing the event over to the candidate's answer (or the escalation). */
  latencyMs?: number;
  /** The escalation code, for an error or a timeout. */
  code?: string;
  detail?: string;
  errorId?: string;
  at?: string;
}

export interface LimitScenario {
  started: boolean;
  /**
   * How late the harness's own event loop ran during the scenario (p99, ms). Past
   * `saturationLagMs` the harness, not the candidate, set the pace: latencies and timeouts
   * measured then are not the candidate's (decision 0015).
   */
  loopLagP99Ms: number;
  startDetail: string;
  startEvidence: Evidence[];
  /** The platform's timeout for one answer: 60 s for a Custom Endpoint, 30 s for a function. */
  platformTimeoutMs: number;
  /** What the consumer said to open each conversation, and once more while #1000 was escalated. */
  texts: { open: string; again: string };
  events: LimitEvent[];
  /** Conversations the bot still served (open, assigned to it) when #1000 was opened. */
  openWhenOver: number;
  /** Conversation #1000. */
  over?: {
    conversationId: string;
    codes: string[];
    errorId?: string;
    at?: string;
    /** Engine log entries of it that are calls to the candidate (events handed, HTTP exchanges). */
    calls: number;
    skill: string;
  };
  /** The conversation opened after one of the 999 closed. */
  afterClose?: { closed: string; conversationId: string; codes: string[] };
  at250: LatencyStats;
  at999: LatencyStats;
  /** Exchanges of the first few failed events, for evidence. */
  failureEvidence: Evidence[];
  durationMs: number;
}

const limitScenarioKey = scenarioKey<Promise<LimitScenario>>('LIMIT scenario');

/**
 * The LIMIT scenario, run once per run and shared by the LIMIT checks: it is the most expensive
 * part of a run (about 2,000 events).
 */
export function limitScenario(context: RunContext): Promise<LimitScenario> {
  return context.scenarios.once(limitScenarioKey, () => runLimitScenario(context));
}

interface Pending {
  event: LimitEvent;
  startedAt: number;
}

/** Follows the bot's log: one record per event handed to the candidate, with its latency. */
class EventTracker {
  phase: Phase = 'open-250';
  readonly events: LimitEvent[] = [];
  readonly handed = new Map<string, number>();
  readonly escalated = new Set<string>();
  readonly #pending = new Map<string, Pending>();

  constructor(readonly platformTimeoutMs: number) {}

  readonly onEntry = (entry: BotLogEntry): void => {
    const id = entry.conversationId;
    if (!id) return;
    const now = performance.now();
    if (entry.kind === 'vendor-event') {
      const event: LimitEvent = { conversationId: id, phase: this.phase, outcome: 'unanswered' };
      this.events.push(event);
      this.#pending.set(id, { event, startedAt: now });
      this.handed.set(id, (this.handed.get(id) ?? 0) + 1);
    } else if (entry.kind === 'vendor-reply') {
      const pending = this.#pending.get(id);
      if (!pending) return;
      pending.event.latencyMs = now - pending.startedAt;
      pending.event.outcome =
        pending.event.latencyMs > this.platformTimeoutMs ? 'timeout' : entry.ok ? 'ok' : 'error';
    } else if (entry.kind === 'escalation') {
      this.escalated.add(id);
      const pending = this.#pending.get(id);
      // Escalated without an event: the bot was in Vendor Interruption.
      const event = pending?.event ?? {
        conversationId: id,
        phase: this.phase,
        outcome: 'error' as const,
      };
      if (!pending) this.events.push(event);
      if (pending && event.latencyMs === undefined) event.latencyMs = now - pending.startedAt;
      event.outcome = isTimeout(entry.code, entry.detail) ? 'timeout' : 'error';
      event.code = entry.code;
      event.detail = entry.detail;
      event.at = entry.at;
      if (entry.errorId) event.errorId = entry.errorId;
      this.#pending.delete(id);
    }
  };
}

function isTimeout(code: string, detail: string): boolean {
  return code.endsWith('.timeout') || /did not call back within|timeout/i.test(detail);
}

/**
 * Resolves once every conversation got `expected` events handed to the bot, or left it (escalated,
 * closed, error recorded), or after `limitMs`.
 */
function waitForEvents(
  bot: TpbBot,
  store: ConversationStore,
  tracker: EventTracker,
  ids: readonly string[],
  expected: number,
  limitMs: number,
): Promise<void> {
  const settled = (id: string) => {
    const conversation = store.get(id);
    return (
      (tracker.handed.get(id) ?? 0) >= expected ||
      tracker.escalated.has(id) ||
      !conversation ||
      conversation.state !== 'OPEN' ||
      conversation.errors.length > 0
    );
  };
  const remaining = new Set(ids.filter((id) => !settled(id)));
  if (remaining.size === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const look = (id: string | undefined) => {
      if (id === undefined || !remaining.has(id) || !settled(id)) return;
      remaining.delete(id);
      if (remaining.size === 0) finish();
    };
    const onEntry = (entry: BotLogEntry) => look(entry.conversationId);
    const onChange = (conversation: { id: string }) => look(conversation.id);
    const timer = setTimeout(finish, limitMs);
    timer.unref();
    function finish() {
      clearTimeout(timer);
      bot.log.off('entry', onEntry);
      store.off('change', onChange);
      resolve();
    }
    bot.log.on('entry', onEntry);
    store.on('change', onChange);
  });
}

async function runLimitScenario(context: RunContext): Promise<LimitScenario> {
  const guard = startSaturationGuard();
  try {
    const scenario = await runScenario(context);
    return { ...scenario, loopLagP99Ms: guard.stop().loopLagP99Ms };
  } catch (error) {
    guard.stop();
    throw error;
  }
}

/** The platform's timeout of one call, for each kind the engine calls. */
const platformTimeouts: Record<EngineTarget['kind'], number> = {
  'custom-endpoint': engineDefaults.requestTimeoutMs,
  faas: engineDefaults.faasTimeoutMs,
};

async function runScenario(context: RunContext): Promise<Omit<LimitScenario, 'loopLagP99Ms'>> {
  const began = performance.now();
  const platformTimeoutMs = platformTimeouts[calledByEngine(context).kind];
  const texts = {
    open: context.utterances.fallback ?? (sweepSentences[0] as string),
    again: sweepSentences[1] as string,
  };
  const skill = 'tpb-conformance-limit';
  const { consumer } = context.cloud;
  const store = context.cloud.account.conversations;
  const { bot, ok, detail } = await startCandidateBot(context, skill);
  const startEvidence = bot.log.entries.flatMap((entry) =>
    entry.kind === 'vendor-call' ? [exchangeEvidence(entry.exchange)] : [],
  );
  const empty = latencyStats([]);
  if (!ok) {
    await bot.stop();
    return {
      started: false,
      startDetail: detail,
      startEvidence,
      platformTimeoutMs,
      texts,
      events: [],
      openWhenOver: 0,
      at250: empty,
      at999: empty,
      failureEvidence: [],
      durationMs: performance.now() - began,
    };
  }
  const tracker = new EventTracker(platformTimeoutMs);
  bot.log.on('entry', tracker.onEntry);
  // Three attempts for the PUT and for the POST, then escalation, and slack for 1,000 at once.
  const limitMs = context.timeoutMs * 6 + 30_000;
  const open = (count: number) =>
    Array.from(
      { length: count },
      () => consumer.open({ skill, channel: 'messaging', text: texts.open }).conversationId,
    );
  const phase = async (name: Phase, ids: readonly string[], expected: number) => {
    await waitForEvents(bot, store, tracker, ids, expected, limitMs);
    // The replies are answered; their delivery may go on (10,000 messages each), for a bounded time.
    await Promise.race([bot.idle(), delay(limitMs, undefined, { ref: false })]);
    // Whatever never reached the candidate counts, with the code the platform recorded, if any.
    for (const id of ids) {
      if (tracker.events.some((event) => event.conversationId === id && event.phase === name))
        continue;
      const error = store.get(id)?.errors[0];
      tracker.events.push({
        conversationId: id,
        phase: name,
        outcome: error ? 'error' : 'unanswered',
        ...(error
          ? {
              code: error.code,
              errorId: error.errorId,
              at: new Date(error.at).toISOString(),
              ...(error.detail ? { detail: error.detail } : {}),
            }
          : {}),
      });
    }
  };
  try {
    const first = open(recommendedLoad);
    await phase('open-250', first, 1);
    tracker.phase = 'open-999';
    const rest = open(conversationCap - recommendedLoad);
    await phase('open-999', rest, 1);
    const all = [...first, ...rest];

    const botId = bot.ums?.identity.oldId ?? '';
    const openWhenOver = store.openConversationsOf(botId);
    tracker.phase = 'over-limit';
    const [overId] = open(1) as [string];
    await waitForEvents(bot, store, tracker, [overId], 1, limitMs);
    const overTranscript = consumer.transcript(overId);
    const overCalls = bot.log.entries.filter(
      (entry) =>
        entry.conversationId === overId &&
        (entry.kind === 'vendor-event' || entry.kind === 'vendor-call'),
    ).length;

    tracker.phase = 'while-over-limit';
    const served = all.filter(
      (id) => store.get(id)?.state === 'OPEN' && !tracker.escalated.has(id),
    );
    for (const id of served) consumer.sendText(id, texts.again);
    await phase('while-over-limit', served, 2);
    // Conversations that could not take a second event count as failed events of this phase.
    for (const id of all.filter((candidate) => !served.includes(candidate))) {
      const earlier = tracker.events.find(
        (event) => event.conversationId === id && event.outcome !== 'ok',
      );
      const why = earlier?.detail ?? earlier?.code;
      tracker.events.push({
        conversationId: id,
        phase: 'while-over-limit',
        outcome: 'error',
        detail: `the conversation was no longer served by the bot${why ? ` (${why})` : ''}`,
      });
    }

    tracker.phase = 'after-close';
    const closed = served[0] ?? (first[0] as string);
    if (store.get(closed)?.state === 'OPEN') consumer.close(closed);
    const [nextId] = open(1) as [string];
    await phase('after-close', [nextId], 1);

    const failures = tracker.events.filter((event) => event.outcome !== 'ok').slice(0, 3);
    const failureEvidence = failures.flatMap((event) =>
      bot.log
        .forConversation(event.conversationId)
        .flatMap((entry) =>
          entry.kind === 'vendor-call' ? [exchangeEvidence(entry.exchange)] : [],
        )
        .slice(-3),
    );
    const overError = overTranscript.errors[0];
    return {
      started: true,
      startDetail: detail,
      startEvidence,
      platformTimeoutMs,
      texts,
      events: tracker.events,
      openWhenOver,
      over: {
        conversationId: overId,
        codes: overTranscript.errors.map((error) => error.code),
        ...(overError ? { errorId: overError.errorId, at: overError.at } : {}),
        calls: overCalls,
        skill: overTranscript.skill,
      },
      afterClose: {
        closed,
        conversationId: nextId,
        codes: consumer.transcript(nextId).errors.map((error) => error.code),
      },
      at250: latencyStats(tracker.events.filter((event) => event.phase === 'open-250')),
      at999: latencyStats(tracker.events.filter((event) => event.phase === 'while-over-limit')),
      failureEvidence,
      durationMs: performance.now() - began,
    };
  } finally {
    bot.log.off('entry', tracker.onEntry);
    await bot.stop();
  }
}
