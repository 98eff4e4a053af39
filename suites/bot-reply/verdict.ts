/**
 * Turns what a reply rule found in the observed replies into its one outcome: `fail` with the
 * first breach (expected / actual / evidence), `pass-with-warning` for documented non-preferred
 * variants, `pass`, or `skipped` when nothing the rule is about ever appeared.
 *
 * @see docs/spec/README.md#where-the-sources-disagree "Where the sources disagree"
 */

import {
  type CheckOutcome,
  fail,
  notApplicable,
  pass,
  type RunContext,
  ruleById,
  skipped,
  type TargetKind,
  type UtteranceKey,
  warn,
} from '../../harness/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import { type NothingObserved, type ObservedReplies, observedReplies } from './observed-replies.ts';
import type { ReplyView } from './reply-view.ts';

/** One place where a reply broke the rule, or met a non-preferred variant. */
export interface Breach {
  view: ReplyView;
  path: string;
  /** What the reply held, in words: `seconds 0`, `"urgent"`. */
  got: string;
}

/** What a rule found. */
export interface Findings {
  /** How many things the rule looked at (items, actions, fields). */
  subjects: number;
  /** Those things, plural: `DELAY items`. */
  noun: string;
  /** What the rule wants, for the message and `expected`. */
  expected: string;
  /** What to do about a breach. */
  fix: string;
  breaches: Breach[];
  /** Documented non-preferred variants met. */
  warnings?: Breach[];
  /** The skip reason when `subjects` is 0: what never appeared and how to provoke it. */
  none: string;
  /**
   * True when `subjects` 0 means the bot does not use an optional feature (rather than one nobody
   * provoked): the rule is then not applicable and does not count against coverage.
   */
  optional?: boolean;
}

/** Breaches named in the note evidence, at most. */
const listedBreaches = 10;
/** Replies whose own evidence is attached, at most. */
const evidencedReplies = 3;

/**
 * Runs `judge` over every observed reply of the run and concludes. Skips when the rule does not
 * apply to the target kind or no reply was observed.
 */
export async function judgeReplies(
  context: RunContext,
  ruleId: string,
  judge: (views: ReplyView[], context: RunContext) => Findings,
): Promise<CheckOutcome> {
  const rule = ruleById(ruleId);
  const { kind } = context.target;
  if (rule && !rule.targets.includes(kind)) {
    return skipped(`${ruleId}: applies to ${rule.targets.join(', ')} targets, not ${kind}.`);
  }
  const observed: ObservedReplies | NothingObserved = await observedReplies(context);
  if ('skip' in observed) return skipped(`${ruleId}: ${observed.skip}`);
  return conclude(ruleId, judge(observed.views, context), observed);
}

/** The outcome of a rule from its findings. */
export function conclude(
  ruleId: string,
  findings: Findings,
  observed: ObservedReplies,
): CheckOutcome {
  const { subjects, noun, expected, fix, breaches } = findings;
  const warnings = findings.warnings ?? [];
  if (subjects === 0) {
    const reason = `${ruleId}: ${findings.none}`;
    return findings.optional ? notApplicable(reason) : skipped(reason);
  }
  const [first] = breaches;
  if (first) {
    const count =
      breaches.length > 1 ? ` (${breaches.length} breaches among ${subjects} ${noun})` : '';
    const actual = `${first.got} at ${first.path} in ${first.view.label}`;
    return fail(`${ruleId}: expected ${expected}, got ${actual}${count}. ${fix}`, {
      expected,
      actual,
      evidence: evidenceOf(breaches),
    });
  }
  const unreadable =
    observed.unreadable.length > 0
      ? ` ${observed.unreadable.length} replies not in the documented shape were left to the shape rules.`
      : '';
  const [variant] = warnings;
  if (variant) {
    return warn(
      `${ruleId}: ${subjects} ${noun} met the rule; ${warnings.length} use a documented non-preferred variant (first: ${variant.got} at ${variant.path} in ${variant.view.label}).${unreadable}`,
      warnings.map((w) => `${ruleId}: ${w.view.label}, ${w.path}: ${w.got}`),
      evidenceOf(warnings),
    );
  }
  return pass(
    `${ruleId}: ${subjects} ${noun} in ${observed.views.length} observed replies met the rule.${unreadable}`,
  );
}

function evidenceOf(breaches: Breach[]): Evidence[] {
  const views = [...new Set(breaches.map((breach) => breach.view))].slice(0, evidencedReplies);
  const evidence: Evidence[] = views.flatMap((view) => [...view.evidence, ...view.escalations]);
  if (breaches.length > 1) {
    const listed = breaches
      .slice(0, listedBreaches)
      .map((b, index) => `${index + 1}) ${b.view.label}, ${b.path}: ${b.got}`)
      .join('; ');
    const more =
      breaches.length > listedBreaches ? `; and ${breaches.length - listedBreaches} more` : '';
    evidence.push({ kind: 'note', text: `${breaches.length} breaches: ${listed}${more}.` });
  }
  return evidence;
}

/** What carries a reply of each kind, and where its utterances are sent. */
const replyWords: Record<TargetKind, { carrier: string; where: string }> = {
  'custom-endpoint': { carrier: 'reply', where: 'in messaging and chat' },
  faas: { carrier: 'reply', where: 'in messaging and chat' },
  connector: { carrier: 'PublishEvent request of the connector', where: 'to the connector' },
};

/**
 * The skip reason for a rule whose subject never appeared, naming the utterance that would
 * provoke it: `no reply carried a DELAY; declare --utterance delay=…`.
 */
export function notProvoked(context: RunContext, key: UtteranceKey, what: string): string {
  const { carrier, where } = replyWords[context.target.kind];
  const sentence = context.utterances[key];
  if (sentence) {
    return `no ${carrier} carried ${what}, although the ${key} utterance "${sentence}" was sent ${where}; make it produce ${what} to have this rule checked.`;
  }
  return `no ${carrier} carried ${what}; declare --utterance ${key}=<a sentence that makes the bot send it> to have this rule checked.`;
}
