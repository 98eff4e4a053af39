import { setTimeout as delay } from 'node:timers/promises';
import {
  type BotLogEntry,
  type Conversation,
  engineDefaults,
  exchangeEvidence,
  maxConversationLimitReached,
  type StoredEvent,
} from '../../mocks/index.ts';
import type { Evidence, LoadResult } from '../../schemas/index.ts';
import type { RunContext } from '../runner/run-context.ts';
import { calledByEngine, startCandidateBot, sweepSentences } from '../runner/session.ts';
import { type EventOutcome, latencyStats } from './latency-stats.ts';
import { histogramOf, timelineOf } from './load-figures.ts';
import { type Saturation, startSaturationGuard } from './saturation-guard.ts';

export interface LoadOptions {
  conversations: number;
  turns: number;
  rampUpMs: number;
  thinkTimeMs: number;
  /** Keep playing turns in every conversation until then (after the ramp-up began). */
  durationMs?: number;
  onProgress?: (progress: LoadProgress) => void;
  signal?: AbortSignal;
}

export interface LoadProgress {
  opened: number;
  turnsDone: number;
  turnsPlanned: number;
  failed: number;
  elapsedMs: number;
}

/** One consumer turn: from the consumer's message to the first bot message the consumer got. */
export interface LoadTurn {
  conversation: number;
  conversationId: string;
  /** Milliseconds after the load began that the consumer sent it. */
  sentAtMs: number;
  latencyMs?: number;
  outcome: EventOutcome;
  /** The LivePerson code of the escalation that ended it, if one did. */
  code?: string;
  detail?: string;
}

/**
 * What a load measured: the figures report.json keeps (`LoadResult` of the report schema), and
 * what the LIMIT findings need besides: whether the bot started, every turn, the evidence of the
 * first failures, and which conversations the platform escalated for its cap.
 */
export interface LoadRun extends LoadResult {
  /** Whether the engine's bot started (Test Connection passed); nothing was played otherwise. */
  started: boolean;
  startDetail: string;
  /** Every turn, in the order sent. */
  turnLog: LoadTurn[];
  /** The exchanges of the first failed turns. */
  failureEvidence: Evidence[];
  /** The conversations escalated for the cap, and how many of them reached the candidate. */
  overCapIds: string[];
  overCapReachedCandidate: number;
}

/** The skill the load's bot serves. */
const loadSkill = 'tpb-conformance-load';

const isTimeout = (code = '', detail = '') =>
  code.endsWith('.timeout') || /did not call back within|timeout|timed out/i.test(detail);

/** A message the consumer sees from the bot: text or rich content, to everyone. */
function reachesConsumer(event: StoredEvent): boolean {
  return (
    event.originatorMetadata.role !== 'CONSUMER' &&
    event.messageAudience !== 'AGENTS_AND_MANAGERS' &&
    (event.event.type === 'ContentEvent' || event.event.type === 'RichContentEvent')
  );
}

/**
 * Plays `conversations` messaging conversations of `turns` turns each through the whole mock
 * loop (consumer -> UMS -> engine -> candidate -> back to the consumer), opened evenly over the
 * ramp-up, and measures what the consumer and the engine saw. Conversations past the platform's
 * 999 are escalated by the engine: that is measured, as on the platform. Everything is bounded by
 * the platform's timeouts, so a hung candidate cannot hang the load.
 */
