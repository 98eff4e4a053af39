// Spec: custom-endpoint.md §6.3 and tpb-platform.md §2.2, §7.3 (INVOKE_FUNCTION); decision 0007.
// A lambdaUuid that is not a UUID is an invocation that fails (no such function), not a reply the
// platform rejects: the reply's messages are delivered, and only failOnError: true escalates, with
// LivePerson's code. BOT-REPLY-08 judges the UUID either way.
import { describe, expect, it } from 'vitest';
import {
  buildContext,
  rules,
  runRules,
  type Session,
  type SessionConversation,
} from '../../harness/index.ts';
import { faasFailedBotAction, jsonAnswer, startExampleCustomEndpoint } from '../../mocks/index.ts';
import type { Report } from '../../schemas/index.ts';
import { allChecks } from '../index.ts';

const notUuid = 'my-function';
const lookingUp = 'Let me look that up for you.';

/** The example bot, its INVOKE_FUNCTION naming `notUuid`, with `failOnError` as given (or none). */
async function certify(failOnError: boolean | undefined): Promise<{
  report: Report;
  session: Session;
}> {
  const built = await buildContext(
    { timeoutMs: 2000 },
    {
      startCandidate: (cloud) =>
        startExampleCustomEndpoint({
          auth: { jwksUrl: cloud.urls.jwksUrl, ca: cloud.certificates.caCertPem },
          lambdaUuid: notUuid,
          hooks: {
            answer(answer, context) {
              if (context.route !== 'event' || answer.kind !== 'json') return answer;
              return jsonAnswer(answer.status, withFailOnError(answer.body, failOnError));
            },
          },
        }),
    },
  );
  try {
    const report = await runRules(built.context, {
      rules,
      checks: allChecks,
      strict: false,
      target: built.target,
    });
    return { report, session: await built.context.session() };
  } finally {
    await built.dispose();
  }
}

/** Sets (or, for undefined, removes) failOnError on every INVOKE_FUNCTION of a reply. */
function withFailOnError(body: unknown, failOnError: boolean | undefined): unknown {
  const reply = body as { response?: Array<{ type: string; data: Record<string, unknown> }> };
  if (!Array.isArray(reply.response)) return body;
  return {
    ...reply,
    response: reply.response.map((item) => {
      if (item.type !== 'ACTION' || item.data.name !== 'INVOKE_FUNCTION') return item;
      const { failOnError: _dropped, ...parameters } = item.data.parameters as Record<
        string,
        unknown
      >;
      return {
        ...item,
        data: {
          ...item.data,
          parameters: failOnError === undefined ? parameters : { ...parameters, failOnError },
        },
      };
    }),
  };
}

const failedRules = (report: Report) =>
  report.results.filter((result) => result.status === 'fail').map((result) => result.ruleId);

/** The session's conversations opened with the invoke-function utterance (messaging and chat). */
function invoking(session: Session): SessionConversation[] {
  const found = session.conversations.filter((c) => c.trigger === 'invoke-function');
  expect(found.map((c) => c.channel).sort()).toEqual(['chat', 'messaging']);
  return found;
}

/** The INVOKE_FUNCTION parameters of the session's replies, as the bot sent them. */
const invokeParameters = (session: Session) =>
  session.replies.flatMap((reply) =>
    (
      (reply.raw as { response?: Array<{ data?: { name?: string; parameters?: unknown } }> })
        .response ?? []
    )
      .filter((item) => item.data?.name === 'INVOKE_FUNCTION')
      .map((item) => item.data?.parameters),
  );

const botMessages = (conversation: SessionConversation) =>
  conversation.transcript.events
    .filter((event) => event.from === 'bot' && event.message !== undefined)
    .map((event) => event.message);

describe('INVOKE_FUNCTION with a lambdaUuid that is not a UUID', () => {
  it('without failOnError: the messages are delivered, nothing escalates, only BOT-REPLY-08 fails', {
    timeout: 60_000,
  }, async () => {
    const { report, session } = await certify(undefined);
    const sent = invokeParameters(session);
    expect(sent).toHaveLength(2);
    for (const parameters of sent) expect(parameters).not.toHaveProperty('failOnError');
    expect(failedRules(report)).toEqual(['BOT-REPLY-08']);
    const invoke = report.results.find((result) => result.ruleId === 'BOT-REPLY-08');
    expect(invoke?.actual).toContain(`lambdaUuid "${notUuid}"`);
    for (const result of report.results.filter((r) => /^FLOW-/.test(r.ruleId)))
      expect(['pass', 'pass-with-warning', 'skipped'], result.ruleId).toContain(result.status);

    for (const conversation of invoking(session)) {
      expect(botMessages(conversation)).toContain(lookingUp);
      expect(conversation.transcript.errors).toEqual([]);
      expect(conversation.log.filter((entry) => entry.kind === 'escalation')).toEqual([]);
      // The invocation itself failed: the mock has no function of that id.
      expect(
        conversation.log.filter((entry) => entry.kind === 'action').map((entry) => entry.outcome),
      ).toEqual(['failed']);
    }
  });

  it('with failOnError: true: the messages are delivered, then the conversation escalates with LivePerson’s code', {
    timeout: 60_000,
  }, async () => {
    const { report, session } = await certify(true);
    expect(invokeParameters(session)).toEqual([
      expect.objectContaining({ lambdaUuid: notUuid, failOnError: true }),
      expect.objectContaining({ lambdaUuid: notUuid, failOnError: true }),
    ]);
    // The escalation is the platform's documented answer to a failed invocation with
    // failOnError, so FLOW-10 reports it beside BOT-REPLY-08.
    expect(failedRules(report)).toEqual(['BOT-REPLY-08', 'FLOW-10']);
    const flow = report.results.find((result) => result.ruleId === 'FLOW-10');
    expect(flow?.actual).toContain(faasFailedBotAction);

    for (const conversation of invoking(session)) {
      expect(botMessages(conversation)).toContain(lookingUp);
      expect(conversation.transcript.errors.map((error) => error.code)).toEqual([
        faasFailedBotAction,
      ]);
      expect(conversation.log.filter((entry) => entry.kind === 'escalation')).toEqual([
        expect.objectContaining({ code: faasFailedBotAction, transferred: true }),
      ]);
    }
  });
});
