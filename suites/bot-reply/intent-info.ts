/**
 * BOT-REPLY-12 and BOT-REPLY-13: intent info (for the Agent Escalation Summary) is present and
 * well-formed: Custom Endpoint `analytics.intents[]` `{id, description, confidenceScore}`,
 * function `context.intentId` / `intentName` / `confidenceScore`.
 *
 * Stance (tpb-platform.md §2.3, custom-endpoint.md §10 D17): a Custom Endpoint reply without
 * `analytics.intents`, or a function reply without any intent field, passes with a warning; a
 * present but empty `intents` array, or a function intent missing half of `intentId` +
 * `confidenceScore`, fails.
 *
 * @see docs/spec/custom-endpoint.md#63-reply §6.3
 * @see docs/spec/tpb-platform.md#32-liveperson-functions §3.2 (Output), §2.3
 */
import type { Check, TargetKind } from '../../harness/index.ts';
import { assertNever } from '../../mocks/index.ts';
import { isObject, type ReplyView, show } from './reply-view.ts';
import { type Breach, judgeReplies } from './verdict.ts';

/** Longest faas intent id or name (tpb-platform.md §11). */
const maxIntentLength = 256;

const isScore = (value: unknown): boolean =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;

interface IntentProblem {
  path: string;
  got: string;
}

/**
 * Where each kind's reply carries intent info and how it should look. A connector's frames carry
 * none and BOT-REPLY-12/13 apply to engine targets only; its row just completes the table.
 */
const intentFormats: Record<
  TargetKind,
  {
    problems: (view: ReplyView) => IntentProblem[] | undefined;
    wellFormed: string;
    present: string;
  }
> = {
  'custom-endpoint': {
    problems: customEndpointIntents,
    wellFormed:
      'analytics.intents entries {id: <string without whitespace>, description: <string>, confidenceScore: <number in [0, 1]>}',
    present: 'at least one entry in analytics.intents',
  },
  faas: {
    problems: faasIntent,
    wellFormed:
      'intentId a string of at most 256 characters, confidenceScore a number in [0, 1], intentName at most 256 characters',
    present: 'context.intentId with context.confidenceScore',
  },
  connector: {
    problems: customEndpointIntents,
    wellFormed:
      'analytics.intents entries {id: <string without whitespace>, description: <string>, confidenceScore: <number in [0, 1]>}',
    present: 'at least one entry in analytics.intents',
  },
};

/** BOT-REPLY-12: intent info is well-formed. */
export const intentWellFormedCheck: Check = {
  ruleId: 'BOT-REPLY-12',
  run: (context) =>
    judgeReplies(context, 'BOT-REPLY-12', (views) => {
      const breaches: Breach[] = [];
      let subjects = 0;
      for (const view of views) {
        const problems = intentFormats[view.wire].problems(view);
        if (problems === undefined) continue;
        subjects += 1;
        const [first] = problems;
        if (first) breaches.push({ view, ...first });
      }
      return {
        subjects,
        noun: 'replies with intent info',
        expected: intentFormats[context.target.kind].wellFormed,
        fix: 'Malformed intent info is dropped from the Agent Escalation Summary; send it in the documented shape.',
        breaches,
        none: 'no reply carried intent info, which is optional (BOT-REPLY-13 reports that).',
        optional: true,
      };
    }),
};

