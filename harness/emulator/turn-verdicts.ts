import type { Finding, Report } from '../../schemas/index.ts';
import { rules } from '../rules/index.ts';
import type { Check } from '../runner/check.ts';
import type { RunContext } from '../runner/run-context.ts';
import { RunScenarios } from '../runner/run-scenarios.ts';
import { runRules } from '../runner/runner.ts';
import { observedReplies, type SessionConversation } from '../runner/session.ts';
import type { PlayedTurn } from './conversation-driver.ts';

/** The rules judged on every reply a run observes: those are the ones judged per turn. */
const replyRuleGroups = ['BOT-REPLY', 'BOT-SC'];
const replyRules = rules.filter((rule) => replyRuleGroups.includes(rule.group));

/**
 * The reply rules' verdicts on one turn's replies, by the same checks `run` uses: each check sees
 * a session that holds only this turn, so what it says is about this reply. A turn without a
 * reply (close, an escalation before any answer) gets none. Rules with nothing to judge in the
 * reply (no action, no structured content) are left out.
 */
export async function turnVerdicts(
  context: RunContext,
  checks: readonly Check[],
  target: Report['target'],
  played: PlayedTurn,
  channel: SessionConversation['channel'],
): Promise<Finding[]> {
  const conversation: SessionConversation = {
    conversationId: played.transcript.conversationId,
    channel,
    trigger: 'emulator',
    transcript: played.transcript,
    log: played.log,
  };
  const replies = observedReplies(conversation);
  if (replies.length === 0) return [];
  const session = {
    started: true,
    startDetail: '',
    startLog: [],
    replies,
    conversations: [conversation],
  };
  const turnContext: RunContext = {
    ...context,
    scenarios: new RunScenarios(),
    session: async () => session,
  };
  const report = await runRules(turnContext, {
    rules: replyRules,
    checks: checks.filter((check) => replyRules.some((rule) => rule.id === check.ruleId)),
    strict: false,
    target,
  });
  return report.results.filter((finding) => finding.status !== 'skipped');
}
