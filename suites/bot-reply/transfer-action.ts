/**
 * BOT-REPLY-04 and BOT-REPLY-05: a TRANSFER names a skill (Custom Endpoint `skillName`, function
 * `skill`) that exists on the account with exactly that case.
 *
 * @see docs/spec/tpb-platform.md#22-actions §2.2, §8 (…transfer-skill-not-existing)
 * @see docs/spec/custom-endpoint.md#63-reply §6.3, §10 D14
 */
import type { Check } from '../../harness/index.ts';
import { allActions } from './action-name.ts';
import { type ActionView, isObject, type ReplyView, show } from './reply-view.ts';
import { type Breach, judgeReplies, notProvoked } from './verdict.ts';
import { wireFormats } from './wire-format.ts';

const nonEmpty = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '';

/** The TRANSFER actions of the replies. */
function transfers(views: ReplyView[]): Array<{ view: ReplyView; action: ActionView }> {
  return allActions(views).filter(({ action }) => action.name === 'TRANSFER');
}

/** BOT-REPLY-04: TRANSFER parameters. */
export const transferParametersCheck: Check = {
  ruleId: 'BOT-REPLY-04',
  run: (context) =>
    judgeReplies(context, 'BOT-REPLY-04', (views) => {
      const breaches: Breach[] = [];
      const warnings: Breach[] = [];
      const found = transfers(views);
      for (const { view, action } of found) {
        const where = action.parameters?.path ?? action.path;
        const parameters = action.parameters?.value;
        if (!isObject(parameters)) {
          breaches.push({ view, path: where, got: `parameters ${show(parameters)}` });
          continue;
        }
        const key = wireFormats[view.wire].transferSkill;
        if ('agentId' in parameters && !nonEmpty(parameters.agentId)) {
          breaches.push({
            view,
            path: `${where}/agentId`,
            got: `agentId ${show(parameters.agentId)}`,
          });
          continue;
        }
        if (key in parameters) {
          if (!nonEmpty(parameters[key])) {
            breaches.push({
              view,
              path: `${where}/${key}`,
              got: `${key} ${show(parameters[key])}`,
            });
          }
          continue;
        }
        if (wireFormats[view.wire].agentOnlyTransfer && nonEmpty(parameters.agentId)) {
          warnings.push({
            view,
            path: where,
            got: 'an agentId without a skillName (OpenAPI variant D14; skillName plus agentId is preferred)',
          });
          continue;
        }
        const wrongKey = key !== 'skillName' && 'skillName' in parameters;
        breaches.push({
          view,
          path: where,
          got: wrongKey
            ? 'skillName (the Custom Endpoint name) instead of skill'
            : `no ${key} (parameters ${show(parameters)})`,
        });
      }
      return {
        subjects: found.length,
        noun: 'TRANSFER actions',
        expected:
          'a TRANSFER with a non-empty skill name (custom-endpoint skillName, faas skill) and, if present, a non-empty string agentId',
        fix: 'Name the LivePerson skill to transfer to (case-sensitive); see custom-endpoint.md §6.3 and tpb-platform.md §3.2.',
        breaches,
        warnings,
        none: notProvoked(context, 'transfer', 'a TRANSFER action'),
      };
    }),
};

/** BOT-REPLY-05: the TRANSFER skill exists on the mock account, exact case. */
export const transferSkillExistsCheck: Check = {
  ruleId: 'BOT-REPLY-05',
  run: (context) =>
    judgeReplies(context, 'BOT-REPLY-05', (views) => {
      const { directory } = context.cloud.account;
      const breaches: Breach[] = [];
      let subjects = 0;
      let agentOnly = 0;
      for (const { view, action } of transfers(views)) {
        const parameters = action.parameters?.value;
        const { transferSkill: key, agentOnlyTransfer } = wireFormats[view.wire];
        const name = isObject(parameters) ? parameters[key] : undefined;
        if (agentOnlyTransfer && name === undefined && isObject(parameters)) {
          if (nonEmpty(parameters.agentId)) agentOnly += 1;
        }
        // An empty or missing name is BOT-REPLY-04's breach, not a lookup.
        if (!nonEmpty(name)) continue;
        subjects += 1;
        if (directory.skillByName(name)) continue;
        const near = [...directory.skills.values()].find(
          (skill) => skill.name.toLowerCase() === name.toLowerCase(),
        );
        breaches.push({
          view,
          path: `${action.parameters?.path}/${key}`,
          got: `the skill "${name}", which the account does not have${near ? ` (it has "${near.name}": names are case-sensitive)` : ''}`,
        });
      }
      const declared = context.skills.length > 0 ? context.skills.join(', ') : 'none';
      return {
        subjects,
        noun: 'TRANSFER skill names',
        expected: 'a skill name that exists on the account in exactly that case',
        fix: `The platform escalates with …transfer-skill-not-existing. Use the exact name of an existing skill (declared skills: ${declared}); declare the skills your bot transfers to with --skill NAME.`,
        breaches,
        // Transfers to an agent only (variant D14) name no skill: there is nothing to look up.
        ...(agentOnly > 0
          ? {
              none: `every TRANSFER named an agent only (${agentOnly}, variant D14), so no skill name was looked up.`,
              optional: true,
            }
          : { none: notProvoked(context, 'transfer', 'a TRANSFER action with a skill name') }),
      };
    }),
};
