import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchChild, forkBenchChild } from './bench-child.ts';
import { certificationCommand, certificationRun } from './certification-run.ts';
import { callerEventPosts, loopConcurrency, rawEventPosts } from './custom-endpoint-caller.ts';
import { fullLoopSide, type LoopContext, loopContext } from './full-loop.ts';
import { compareSides, type Side } from './measure.ts';
import { open999 } from './open-999.ts';

/** One row of the loop table: what it measures, the command that reproduces it, its figure. */
export interface LoopRow {
  row: 'a' | 'b' | 'c' | 'd' | 'e' | 'f';
  name: string;
  /** The command, or the code, that produced the figure. */
  command: string;
  value: number;
  unit: 'requests/s' | 'turns/s' | 'ms' | 'MB';
}

/** A target of issue 12, and whether this run met it. */
export interface LoopTarget {
  name: string;
  value: number;
  /** `>= 0.8`, `<= 2000 ms`: the bound, as it is written. */
  target: string;
  met: boolean;
}

export interface LoopRows {
  rows: LoopRow[];
  targets: LoopTarget[];
  /** Timed rounds of rows (a) to (d), side by side. */
  rounds: number;
}

const atLeast = (name: string, value: number, bound: number): LoopTarget => ({
  name,
  value,
  target: `>= ${bound}`,
  met: value >= bound,
});
const atMost = (name: string, value: number, bound: number, unit: string): LoopTarget => ({
  name,
  value,
  target: `<= ${bound} ${unit}`,
  met: value <= bound,
});

/**
 * Rows (a) to (f) of issue 12. (a) to (d) run side by side in paired rounds against servers in
 * child processes: row (a)'s raw endpoint (serving (a), (b), (c) and later (e)) and Pact's mock
 * server (d). Then (e) in child processes of its own, and (f) as the compiled CLI.
 */
export async function loopRows(): Promise<LoopRows> {
  const pactDir = await mkdtemp(join(tmpdir(), 'tpb-bench-pact-'));
  const children: Array<BenchChild<unknown>> = [];
  const closers: Array<() => Promise<void>> = [];
  try {
    const raw = await forkBenchChild<{ origin: string }>('./raw-json-endpoint-process.ts');
    children.push(raw);
    const pact = await forkBenchChild<{ origin: string }>('./pact-peer-process.ts', {
      TPB_BENCH_PACT_DIR: pactDir,
    });
    children.push(pact);
    const a = rawEventPosts(raw.message.origin);
    const b = callerEventPosts(raw.message.origin);
    const d = rawEventPosts(pact.message.origin);
    closers.push(a.close, b.close, d.close);
    const loop: LoopContext = await loopContext(raw.message.origin);
    closers.push(loop.close);
    const sides: Side[] = [
      { name: 'a', run: a.run, opsPerRound: 6000 },
      { name: 'b', run: b.run, opsPerRound: 6000 },
      fullLoopSide(loop, 1600),
      { name: 'd', run: d.run, opsPerRound: 3000 },
    ];
    const measured = await compareSides(sides, [
      ['b', 'a'],
      ['c', 'a'],
      ['c', 'd'],
    ]);
    const rate = (side: string) => measured.opsPerSecond[side] ?? Number.NaN;
    const ratio = (index: number) => measured.ratios[index]?.ratio ?? Number.NaN;
    for (const close of closers.splice(0).reverse()) await close();

    const e = await open999(raw.message.origin);
    const f = await certificationRun();
    const inFlight = `${loopConcurrency} in flight`;
    const bench = 'npm run bench';
    const rows: LoopRow[] = [
      {
        row: 'a',
        name: `raw loopback ceiling: node:http JSON endpoint, pooled undici (${inFlight})`,
        command: `${bench} (harness/bench/raw-json-endpoint-process.ts, rawEventPosts)`,
        value: rate('a'),
        unit: 'requests/s',
      },
      {
        row: 'b',
        name: `CustomEndpointClient.sendEvent against (a) (${inFlight})`,
        command: `${bench} (harness/bench/custom-endpoint-caller.ts, callerEventPosts)`,
        value: rate('b'),
        unit: 'requests/s',
      },
      {
        row: 'c',
        name: `full loop, (a) as the candidate (${loopConcurrency} conversations)`,
        command: `${bench} (harness/bench/full-loop.ts, runLoad)`,
        value: rate('c'),
        unit: 'turns/s',
      },
      {
        row: 'd',
        name: `peer: Pact V4 mock server, same request and reply (${inFlight})`,
        command: `${bench} (harness/bench/pact-peer-process.ts, rawEventPosts)`,
        value: rate('d'),
        unit: 'requests/s',
      },
      {
        row: 'e',
        name: '999 conversations, one turn each: wall time',
        command: `${bench} (harness/bench/open-999-process.ts, runLoad)`,
        value: e.wallMs,
        unit: 'ms',
      },
      {
        row: 'e',
        name: '999 conversations, one turn each: peak RSS',
        command: 'same run',
        value: e.peakRssBytes / 2 ** 20,
        unit: 'MB',
      },
      {
        row: 'e',
        name: '999 conversations, one turn each: peak heap',
        command: 'same run',
        value: e.peakHeapBytes / 2 ** 20,
        unit: 'MB',
      },
      {
        row: 'f',
        name: 'full default certification run (built-in example bot)',
        command: certificationCommand,
        value: f.wallMs,
        unit: 'ms',
      },
    ];
    const targets = [
      atLeast('(b)/(a)', ratio(0), 0.8),
      atLeast('(c)/(a)', ratio(1), 0.4),
      atLeast('(c)/(d)', ratio(2), 4),
      atMost('(e) wall time', e.wallMs, 2000, 'ms'),
      atMost('(e) peak RSS', e.peakRssBytes / 2 ** 20, 300, 'MB'),
      atMost('(f) wall time', f.wallMs, 10_000, 'ms'),
    ];
    return { rows, targets, rounds: measured.rounds };
  } finally {
    for (const close of closers.reverse()) await close();
    for (const child of children) await child.stop();
    await rm(pactDir, { recursive: true, force: true });
  }
}

/** The loop rows as the table BENCHMARKS.md shows, then each target with its verdict. */
export function loopTable(result: LoopRows): string {
  const rows = [
    ['row', 'benchmark', 'figure', 'unit'],
    ...result.rows.map((r) => [
      `(${r.row})`,
      r.name,
      r.value.toFixed(r.unit === 'MB' ? 1 : 0),
      r.unit,
    ]),
  ];
  const widths = [0, 1, 2, 3].map((column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 2 ? cell.padStart(widths[2] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const targets = result.targets.map(
    (t) =>
      `${t.name.padEnd(14)} ${t.value.toFixed(t.target.endsWith('MB') || t.target.endsWith('ms') ? 0 : 2).padStart(6)}  target ${t.target}  ${t.met ? 'met' : 'MISSED'}`,
  );
  return `${rows.map(line).join('\n')}\n\n${targets.join('\n')}\n`;
}
