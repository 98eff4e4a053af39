import type {
  EmulatorTranscript,
  Evidence,
  Finding,
  Report,
  TextMatch,
} from '../../schemas/index.ts';
import { escalationEvidence, turnEvidence } from '../conversation/conversation-turns.ts';
import { HarnessError } from '../harness-error.ts';
import type { RunContext } from '../runner/run-context.ts';
import { buildReport } from '../runner/runner.ts';
import { ConversationDriver, type PlayedTurn, startDriverBot } from './conversation-driver.ts';
import { diffTurn, renderTurnDiff, type TranscriptDifference } from './transcript-diff.ts';

/**
 * The rule id of a replayed transcript. It is no rule of the catalogue: the transcript is the
 * vendor's own expectation of their bot, and a differing turn fails the run as a MUST rule does
 * (docs/replay.md).
 */
export const replayRuleId = 'REPLAY-01';

/** The skill the replayed conversations are routed to. */
const replaySkill = 'tpb-conformance-replay';

/** A transcript to replay, already validated, and the name its finding carries (its file name). */
export interface NamedTranscript {
  name: string;
  transcript: EmulatorTranscript;
}

export interface ReplayOptions {
  /** How texts are compared where a bot item does not say its own `textMatch`. */
  text: TextMatch;
  /** What report.json says of the target. */
  target: Report['target'];
  /** Called with each transcript's finding as soon as it is judged. */
  onFinding?: (finding: Finding, transcript: NamedTranscript) => void;
}

/** How one transcript replayed. */
interface ReplayOutcome {
  differences: TranscriptDifference[];
  /** Why the replay stopped before the last turn: a consumer input the conversation could not take. */
  unplayable?: string;
  /** The platform's exchanges with the candidate on the first differing turn. */
  evidence: Evidence[];
}

/** The first turn's calls to the candidate and any escalation, as evidence. */
function playedEvidence(played: PlayedTurn, conversationId: string | undefined): Evidence[] {
  return played.engine.flatMap((turn) => [
    ...turnEvidence(turn),
    ...(turn.escalation && conversationId
      ? [escalationEvidence(conversationId, turn.escalation)]
      : []),
  ]);
}

async function replayOne(
  context: RunContext,
  driver: ConversationDriver,
  transcript: EmulatorTranscript,
  text: TextMatch,
): Promise<ReplayOutcome> {
  const differences: TranscriptDifference[] = [];
  let evidence: Evidence[] = [];
  try {
    for (const [index, turn] of transcript.turns.entries()) {
      let played: PlayedTurn;
      try {
        played = await driver.play(turn.consumer);
      } catch (error) {
        // An input the conversation cannot take (a transfer-in in chat, text after a close) is
        // the transcript's failure, or the changed bot's: the turns before it still count.
        if (error instanceof HarnessError && error.code === 'TPB_USAGE') {
          return {
            differences,
            evidence,
            unplayable: `turn ${index + 1} could not be played: ${error.message}`,
          };
        }
        throw error;
      }
      const found = diffTurn(index + 1, turn.bot, played.bot, text);
      if (found.length > 0 && differences.length === 0) {
        evidence = playedEvidence(played, driver.conversationId);
      }
      differences.push(...found);
    }
    return { differences, evidence };
  } finally {
    // The next transcript starts a conversation of its own.
    const id = driver.conversationId;
    if (driver.open && id) context.cloud.consumer.close(id);
  }
}

/** A transcript's finding: pass when every turn matched, else the first difference and the diff. */
function replayFinding(
  { name }: NamedTranscript,
  outcome: ReplayOutcome,
  text: TextMatch,
  durationMs: number,
): Finding {
  const { differences, unplayable } = outcome;
  const expected = `every bot turn as the transcript recorded it (texts compared: ${text}, unless a bot item sets its own textMatch)`;
  const base = {
    ruleId: replayRuleId,
    title: `Replay of ${name}`,
    level: 'MUST' as const,
    expected,
    durationMs: Math.round(durationMs),
  };
  const first = differences[0];
  if (!first && !unplayable) {
    return {
      ...base,
      status: 'pass',
      message: `Every turn of ${name} matched the recording.`,
      evidence: [],
    };
  }
  const what = first ? first.message : (unplayable as string);
  const count = new Set(differences.map((difference) => difference.turn)).size;
  const diff = [
    ...(differences.length > 0 ? [renderTurnDiff(differences)] : []),
    ...(unplayable ? [unplayable] : []),
  ].join('\n');
  return {
    ...base,
    status: 'fail',
    message: `${replayRuleId}: ${name} ${first ? `differs from the recording at ${what}` : `could not be replayed: ${what}`}${count > 1 ? ` (${count} turns differ)` : ''}. If the bot changed on purpose, record the transcript again or loosen the item's textMatch; otherwise fix the bot.`,
    actual: what,
    evidence: [{ kind: 'note', text: diff }, ...outcome.evidence],
  };
}

/**
 * Replays each transcript as a fresh conversation against the context's candidate, on its own
 * channel, and reports one REPLAY-01 finding per transcript. One engine bot serves them all.
 */
export async function replayTranscripts(
  context: RunContext,
  transcripts: readonly NamedTranscript[],
  options: ReplayOptions,
): Promise<Report> {
  const startedAt = new Date();
  const { bot, ok, detail } = await startDriverBot(context, replaySkill);
  try {
    if (!ok) {
      throw new HarnessError(
        'TPB_UNREACHABLE',
        `Failed to start the bot on the mock platform: ${detail}. Check the target with "tpb-conformance test-connection".`,
      );
    }
    const results: Finding[] = [];
    for (const named of transcripts) {
      const started = performance.now();
      const driver = new ConversationDriver(context, bot, replaySkill, named.transcript.channel);
      const outcome = await replayOne(context, driver, named.transcript, options.text);
      const result = replayFinding(named, outcome, options.text, performance.now() - started);
      results.push(result);
      options.onFinding?.(result, named);
    }
    return buildReport(results, { strict: false, target: options.target }, startedAt);
  } finally {
    await bot.stop();
  }
}