/** The problems of a Custom Endpoint reply's intents, or undefined when it carries none. */
function customEndpointIntents(view: ReplyView): IntentProblem[] | undefined {
  const raw = view.raw as Record<string, unknown>;
  if (!('analytics' in raw)) return undefined;
  const { analytics } = raw;
  if (!isObject(analytics)) return [{ path: '/analytics', got: `analytics ${show(analytics)}` }];
  if (!('intents' in analytics)) return undefined;
  const { intents } = analytics;
  if (!Array.isArray(intents)) {
    return [{ path: '/analytics/intents', got: `intents ${show(intents)}` }];
  }
  if (intents.length === 0) return undefined;
  const problems: IntentProblem[] = [];
  intents.forEach((intent: unknown, index) => {
    const path = `/analytics/intents/${index}`;
    if (!isObject(intent)) {
      problems.push({ path, got: `the intent ${show(intent)}` });
      return;
    }
    if (typeof intent.id !== 'string' || /\s/.test(intent.id)) {
      problems.push({ path: `${path}/id`, got: `id ${show(intent.id)}` });
    } else if (typeof intent.description !== 'string') {
      problems.push({
        path: `${path}/description`,
        got: `description ${show(intent.description)}`,
      });
    } else if (!isScore(intent.confidenceScore)) {
      problems.push({
        path: `${path}/confidenceScore`,
        got: `confidenceScore ${show(intent.confidenceScore)}`,
      });
    }
  });
  return problems;
}

/** The problems of a function reply's intent fields, or undefined when it carries none. */
function faasIntent(view: ReplyView): IntentProblem[] | undefined {
  const raw = view.raw as Record<string, unknown>;
  const context = isObject(raw.context) ? raw.context : {};
  const keys = ['intentId', 'intentName', 'confidenceScore'].filter((key) => key in context);
  if (keys.length === 0) return undefined;
  const problems: IntentProblem[] = [];
  const text = (key: string) => {
    const value = context[key];
    if (key in context && (typeof value !== 'string' || value.length > maxIntentLength)) {
      problems.push({
        path: `/context/${key}`,
        got:
          typeof value === 'string'
            ? `${key} of ${value.length} characters`
            : `${key} ${show(value)}`,
      });
    }
  };
  text('intentId');
  text('intentName');
  if ('confidenceScore' in context && !isScore(context.confidenceScore)) {
    problems.push({
      path: '/context/confidenceScore',
      got: `confidenceScore ${show(context.confidenceScore)}`,
    });
  }
  return problems;
}

/** BOT-REPLY-13: replies carry intent info. */
export const intentPresentCheck: Check = {
  ruleId: 'BOT-REPLY-13',
  run: (context) =>
    judgeReplies(context, 'BOT-REPLY-13', (views) => {
      const breaches: Breach[] = [];
      const warnings: Breach[] = [];
      for (const view of views) {
        const raw = view.raw as Record<string, unknown>;
        switch (view.wire) {
          case 'faas': {
            const fields = isObject(raw.context) ? raw.context : {};
            const id = 'intentId' in fields;
            const score = 'confidenceScore' in fields;
            if (id && score) continue;
            if (!id && !score && !('intentName' in fields)) {
              warnings.push({
                view,
                path: '/context',
                got: 'no intent info (accepted with a warning, tpb-platform.md §2.3)',
              });
            } else {
              breaches.push({
                view,
                path: '/context',
                got: `only ${['intentId', 'intentName', 'confidenceScore'].filter((k) => k in fields).join(' and ')}, so the platform drops the intent`,
              });
            }
            continue;
          }
          case 'custom-endpoint':
          case 'connector':
            break;
          default:
            assertNever(view.wire);
        }
        const analytics = isObject(raw.analytics) ? raw.analytics : undefined;
        const intents = analytics?.intents;
        if (Array.isArray(intents) && intents.length > 0) continue;
        if (analytics === undefined || !('intents' in analytics)) {
          warnings.push({
            view,
            path: '/analytics',
            got: 'no analytics.intents (optional in the OpenAPI, D17; present is preferred)',
          });
        } else {
          breaches.push({ view, path: '/analytics/intents', got: `intents ${show(intents)}` });
        }
      }
      return {
        subjects: views.length,
        noun: 'replies',
        expected: intentFormats[context.target.kind].present,
        fix: 'Report the recognised intent on every reply; the Agent Escalation Summary shows it to the agent.',
        breaches,
        warnings,
        none: 'no reply was observed.',
      };
    }),
};
