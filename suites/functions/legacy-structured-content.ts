/**
 * FAAS-07 (SHOULD): the legacy single structured content in `context.structuredContent`
 * (+ `context.metadata`) is a documented variant: accepted, rendered after all messages, and
 * flagged as non-preferred. Using it fails only when it cannot be rendered: not an object, or
 * `context.metadata` with no structured content to carry it.
 *
 * @see docs/spec/tpb-platform.md#32-liveperson-functions §3.2 (Output), README "Where the sources disagree"
 */
import { type Check, fail, pass, warn } from '../../harness/index.ts';
import { type FaasAnswer, isPlainObject, noteEvidence, outputs } from './faas-answers.ts';
import { faasAnswers } from './faas-probes.ts';

export const legacyStructuredContentCheck: Check = {
  ruleId: 'FAAS-07',
  async run(context) {
    const answered = outputs(await faasAnswers(context));
    const legacy: FaasAnswer[] = [];
    const broken: Array<{ answer: FaasAnswer; problem: string }> = [];
    for (const answer of answered) {
      const output = answer.output;
      if (!isPlainObject(output) || !isPlainObject(output.context)) continue;
      const { structuredContent, metadata } = output.context;
      if (structuredContent !== undefined) {
        if (isPlainObject(structuredContent)) legacy.push(answer);
        else {
          broken.push({
            answer,
            problem: `context.structuredContent is ${JSON.stringify(structuredContent)}, not a structured-content object`,
          });
        }
      } else if (metadata !== undefined) {
        broken.push({
          answer,
          problem: 'context.metadata without context.structuredContent is ignored',
        });
      }
    }
    if (broken.length > 0) {
      const lines = broken.map(({ answer, problem }) => `${answer.source}: ${problem}`);
      return fail(
        `FAAS-07: expected the legacy context.structuredContent (+ context.metadata) to be a structured-content object, got ${broken.length} output(s) where it cannot be rendered; first, ${lines[0]}. Put structured content in messages as {structuredContent, metadata?} (preferred).`,
        {
          expected:
            'messages: [{structuredContent, metadata?}] (or the legacy context.structuredContent object)',
          actual: lines.join('\n'),
          evidence: broken
            .slice(0, 5)
            .map(({ answer }) =>
              noteEvidence(`${answer.source} answered ${JSON.stringify(answer.output)}`),
            ),
        },
      );
    }
    if (legacy.length > 0) {
      return warn(
        `FAAS-07: ${legacy.length} of ${answered.length} output(s) used the legacy context.structuredContent; it is accepted and rendered after all messages.`,
        [
          `FAAS-07: the legacy context.structuredContent (+ context.metadata) was used by ${legacy[0]?.source}${legacy.length > 1 ? ` and ${legacy.length - 1} more` : ''}; messages: [{structuredContent, metadata?}] is preferred and keeps the order.`,
        ],
        legacy
          .slice(0, 3)
          .map((answer) =>
            noteEvidence(`${answer.source} answered ${JSON.stringify(answer.output)}`),
          ),
      );
    }
    return pass(
      `FAAS-07: none of ${answered.length} output(s) used the legacy context.structuredContent.`,
    );
  },
};
