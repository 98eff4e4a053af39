import { HarnessError } from '../harness-error.ts';
import { matchRules, type Rule, type RuleLevel, type TargetKind } from '../rules/index.ts';
import type { CliIo } from './cli-io.ts';
import { parseCommandArgs } from './command-args.ts';

export const rulesUsage = `Usage: tpb-conformance rules [options]

Lists the rule catalogue: ID, level, targets and the check, in catalogue order.

Options:
  --rules PATTERNS   only these IDs, comma-separated or repeated, * as wildcard (CE-*,SEC-0*)
  --level LEVELS     only these levels: MUST, SHOULD, INFO (comma-separated)
  --target KIND      only rules that apply to custom-endpoint, faas or connector
  --json             print the rules as a JSON array
`;

const levels: readonly RuleLevel[] = ['MUST', 'SHOULD', 'INFO'];
// A Record, so that a kind added to the config schema fails to compile until it is listed here.
const targetKinds: Record<TargetKind, true> = {
  'custom-endpoint': true,
  faas: true,
  connector: true,
};

function words(values: unknown): string[] {
  const list = Array.isArray(values) ? values : values === undefined ? [] : [values];
  return list
    .flatMap((value) => String(value).split(','))
    .map((value) => value.trim())
    .filter(Boolean);
}

/** `tpb-conformance rules`: the catalogue, filtered. */
export async function rulesCommand(args: string[], io: CliIo): Promise<number> {
  const values = parseCommandArgs('rules', args, {
    rules: { type: 'string', multiple: true },
    level: { type: 'string', multiple: true },
    target: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    io.stdout.write(rulesUsage);
    return 0;
  }
  const patterns = words(values.rules);
  for (const pattern of patterns) {
    if (matchRules([pattern]).length === 0) {
      throw new HarnessError(
        'TPB_USAGE',
        `Invalid --rules "${pattern}": it matches no rule ID (patterns are case-sensitive; * stands for any characters).`,
      );
    }
  }
  const wanted = words(values.level).map((level) => level.toUpperCase());
  const badLevel = wanted.find((level) => !(levels as readonly string[]).includes(level));
  if (badLevel !== undefined) {
    throw new HarnessError(
      'TPB_USAGE',
      `Invalid --level "${badLevel}": expected MUST, SHOULD or INFO.`,
    );
  }
  const target = values.target as string | undefined;
  if (target !== undefined && !Object.hasOwn(targetKinds, target)) {
    throw new HarnessError(
      'TPB_USAGE',
      `Invalid --target "${target}": expected custom-endpoint, faas or connector.`,
    );
  }
  const selected = matchRules(patterns.length > 0 ? patterns : ['*']).filter(
    (rule) =>
      (wanted.length === 0 || wanted.includes(rule.level)) &&
      (target === undefined || rule.targets.includes(target as TargetKind)),
  );
  io.stdout.write(values.json ? `${JSON.stringify(selected, null, 2)}\n` : renderTable(selected));
  return 0;
}

function renderTable(rules: readonly Rule[]): string {
  if (rules.length === 0) return 'No rule matches.\n';
  const width = Math.max(...rules.map((rule) => rule.id.length));
  const kinds = (rule: Rule) => rule.targets.join(',');
  const kindWidth = Math.max(...rules.map((rule) => kinds(rule).length));
  const lines = rules.map(
    (rule) =>
      `${rule.id.padEnd(width)}  ${rule.level.padEnd(6)}  ${kinds(rule).padEnd(kindWidth)}  ${rule.check.replace(/\s+/g, ' ')}`,
  );
  return `${lines.join('\n')}\n${rules.length} rule(s)\n`;
}
