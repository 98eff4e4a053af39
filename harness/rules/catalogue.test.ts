// Checks the rule catalogue in code against spec rules.md: its rows, its counts table and its
// source table, and that docs/rules.md is the rendered catalogue.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groups, matchRules, ruleById, rules, rulesInGroup, sources } from './catalogue.ts';
import { renderRulesMarkdown } from './render-rules-markdown.ts';
import type { RuleGroup, RuleLevel } from './rule.ts';

const specUrl = new URL('../../../shared/spec/rules.md', import.meta.url);
const docsUrl = new URL('../../docs/rules.md', import.meta.url);

/** The spec's counts table: rules, MUST, SHOULD, INFO per group. */
const specCounts: Record<RuleGroup, readonly [number, number, number, number]> = {
  'CE-ROUTE': [6, 4, 2, 0],
  'CE-AUTH': [4, 2, 1, 1],
  'CE-STATE': [6, 3, 2, 1],
  'CE-CONV': [7, 5, 2, 0],
  'CE-EVENT': [8, 5, 3, 0],
  'BOT-REPLY': [13, 11, 2, 0],
  'BOT-SC': [11, 6, 5, 0],
  FLOW: [12, 8, 4, 0],
  LIMIT: [6, 4, 1, 1],
  FAAS: [9, 7, 2, 0],
  UMS: [14, 13, 1, 0],
  SEC: [14, 10, 3, 1],
};

function countByLevel(level: RuleLevel, group?: RuleGroup): number {
  return rules.filter(
    (rule) => rule.level === level && (group === undefined || rule.group === group),
  ).length;
}

/** Splits a markdown table row into its trimmed cells. */
function cells(line: string): string[] {
  return line
    .slice(1, -1)
    .split(' | ')
    .map((text) => text.trim());
}

describe('rule catalogue', () => {
  it('holds 110 rules with unique ids', () => {
    expect(rules).toHaveLength(110);
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(110);
  });

  it('gives every rule a well-formed id that starts with its group', () => {
    for (const rule of rules) {
      expect(rule.id).toMatch(/^[A-Z]+(-[A-Z]+)*-\d{2}$/);
      expect(rule.id.slice(0, rule.id.lastIndexOf('-')), rule.id).toBe(rule.group);
    }
  });

  it('lists the twelve groups in catalogue order, each rule after its group', () => {
    expect(groups.map((info) => info.group)).toEqual(Object.keys(specCounts));
    const order = groups.map((info) => info.group);
    const ruleOrder = rules.map((rule) => order.indexOf(rule.group));
    expect(ruleOrder).toEqual([...ruleOrder].sort((a, b) => a - b));
  });

  it('numbers each group 01, 02, … without gaps', () => {
    for (const info of groups) {
      const numbers = rulesInGroup(info.group).map((rule) => Number(rule.id.slice(-2)));
      expect(numbers, info.group).toEqual(numbers.map((_, index) => index + 1));
    }
  });

  it("matches the spec's counts table per group and level", () => {
    for (const [group, [total, must, should, info]] of Object.entries(specCounts) as [
      RuleGroup,
      readonly [number, number, number, number],
    ][]) {
      expect(
        [
          rulesInGroup(group).length,
          countByLevel('MUST', group),
          countByLevel('SHOULD', group),
          countByLevel('INFO', group),
        ],
        group,
      ).toEqual([total, must, should, info]);
    }
    expect([
      rules.length,
      countByLevel('MUST'),
      countByLevel('SHOULD'),
      countByLevel('INFO'),
    ]).toEqual([110, 78, 28, 4]);
  });

  it('uses only source keys from the source table, and each key listed once', () => {
    const keys = sources.map((source) => source.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const rule of rules) {
      expect(rule.sources.length, rule.id).toBeGreaterThan(0);
      for (const key of rule.sources) expect(keys, rule.id).toContain(key);
    }
  });

  it('gives every rule at least one target, each once', () => {
    for (const rule of rules) {
      expect(rule.targets.length, rule.id).toBeGreaterThan(0);
      expect(new Set(rule.targets).size, rule.id).toBe(rule.targets.length);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(rules)).toBe(true);
    expect(Object.isFrozen(rules[0])).toBe(true);
    expect(Object.isFrozen(rules[0]?.targets)).toBe(true);
    expect(Object.isFrozen(sources)).toBe(true);
    expect(Object.isFrozen(groups)).toBe(true);
  });
});

