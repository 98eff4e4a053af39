// Spec: custom-endpoint.md §10 D14 (a TRANSFER may name an agentId only); ums.md (a transfer to an
// agent is a ParticipantsChange SUGGEST, role ASSIGNED_AGENT, of {accountId}.{agentId}).
// Regression: the engine read an agentId-only TRANSFER as a transfer to skill "" and escalated it,
// so FLOW-06 and FLOW-10 failed a documented variant.
import { afterEach, describe, expect, it } from 'vitest';
import { type BuiltContext, runDefaults } from '../../harness/index.ts';
import { exampleUtterances } from '../../mocks/index.ts';
import { botReplyChecks } from '../bot-reply/index.ts';
import {
  ceAction,
  ceBody,
  ceText,
  scriptedContext,
  type Turn,
} from '../bot-reply/test-support/candidates.ts';
import { runCheck } from '../bot-reply/test-support/run-check.ts';
import { flowChecks } from './index.ts';

const agentId = '7001';

/** Answers the transfer utterance with a TRANSFER that names the agent only, anything else with text. */
const agentOnlyTransfer = (turn: Turn) =>
  turn.text === exampleUtterances.transfer
    ? ceBody(ceText('Transferring you.'), ceAction('TRANSFER', { agentId }))
    : ceBody(ceText('Okay.'));

describe('a bot that transfers to an agent only (D14)', () => {
  let built: BuiltContext | undefined;
  afterEach(async () => {
    await built?.dispose();
    built = undefined;
  });

  it('passes FLOW-06 and FLOW-10 when the agent is declared, with a BOT-REPLY-04 warning', async () => {
    built = await scriptedContext(agentOnlyTransfer, { agents: [agentId] });
    for (const ruleId of ['FLOW-06', 'FLOW-10']) {
      const outcome = await runCheck(flowChecks, ruleId, built.context);
      expect(outcome.status, `${ruleId}: ${outcome.message}`).toBe('pass');
    }
    const reply = await runCheck(botReplyChecks, 'BOT-REPLY-04', built.context);
    expect(reply.status, reply.message).toBe('pass-with-warning');
    expect(reply.warnings?.join('\n')).toMatch(/agentId without a skillName/);

    // The UMS side: the bot left, the agent was suggested, the conversation kept its skill.
    const session = await built.context.session();
    const transfers = session.conversations.filter((item) => item.trigger === 'transfer');
    const untouched = session.conversations.find((item) => item.trigger !== 'transfer');
    expect(transfers.length).toBeGreaterThan(0);
    for (const { transcript } of transfers) {
      expect(transcript.skill).toBe(untouched?.transcript.skill);
      expect(transcript.participants).toContainEqual(
        expect.objectContaining({
          role: 'ASSIGNED_AGENT',
          id: `${runDefaults.accountId}.${agentId}`,
        }),
      );
      expect(
        transcript.participants.some(
          (participant) => participant.kind === 'bot' && participant.role === 'ASSIGNED_AGENT',
        ),
      ).toBe(false);
    }
  });

  it('fails FLOW-06 when the agent it names is not on the account: UMS refuses, TPB escalates', async () => {
    built = await scriptedContext(agentOnlyTransfer);
    const outcome = await runCheck(flowChecks, 'FLOW-06', built.context);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(/transfer was error-escalated with \S+\.transfer-to-skill/);
    expect(outcome.message).toContain(`Unknown user ${runDefaults.accountId}.${agentId}`);
  });
});
