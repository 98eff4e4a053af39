/** `tpb-conformance rules`: the catalogue, filtered by pattern, level and target. */
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.ts';
import { runCli } from './test-support/run-cli.ts';

describe('tpb-conformance rules', () => {
  it('lists the whole catalogue, one rule a line', async () => {
    const result = await runCli(['rules']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(rules.length + 1);
    expect(lines[0]).toMatch(/^CE-ROUTE-01\s+MUST\s+custom-endpoint\s+\S/);
    expect(lines.at(-1)).toBe(`${rules.length} rule(s)`);
  });

  it('filters by patterns, level and target, and prints JSON', async () => {
    const result = await runCli([
      'rules',
      '--rules',
      'CE-STATE-*,SEC-1*',
      '--level',
      'must',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as Array<{ id: string; level: string }>;
    const expected = rules.filter(
      (rule) =>
        (rule.id.startsWith('CE-STATE-') || rule.id.startsWith('SEC-1')) && rule.level === 'MUST',
    );
    expect(listed.map((rule) => rule.id)).toEqual(expected.map((rule) => rule.id));
    expect(listed.length).toBeGreaterThan(0);

    const faas = JSON.parse(
      (await runCli(['rules', '--target', 'faas', '--json'])).stdout,
    ) as Array<{
      targets: string[];
    }>;
    expect(faas.length).toBe(rules.filter((rule) => rule.targets.includes('faas')).length);
    expect(faas.every((rule) => rule.targets.includes('faas'))).toBe(true);
  });

  it('says so when the filters leave nothing', async () => {
    const result = await runCli(['rules', '--rules', 'FAAS-*', '--target', 'connector']);
    expect(result).toEqual({ code: 0, stdout: 'No rule matches.\n', stderr: '' });
  });

  it.each([
    [['--rules', 'NOPE-*'], /Invalid --rules "NOPE-\*": it matches no rule ID/],
    [['--level', 'MAY'], /Invalid --level "MAY": expected MUST, SHOULD or INFO/],
    [
      ['--target', 'lambda'],
      /Invalid --target "lambda": expected custom-endpoint, faas or connector/,
    ],
    [['--verbose'], /Unknown option '--verbose'/],
  ])('exits 2 with one message for %j', async (args, message) => {
    const result = await runCli(['rules', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});