// The spec sits beside the repository (../shared/spec), on every developer machine and in CI.
describe('rule catalogue against spec rules.md', () => {
  const spec = existsSync(specUrl) ? readFileSync(specUrl, 'utf8') : '';
  it('finds ../shared/spec/rules.md beside the repository', () => {
    expect(spec, `${specUrl.pathname} is missing: clone the repository next to shared/`).not.toBe(
      '',
    );
  });
  const lines = spec.split('\n');

  /** The body rows of the table whose header row starts with `header`. */
  function tableBody(header: string): string[] {
    const start = lines.findIndex((line) => line.startsWith(header));
    expect(start, `table "${header}" in spec rules.md`).toBeGreaterThanOrEqual(0);
    const body = lines.slice(start + 2);
    const end = body.findIndex((line) => !line.startsWith('|'));
    return end === -1 ? body : body.slice(0, end);
  }

  it('has exactly the rule rows of the spec, in order, with the same level, targets, sources and check', () => {
    const rows = lines
      .filter((line) => /^\| [A-Z]+(-[A-Z]+)*-\d{2} \|/.test(line))
      .map((line) => {
        const [id = '', level = '', check = '', targets = '', source = ''] = cells(line);
        return { id, level, check, targets: targets.split(', '), sources: source.split('; ') };
      });
    expect(rows).toHaveLength(110);
    expect(
      rules.map((rule) => ({
        id: rule.id,
        level: rule.level,
        check: rule.check,
        targets: [...rule.targets],
        sources: [...rule.sources],
      })),
    ).toEqual(rows);
  });

  it('has the group headings and notes of the spec', () => {
    const headings = lines
      .map((line) => /^## ([A-Z-]+) — (.+)$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => ({ group: match[1], title: match[2] }));
    expect(groups.map(({ group, title }) => ({ group, title }))).toEqual(headings);
    const flat = spec.replaceAll(/\s*\n\s*/g, ' ');
    for (const info of groups) if (info.note !== undefined) expect(flat).toContain(info.note);
  });

  it('has the source table of the spec (its FN-INTRO / FN-BC / FN-AF row split in three)', () => {
    const table: { key: string; title: string }[] = [];
    for (const line of tableBody('| key | source |')) {
      const [key = '', title = ''] = cells(line);
      const keys = key.split(' / ');
      if (keys.length === 1) {
        table.push({ key, title });
        continue;
      }
      // "… > Introduction / Basic Content / Advanced Features": one title per key.
      const cut = title.lastIndexOf(' > ') + 3;
      const leaves = title.slice(cut).split(' / ');
      expect(leaves).toHaveLength(keys.length);
      keys.forEach((each, index) => {
        table.push({ key: each, title: `${title.slice(0, cut)}${leaves[index]}` });
      });
    }
    expect(sources.map(({ key, title }) => ({ key, title }))).toEqual(table);
  });

  it("has the spec's counts table", () => {
    const table = tableBody('| prefix | rules |').map((line) =>
      cells(line).map((text) => text.replaceAll('**', '')),
    );
    expect(table).toEqual([
      ...groups.map((info) => [info.group, ...specCounts[info.group].map(String)]),
      ['total', '110', '78', '28', '4'],
    ]);
  });
});

describe('docs/rules.md', () => {
  it('is the rendered catalogue (run "npm run gen" if this fails)', () => {
    expect(readFileSync(docsUrl, 'utf8')).toBe(renderRulesMarkdown());
  });

  it('renders one table per group and the counts', () => {
    const text = renderRulesMarkdown();
    for (const info of groups) expect(text).toContain(`## ${info.group} — ${info.title}`);
    for (const rule of rules) expect(text).toContain(`| ${rule.id} | ${rule.level} |`);
    expect(text).toContain('| **total** | **110** | **78** | **28** | **4** |');
    expect(text.endsWith('\n')).toBe(true);
  });
});

describe('ruleById', () => {
  it('finds a rule by its exact id', () => {
    expect(ruleById('BOT-SC-06')?.level).toBe('MUST');
    expect(ruleById('bot-sc-06')).toBeUndefined();
    expect(ruleById('BOT-SC-99')).toBeUndefined();
  });
});

describe('matchRules', () => {
  const ids = (patterns: string[]): string[] => matchRules(patterns).map((rule) => rule.id);

  it('matches a group prefix with CE-*', () => {
    const matched = ids(['CE-*']);
    expect(matched).toHaveLength(6 + 4 + 6 + 7 + 8);
    expect(matched.every((id) => id.startsWith('CE-'))).toBe(true);
  });

  it('matches BOT-* across BOT-REPLY and BOT-SC', () => {
    expect(ids(['BOT-*'])).toHaveLength(13 + 11);
  });

  it('matches SEC-0* as SEC-01 to SEC-09', () => {
    expect(ids(['SEC-0*'])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `SEC-0${n}`));
  });

  it('matches exact ids, in catalogue order, each once', () => {
    expect(ids(['UMS-12', 'BOT-SC-06', 'BOT-SC-*'])).toEqual([
      ...rulesInGroup('BOT-SC').map((rule) => rule.id),
      'UMS-12',
    ]);
  });

  it('matches the whole id, case-sensitively', () => {
    expect(ids(['CE-ROUTE-0'])).toEqual([]);
    expect(ids(['ce-*'])).toEqual([]);
    expect(ids(['*-01'])).toHaveLength(12);
  });

  it('matches nothing for an unknown id or no patterns', () => {
    expect(ids(['NOPE-*', 'CE-ROUTE-99'])).toEqual([]);
    expect(ids([])).toEqual([]);
  });
});