export async function runLoad(context: RunContext, options: LoadOptions): Promise<LoadRun> {
  const guard = startSaturationGuard();
  let peakRssBytes = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
  }, 100);
  sampler.unref();
  const began = performance.now();
  const elapsed = () => performance.now() - began;
  const turnsPlanned = options.conversations * options.turns;
  const { bot, ok, detail } = await startCandidateBot(context, loadSkill);
  const store = context.cloud.account.conversations;
  const { consumer } = context.cloud;
  const turnLog: LoadTurn[] = [];
  const vendorEvents: { latencyMs?: number; outcome: EventOutcome }[] = [];
  let retries = 0;
  let candidateErrors = 0;
  const ids: string[] = [];
  try {
    if (!ok) return emptyResult(options, detail, guard.stop(), peakRssBytes, elapsed());
    const platformTimeoutMs =
      calledByEngine(context).kind === 'faas' ? engineDefaults.faasTimeoutMs : context.timeoutMs;
    // Waiting for one turn: every attempt timing out, the pauses between them, and slack.
    const turnLimitMs = context.timeoutMs * engineDefaults.maxAttempts + 15_000;
    const deadline =
      options.durationMs === undefined ? Number.POSITIVE_INFINITY : options.durationMs;

    // The engine's side: each handed event and its answer, retries, the candidate's errors.
    const pendingVendor = new Map<
      string,
      { startedAt: number; record: (typeof vendorEvents)[number] }
    >();
    const onEntry = (entry: BotLogEntry) => {
      const id = entry.conversationId;
      if (entry.kind === 'vendor-call') {
        if (entry.exchange.attempt > 1) retries += 1;
        const status = entry.exchange.response?.status;
        const error = entry.exchange.error;
        if ((error && !isTimeout('', error)) || (status !== undefined && status >= 400)) {
          candidateErrors += 1;
        }
      }
      if (!id) return;
      if (entry.kind === 'vendor-event') {
        const record = { outcome: 'unanswered' as EventOutcome };
        vendorEvents.push(record);
        pendingVendor.set(id, { startedAt: performance.now(), record });
      } else if (entry.kind === 'vendor-reply' || entry.kind === 'escalation') {
        const pending = pendingVendor.get(id);
        if (!pending) return;
        pendingVendor.delete(id);
        pending.record.latencyMs = performance.now() - pending.startedAt;
        if (entry.kind === 'vendor-reply') {
          pending.record.outcome = entry.ok ? 'ok' : 'error';
          if (!entry.ok) candidateErrors += 1;
        } else {
          pending.record.outcome = isTimeout(entry.code, entry.detail) ? 'timeout' : 'error';
        }
      }
    };
    bot.log.on('entry', onEntry);

    // The consumer's side: a turn ends at the first bot message after it, or when the
    // conversation is escalated, closed or errs.
    const waiting = new Map<string, { turn: LoadTurn; done: () => void }>();
    const finishTurn = (id: string, outcome: EventOutcome, extra: Partial<LoadTurn> = {}) => {
      const entry = waiting.get(id);
      if (!entry) return;
      waiting.delete(id);
      Object.assign(entry.turn, { outcome, latencyMs: elapsed() - entry.turn.sentAtMs, ...extra });
      if (outcome === 'ok' && (entry.turn.latencyMs ?? 0) > platformTimeoutMs) {
        entry.turn.outcome = 'timeout';
      }
      entry.done();
    };
    const onEvent = (conversation: Conversation, event: StoredEvent) => {
      if (waiting.has(conversation.id) && reachesConsumer(event)) finishTurn(conversation.id, 'ok');
    };
    const onChange = (conversation: Conversation) => {
      if (!waiting.has(conversation.id)) return;
      const error = conversation.errors.at(-1);
      if (error) {
        finishTurn(conversation.id, isTimeout(error.code, error.detail) ? 'timeout' : 'error', {
          code: error.code,
          ...(error.detail ? { detail: error.detail } : {}),
        });
      } else if (conversation.state !== 'OPEN' || conversation.skillId !== skillId) {
        finishTurn(conversation.id, 'error', { detail: 'the conversation left the bot' });
      }
    };
    const skillId = context.cloud.account.directory.skillByName(loadSkill)?.id;
    store.on('event', onEvent);
    store.on('change', onChange);

    let opened = 0;
    const report = () =>
      options.onProgress?.({
        opened,
        turnsDone: turnLog.filter((turn) => turn.outcome !== 'unanswered').length,
        turnsPlanned,
        failed: turnLog.filter((turn) => turn.outcome === 'error' || turn.outcome === 'timeout')
          .length,
        elapsedMs: elapsed(),
      });
    const progress = setInterval(report, 1000);
    progress.unref();

    const playTurn = (index: number, id: string | undefined, text: string) =>
      new Promise<LoadTurn>((resolve) => {
        const turn: LoadTurn = {
          conversation: index,
          conversationId: id ?? '',
          sentAtMs: elapsed(),
          outcome: 'unanswered',
        };
        turnLog.push(turn);
        const timer = setTimeout(() => finishTurnById(), turnLimitMs);
        timer.unref();
        const finishTurnById = () => {
          // Unanswered within the bound: it stays unanswered.
          waiting.delete(turn.conversationId);
          resolve(turn);
        };
        const register = (conversationId: string) => {
          turn.conversationId = conversationId;
          waiting.set(conversationId, {
            turn,
            done: () => {
              clearTimeout(timer);
              resolve(turn);
            },
          });
        };
        if (id === undefined) {
          // Messaging: the conversation is opened by the consumer's first message.
          const conversationId = consumer.open({
            skill: loadSkill,
            channel: 'messaging',
            text,
          }).conversationId;
          ids[index] = conversationId;
          register(conversationId);
          // Routing may have escalated it already (over the cap).
          const conversation = store.get(conversationId);
          if (conversation) onChange(conversation);
        } else {
          register(id);
          consumer.sendText(id, text);
        }
      });

    const playConversation = async (index: number) => {
      const startAt =
        options.conversations > 1 ? (options.rampUpMs * index) / options.conversations : 0;
      const wait = startAt - elapsed();
      if (wait > 0) await delay(wait, undefined, { signal: options.signal }).catch(() => undefined);
      if (options.signal?.aborted) return;
      opened += 1;
      let id: string | undefined;
      for (let turn = 0; ; turn++) {
        const more =
          options.durationMs === undefined
            ? turn < options.turns
            : elapsed() < deadline || turn === 0;
        if (!more || options.signal?.aborted) return;
        const text = sweepSentences[turn % sweepSentences.length] as string;
        const played = await playTurn(index, id, text);
        id = played.conversationId;
        if (played.outcome !== 'ok' || store.get(id)?.state !== 'OPEN') return;
        if (options.thinkTimeMs > 0) {
          await delay(options.thinkTimeMs, undefined, { signal: options.signal }).catch(
            () => undefined,
          );
        }
      }
    };

    await Promise.all(
      Array.from({ length: options.conversations }, (_, index) => playConversation(index)),
    );
    clearInterval(progress);
    // The engine may still be delivering replies: let it finish before stopping the bot.
    await Promise.race([bot.idle(), delay(turnLimitMs, undefined, { ref: false })]);
    report();
    bot.log.off('entry', onEntry);
    store.off('event', onEvent);
    store.off('change', onChange);

    const wallMs = elapsed();
    const done = turnLog.filter((turn) => turn.outcome === 'ok');
    const escalations: Record<string, number> = {};
    for (const id of ids) {
      for (const error of store.get(id)?.errors ?? [])
        escalations[error.code] = (escalations[error.code] ?? 0) + 1;
    }
    const failedIds = new Set(
      turnLog
        .filter((turn) => turn.outcome !== 'ok')
        .slice(0, 3)
        .map((turn) => turn.conversationId),
    );
    const failureEvidence = [...failedIds].flatMap((id) =>
      bot.log
        .forConversation(id)
        .flatMap((entry) =>
          entry.kind === 'vendor-call' ? [exchangeEvidence(entry.exchange)] : [],
        )
        .slice(-2),
    );
    const overCapIds = ids.filter((id) =>
      store.get(id)?.errors.some((error) => error.code === maxConversationLimitReached),
    );
    const reachedCandidate = overCapIds.filter((id) =>
      bot.log
        .forConversation(id)
        .some((entry) => entry.kind === 'vendor-event' || entry.kind === 'vendor-call'),
    ).length;
    const saturation = guard.stop();
    const failedTurns = turnLog.filter((turn) => turn.outcome !== 'ok').length;
    return {
      overCap: overCapIds.length,
      overCapIds,
      overCapReachedCandidate: reachedCandidate,
      turnsFailed: failedTurns,
      started: true,
      startDetail: detail,
      conversations: opened,
      turnsPlanned,
      turns: done.length,
      wallMs: Math.round(wallMs),
      turnsPerSecond: Math.round((done.length / Math.max(wallMs, 1)) * 1000 * 10) / 10,
      turnLatency: latencyStats(turnLog),
      vendorLatency: latencyStats(vendorEvents),
      timeouts: turnLog.filter((turn) => turn.outcome === 'timeout').length,
      retries,
      escalations,
      candidateErrors,
      saturation,
      timeline: timelineOf(turnLog),
      histogram: histogramOf(turnLog),
      peakRssBytes,
      turnLog,
      failureEvidence,
    };
  } finally {
    clearInterval(sampler);
    await bot.stop();
  }
}

function emptyResult(
  options: LoadOptions,
  startDetail: string,
  saturation: Saturation,
  peakRssBytes: number,
  wallMs: number,
): LoadRun {
  const none = latencyStats([]);
  return {
    started: false,
    startDetail,
    conversations: 0,
    turnsPlanned: options.conversations * options.turns,
    turns: 0,
    wallMs: Math.round(wallMs),
    turnsPerSecond: 0,
    turnLatency: none,
    vendorLatency: none,
    timeouts: 0,
    retries: 0,
    escalations: {},
    candidateErrors: 0,
    saturation,
    timeline: [],
    histogram: histogramOf([]),
    peakRssBytes,
    turnLog: [],
    failureEvidence: [],
    overCap: 0,
    overCapIds: [],
    overCapReachedCandidate: 0,
    turnsFailed: 0,
  };
}
