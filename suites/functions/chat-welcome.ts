/**
 * FAAS-06: a chat welcome invocation (`event.name` set, empty `message`) is answered with at
 * least one message.
 *
 * @see docs/spec/tpb-platform.md#32-liveperson-functions §3.2 (Input: event), §5
 */
import { type Check, fail, pass } from '../../harness/index.ts';
import { describeAnswer, type FaasAnswer, isPlainObject, noteEvidence } from './faas-answers.ts';
import { faasAnswers } from './faas-probes.ts';

/**
 * Messages the consumer sees: non-blank text and structured content (the legacy
 * `context.structuredContent` included, FAAS-07); a delay or a private note is no answer.
 */
export function visibleMessages(output: unknown): number {
  if (!isPlainObject(output)) return 0;
  const messages = Array.isArray(output.messages) ? output.messages : [];
  const visible = messages.filter(
    (message) =>
      (typeof message === 'string' && message.trim() !== '') ||
      (isPlainObject(message) && 'structuredContent' in message),
  ).length;
  const legacy =
    isPlainObject(output.context) && isPlainObject(output.context.structuredContent) ? 1 : 0;
  return visible + legacy;
}

export const chatWelcomeCheck: Check = {
  ruleId: 'FAAS-06',
  async run(context) {
    const welcomes = (await faasAnswers(context)).filter(
      (answer) => answer.event === 'welcome' && answer.channel === 'chat',
    );
    const unanswered = welcomes.filter(
      (answer) => answer.outcome !== 'answered' || visibleMessages(answer.output) === 0,
    );
    const describe = (answer: FaasAnswer) =>
      answer.outcome === 'answered'
        ? `${describeAnswer(answer)}, with no message the consumer sees`
        : describeAnswer(answer);
    if (unanswered.length > 0) {
      const lines = unanswered.map(describe);
      return fail(
        `FAAS-06: expected every chat welcome invocation (event.name "WELCOME", empty message) to be answered with at least one message, got ${unanswered.length} of ${welcomes.length} without; first, ${lines[0]}. Answer input.payload.event.name with a greeting in messages (a chat starts with the welcome event, before the consumer writes).`,
        {
          expected: '{messages: ["<greeting>", …]} for a chat welcome',
          actual: lines.join('\n'),
          evidence: unanswered
            .slice(0, 5)
            .flatMap((answer) =>
              answer.outcome === 'answered'
                ? [
                    noteEvidence(`${answer.source} answered ${JSON.stringify(answer.output)}`),
                    ...answer.evidence.filter((item) => item.kind === 'http'),
                  ]
                : answer.evidence,
            ),
        },
      );
    }
    return pass(
      `FAAS-06: all ${welcomes.length} chat welcome invocation(s) were answered with at least one message.`,
    );
  },
};
