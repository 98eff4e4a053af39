// `npm run bench`: each benchmark runs the mock and a raw loopback ceiling side by side in one
// process and reports both and their ratio; then the loop rows (a) to (f) of issue 12, with their
// ratios and targets. Prints two tables, or the results as JSON with --json.
import { MockCloud } from '../../mocks/index.ts';
import { cliStart } from './cli-start.ts';
import { csds } from './csds.ts';
import { loopRows, loopTable } from './loop-rows.ts';
import { type BenchResult, type Comparison, compare } from './measure.ts';
import { sentinelToken } from './sentinel-token.ts';
import { umsMessagePath } from './ums-message-path.ts';
import { umsRoundTrip } from './ums-round-trip.ts';

type Bench = (cloud: MockCloud) => Promise<Comparison & { close: () => Promise<void> }>;

const benches: Bench[] = [
  (cloud) => umsRoundTrip(cloud, 'ws'),
  (cloud) => umsRoundTrip(cloud, 'wss'),
  umsMessagePath,
  sentinelToken,
  csds,
  cliStart,
];

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--json');
  if (unknown.length > 0) {
    console.error(
      `Failed to run the benchmarks: unknown argument ${unknown.join(' ')}. Use --json.`,
    );
    return 2;
  }
  const cloud = await MockCloud.start();
  const results: BenchResult[] = [];
  try {
    for (const bench of benches) {
      const comparison = await bench(cloud);
      try {
        results.push(await compare(comparison));
      } finally {
        await comparison.close();
      }
    }
  } finally {
    await cloud.stop();
  }
  const loop = await loopRows();
  process.stdout.write(
    args.includes('--json')
      ? `${JSON.stringify({ comparisons: results, loop }, null, 2)}\n`
      : `${table(results)}${startLine(results)}\n${loopTable(loop)}`,
  );
  return 0;
}

/** The CLI's start as the issue states its target: a multiple of `node -e 0`'s time. */
function startLine(results: BenchResult[]): string {
  const start = results.find((result) => result.name.startsWith('CLI --help start'));
  return start
    ? `\nCLI --help start time: ${(1 / start.ratio).toFixed(1)}x node -e 0 (target <= 3x)\n`
    : '';
}

function table(results: BenchResult[]): string {
  const rows = [
    ['benchmark', 'ours ops/s', 'ceiling ops/s', 'ratio'],
    ...results.map((r) => [r.name, r.ours.toFixed(0), r.ceiling.toFixed(0), r.ratio.toFixed(2)]),
  ];
  const widths = [0, 1, 2, 3].map((column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return `${rows.map(line).join('\n')}\n`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`Failed to run the benchmarks: ${error instanceof Error ? error.stack : error}`);
    process.exitCode = 2;
  },
);
