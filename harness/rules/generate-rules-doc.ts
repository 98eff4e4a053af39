/**
 * Writes `docs/rules.md` from the rule catalogue. `--check` renders in memory and fails when the
 * committed file is stale or missing. Chained after `schemas/generate.ts` in `npm run gen`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderRulesMarkdown } from './render-rules-markdown.ts';

const target = new URL('../../docs/rules.md', import.meta.url);

function main(check: boolean): number {
  const wanted = renderRulesMarkdown();
  if (!check) {
    writeFileSync(target, wanted);
    return 0;
  }
  let present: string | undefined;
  try {
    present = readFileSync(target, 'utf8');
  } catch {
    present = undefined;
  }
  if (present === wanted) return 0;
  console.error(
    `Failed to verify docs/rules.md: it is ${present === undefined ? 'missing' : 'stale'}. Run "npm run gen" and commit the result.`,
  );
  return 1;
}

process.exitCode = main(process.argv.includes('--check'));
