// Checks the rule catalogue in code, the source of truth: its invariants, its counts per group and
// level, its titles and documentation links, and that docs/rules.md renders it in full.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groups, matchRules, ruleById, rules, rulesInGroup, sources } from './catalogue.ts';
import { renderRulesMarkdown } from './render-rules-markdown.ts';
import type { RuleGroup, RuleLevel } from './rule.ts';

const docsUrl = new URL('../../docs/rules.md', import.meta.url);

/** The catalogue's counts: rules, MUST, SHOULD, INFO per group (a change here is deliberate). */
const expectedCounts: Record<RuleGroup, readonly [number, number, number, number]> = {
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
    expect(groups.map((info) => info.group)).toEqual(Object.keys(expectedCounts));
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

  it('has the stated counts per group and level', () => {
    for (const [group, [total, must, should, info]] of Object.entries(expectedCounts) as [
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

/** The hosts a rule's documentation may live on: LivePerson's docs and the public sources. */
const publicHosts = [
  'developers.liveperson.com',
  'github.com',
  'www.npmjs.com',
  'www.rfc-editor.org',
  'owasp.org',
];

describe('rule titles and documentation links', () => {
  it('gives every rule a short, unique title', () => {
    for (const rule of rules) {
      expect(rule.title.trim(), rule.id).toBe(rule.title);
      expect(rule.title.length, rule.id).toBeGreaterThan(0);
      expect(rule.title.length, rule.id).toBeLessThanOrEqual(40);
      expect(rule.title, rule.id).not.toMatch(/[.:]$/);
    }
    expect(new Set(rules.map((rule) => rule.title)).size).toBe(rules.length);
  });

  it('gives every source but the harness policy at least one public https page', () => {
    for (const source of sources) {
      if (source.key === 'POLICY') {
        expect(source.docs).toEqual([]);
        continue;
      }
      expect(source.docs.length, source.key).toBeGreaterThan(0);
      for (const url of source.docs) {
        expect(url, source.key).toMatch(/^https:\/\/[^\s]+$/);
        expect(publicHosts, source.key).toContain(new URL(url).host);
      }
    }
  });

  it('links every LivePerson developer-docs source to developers.liveperson.com', () => {
    for (const source of sources.filter((each) =>
      each.title.startsWith('LivePerson developer docs:'),
    )) {
      expect(
        source.docs.map((url) => new URL(url).host),
        source.key,
      ).toContain('developers.liveperson.com');
    }
  });

  it("links every rule to its sources' pages, each once, and to at least one", () => {
    const byKey = new Map(sources.map((source) => [source.key, source.docs]));
    for (const rule of rules) {
      const wanted = [...new Set(rule.sources.flatMap((key) => byKey.get(key) ?? []))];
      expect(rule.docs, rule.id).toEqual(wanted);
      expect(rule.docs.length, rule.id).toBeGreaterThan(0);
      for (const url of rule.docs) expect(url, rule.id).toMatch(/^https:\/\//);
    }
  });

  it("links most rules to LivePerson's own documentation", () => {
    const onLivePerson = rules.filter((rule) =>
      rule.docs.some((url) => url.startsWith('https://developers.liveperson.com/')),
    );
    // The rest rest only on the OpenAPI file, the reference service, the SDK, the validators
    // or the RFCs and OWASP.
    expect(onLivePerson.length).toBeGreaterThanOrEqual(80);
  });
});

// docs/rules.md is the catalogue's reviewed, committed record: read back, it must give every
// column of every rule, the group headings and notes, and the source table, so that a rule can
// only change with a visible change to the document.
describe('docs/rules.md read back', () => {
  const text = readFileSync(docsUrl, 'utf8');
  const lines = text.split('\n');
  /** `[KEY](url)` back to `KEY`. */
  const unlink = (value: string): string => value.replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');

  it('has every rule row, in order, with its level, title, check, targets and sources', () => {
    const rows = lines
      .filter((line) => /^\| [A-Z]+(-[A-Z]+)*-\d{2} \|/.test(line))
      .map((line) => {
        const [id = '', level = '', title = '', check = '', targets = '', source = ''] =
          cells(line);
        return {
          id,
          level,
          title,
          check: check.replaceAll('\\|', '|'),
          targets: targets.split(', '),
          sources: unlink(source).split('; '),
        };
      });
    expect(rows).toHaveLength(110);
    expect(
      rules.map((rule) => ({
        id: rule.id,
        level: rule.level,
        title: rule.title,
        check: rule.check,
        targets: [...rule.targets],
        sources: [...rule.sources],
      })),
    ).toEqual(rows);
  });

  it('has the group headings and notes', () => {
    const headings = lines
      .map((line) => /^## ([A-Z-]+) — (.+)$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => ({ group: match[1], title: match[2] }));
    expect(groups.map(({ group, title }) => ({ group, title }))).toEqual(headings);
    for (const info of groups) if (info.note !== undefined) expect(text).toContain(info.note);
  });

  it("has the source table with each source's pages", () => {
    const start = lines.indexOf('| Key | Source | Documentation |');
    expect(start).toBeGreaterThanOrEqual(0);
    const body = lines.slice(start + 2);
    const table = body
      .slice(
        0,
        body.findIndex((line) => !line.startsWith('|')),
      )
      .map((line) => {
        const [key = '', title = '', docs = ''] = cells(line);
        return {
          key,
          title,
          docs: docs === '—' ? [] : docs.split(' ').map((url) => url.slice(1, -1)),
        };
      });
    expect(sources.map(({ key, title, docs }) => ({ key, title, docs: [...docs] }))).toEqual(table);
  });

  it('has the counts table', () => {
    const start = lines.indexOf('| Group | Rules | MUST | SHOULD | INFO |');
    expect(start).toBeGreaterThanOrEqual(0);
    const table = lines
      .slice(start + 2, start + 2 + groups.length + 1)
      .map((line) => cells(line).map((value) => value.replaceAll('**', '')));
    expect(table).toEqual([
      ...groups.map((info) => [info.group, ...expectedCounts[info.group].map(String)]),
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
