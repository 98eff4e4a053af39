/**
 * The CI recipes in docs/ci/ (issue 10) stay true to the CLI: each parses as YAML, every
 * `npx tpb-conformance …` line in it goes through the CLI's own parser (with --help appended, so
 * that nothing runs: an unknown command or flag fails it), and the job uploads the reports
 * whatever the verdict.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from './test-support/run-cli.ts';

interface Upload {
  always: boolean;
  paths: string[];
}

interface GitHubStep {
  uses?: string;
  if?: string;
  with?: { path?: string };
}

interface GitLabJob {
  artifacts?: { when?: string; paths?: string[] };
}

/** Where each CI system says what it keeps of a job, and whether it does so when the job fails. */
const recipes: Record<string, (document: unknown) => Upload[]> = {
  'github-actions.yml': (document) =>
    Object.values((document as { jobs: Record<string, { steps: GitHubStep[] }> }).jobs)
      .flatMap((job) => job.steps)
      .filter((step) => step.uses?.startsWith('actions/upload-artifact@'))
      .map((step) => ({
        always: step.if === 'always()',
        paths: (step.with?.path ?? '').split('\n').filter(Boolean),
      })),
  'gitlab-ci.yml': (document) =>
    Object.values(document as Record<string, GitLabJob>).flatMap((job) =>
      job.artifacts === undefined
        ? []
        : [{ always: job.artifacts.when === 'always', paths: job.artifacts.paths ?? [] }],
    ),
};

/** Every string in a parsed document; the shell lines are among them. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** The words of a shell command line, unquoted, up to its first operator, redirect or comment. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const [token] of line.matchAll(/(?:[^\s'"]|'[^']*'|"(?:\\.|[^"\\])*")+/g)) {
    if (/^(?:&&|\|\||[;|&]|#.*|\d*>.*)$/.test(token)) break;
    words.push(
      token.replace(/'([^']*)'|"((?:\\.|[^"\\])*)"/g, (_, single?: string, double?: string) =>
        single !== undefined ? single : (double ?? '').replace(/\\(.)/g, '$1'),
      ),
    );
  }
  return words;
}

/** The arguments of each `npx tpb-conformance …` in the document. */
function invocations(document: unknown): string[][] {
  return strings(document)
    .flatMap((script) => script.replace(/\\\n/g, ' ').split('\n'))
    .map(shellWords)
    .flatMap((words) => {
      const at = words.findIndex((word, i) => word === 'npx' && words[i + 1] === 'tpb-conformance');
      return at === -1 ? [] : [words.slice(at + 2)];
    });
}

describe.each(Object.entries(recipes))('docs/ci/%s', (name, uploadsOf) => {
  const document: unknown = parse(
    readFileSync(new URL(`../../docs/ci/${name}`, import.meta.url), 'utf8'),
  );
  const calls = invocations(document);
  const run = calls.find((args) => args[0] === 'run');

  it('certifies a service started in the job: run --base-url', () => {
    expect(run).toContain('--base-url');
  });

  it.each(calls.map((args) => [args.join(' '), args] as const))(
    'names only commands and flags the CLI takes: %s',
    async (_, args) => {
      const result = await runCli([...args, '--help']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    },
  );

  it("uploads run's report directory, failed or not", () => {
    const reportDir = run?.[run.indexOf('--report-dir') + 1];
    expect(reportDir).toBeDefined();
    expect(uploadsOf(document)).toContainEqual({
      always: true,
      paths: expect.arrayContaining([`${reportDir}/`]),
    });
  });
});
