import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReportError } from './report-error.ts';
import { sampleInput } from './test-support/sample-report.ts';
import { writeReports } from './write-reports.ts';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tpb-reports-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeReports', () => {
  it('creates the directory and writes the four reports', async () => {
    const dir = join(root, 'nested', 'tpb-report');
    const { files } = await writeReports(dir, sampleInput());
    expect(files).toEqual(
      ['report.json', 'junit.xml', 'index.html', 'summary.md'].map((name) => join(dir, name)),
    );
    expect((await readdir(dir)).sort()).toEqual([
      'index.html',
      'junit.xml',
      'report.json',
      'summary.md',
    ]);
    expect(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')).verdict).toBe('fail');
  });

  it('writes nothing when the report is invalid', async () => {
    const dir = join(root, 'tpb-report');
    const input = sampleInput({ durationMs: -1 });
    await expect(writeReports(dir, input)).rejects.toMatchObject({
      name: 'ReportError',
      code: 'TPB_REPORT_INVALID',
    });
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('says which directory it could not write', async () => {
    // report.json is a file, so no directory can be made under it.
    await writeReports(root, sampleInput());
    const error = await writeReports(join(root, 'report.json', 'sub'), sampleInput()).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ReportError);
    expect((error as ReportError).code).toBe('TPB_REPORT_WRITE');
    expect((error as ReportError).message).toMatch(
      /^Failed to write reports to .*report\.json\/sub: /,
    );
  });
});
