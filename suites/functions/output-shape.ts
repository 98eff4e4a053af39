/**
 * FAAS-04: the output holds only `messages` (documented item shapes) and `context`, checked
 * against schemas/faas-output.schema.json.
 *
 * @see docs/spec/tpb-platform.md#32-liveperson-functions §3.2 (Output)
 */
import { type Check, fail, pass, skipped } from '../../harness/index.ts';
import { type ValidationIssue, validate } from '../../schemas/index.ts';
import { type FaasAnswer, isPlainObject, noteEvidence, outputs } from './faas-answers.ts';
import { faasAnswers } from './faas-probes.ts';

interface Misshapen {
  answer: FaasAnswer;
  issues: ValidationIssue[];
}

/**
 * Keeps an item that matches none of the documented shapes as one issue ("expected exactly one
 * of the allowed shapes") instead of one per shape it missed.
 */
export function condense(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const unmatched = issues.filter((issue) => issue.keyword === 'oneOf').map((issue) => issue.path);
  return issues.filter(
    (issue) =>
      issue.keyword === 'oneOf' ||
      !unmatched.some((path) => issue.path === path || issue.path.startsWith(`${path}/`)),
  );
}

export const outputShapeCheck: Check = {
  ruleId: 'FAAS-04',
  async run(context) {
    // Answers that are no object at all are FAAS-01's; here the object's contents are judged.
    const objects = outputs(await faasAnswers(context)).filter((answer) =>
      isPlainObject(answer.output),
    );
    if (objects.length === 0) {
      return skipped(
        'FAAS-04: no invocation was answered with an object, so there was no output to judge (see FAAS-01, FAAS-02 and FAAS-08 for why).',
      );
    }
    const misshapen: Misshapen[] = [];
    for (const answer of objects) {
      const result = validate('faas-output', answer.output);
      if (!result.ok) misshapen.push({ answer, issues: condense(result.issues) });
    }
    if (misshapen.length > 0) {
      const first = misshapen[0] as Misshapen;
      const lines = misshapen.map(
        ({ answer, issues }) =>
          `${answer.source}: ${issues.map((issue) => issue.message).join('; ')}`,
      );
      return fail(
        `FAAS-04: expected outputs holding only messages (strings, {structuredContent, metadata?, encodedMetadata?}, {delay, typing?}, {text, messageAudience}) and context, got ${misshapen.length} of ${objects.length} that do not; first, ${lines[0]}. Shape the callback payload as in tpb-platform.md §3.2 (Output): no other top-level keys, no Custom Endpoint items.`,
        {
          expected:
            '{messages?: [string | {structuredContent,…} | {delay,…} | {text, messageAudience}], context?: {…}}',
          actual: lines.join('\n'),
          evidence: [
            ...misshapen
              .slice(0, 5)
              .map(({ answer, issues }) =>
                noteEvidence(
                  `${answer.source}: ${JSON.stringify(answer.output)} — ${issues.map((issue) => issue.message).join('; ')}`,
                ),
              ),
            ...first.answer.evidence.filter((item) => item.kind === 'http'),
          ],
        },
      );
    }
    return pass(`FAAS-04: all ${objects.length} output(s) have the documented shape.`);
  },
};
