import { performance } from 'node:perf_hooks';

/** Performs `count` operations of one side of a comparison and resolves when all are done. */
export type Workload = (count: number) => Promise<void>;

/** One benchmark: our implementation and its ceiling, run the same way in the same process. */
export interface Comparison {
  name: string;
  ours: Workload;
  ceiling: Workload;
  /** Operations per timed round of each side. */
  opsPerRound: number;
}

export interface BenchResult {
  name: string;
  /** Median ops/s of our side over the rounds. */
  ours: number;
  /** Median ops/s of the ceiling over the rounds. */
  ceiling: number;
  /** Median of the per-round `ours / ceiling`: each pair ran back to back, so it shares the noise. */
  ratio: number;
  rounds: number;
  opsPerRound: number;
}

export interface MeasureOptions {
  /** Untimed rounds of each side first (JIT, connection pools, TLS sessions). */
  warmupRounds: number;
  /** Timed rounds of each side. */
  rounds: number;
}

export const measureDefaults: MeasureOptions = { warmupRounds: 1, rounds: 7 };

/**
 * Runs both sides in alternating order round after round (ours first in even rounds, the
 * ceiling first in odd ones), so that machine noise and warm-up drift hit both, and reports
 * the median ops/s of each and the median of the per-round ratios.
 */
export async function compare(
  comparison: Comparison,
  options: MeasureOptions = measureDefaults,
): Promise<BenchResult> {
  const { opsPerRound } = comparison;
  for (let round = 0; round < options.warmupRounds; round += 1) {
    await comparison.ours(opsPerRound);
    await comparison.ceiling(opsPerRound);
  }
  const ours: number[] = [];
  const ceiling: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    const sides = [
      [comparison.ours, ours],
      [comparison.ceiling, ceiling],
    ] as const;
    for (const [workload, rates] of round % 2 === 0 ? sides : [...sides].reverse()) {
      const started = performance.now();
      await workload(opsPerRound);
      rates.push((opsPerRound * 1000) / (performance.now() - started));
    }
    ratios.push((ours.at(-1) ?? 0) / (ceiling.at(-1) ?? 1));
  }
  return {
    name: comparison.name,
    ours: median(ours),
    ceiling: median(ceiling),
    ratio: median(ratios),
    rounds: options.rounds,
    opsPerRound,
  };
}

/** One side of a side-by-side measurement, with its own round size. */
export interface Side {
  name: string;
  run: Workload;
  /** Operations per timed round of this side. */
  opsPerRound: number;
}

export interface SidesResult {
  /** Median ops/s of each side over the rounds, by name. */
  opsPerSecond: Record<string, number>;
  /** For each asked pair, the median of the per-round `of / to`. */
  ratios: Array<{ of: string; to: string; ratio: number }>;
  rounds: number;
}

/**
 * `compare` for more than two sides: every round runs every side once, back to back, starting
 * with a different side each round (a rotation, reversed in odd rounds), so that each side meets
 * the noise in every position; each pair's ratio is the median of its per-round ratios.
 */
export async function compareSides(
  sides: readonly Side[],
  pairs: ReadonlyArray<readonly [of: string, to: string]>,
  options: MeasureOptions = measureDefaults,
): Promise<SidesResult> {
  for (let round = 0; round < options.warmupRounds; round += 1) {
    for (const side of sides) await side.run(side.opsPerRound);
  }
  const rates = new Map(sides.map((side) => [side.name, [] as number[]]));
  const ratios = pairs.map(() => [] as number[]);
  for (let round = 0; round < options.rounds; round += 1) {
    const rotated = sides.map((_, index) => sides[(index + round) % sides.length] as Side);
    const roundRates = new Map<string, number>();
    for (const side of round % 2 === 0 ? rotated : rotated.reverse()) {
      const started = performance.now();
      await side.run(side.opsPerRound);
      const rate = (side.opsPerRound * 1000) / (performance.now() - started);
      roundRates.set(side.name, rate);
      rates.get(side.name)?.push(rate);
    }
    pairs.forEach(([of, to], index) => {
      ratios[index]?.push((roundRates.get(of) ?? 0) / (roundRates.get(to) ?? Number.NaN));
    });
  }
  return {
    opsPerSecond: Object.fromEntries([...rates].map(([name, values]) => [name, median(values)])),
    ratios: pairs.map(([of, to], index) => ({ of, to, ratio: median(ratios[index] ?? []) })),
    rounds: options.rounds,
  };
}

/**
 * Runs `count` calls of `op` with at most `concurrency` in flight; rejects when one fails or
 * when the whole batch takes longer than `timeoutMs`, so a stuck side cannot hang the run.
 */
export function inFlight(
  count: number,
  concurrency: number,
  op: () => Promise<void>,
  timeoutMs = 15_000,
): Promise<void> {
  let issued = 0;
  const worker = async () => {
    while (issued < count) {
      issued += 1;
      await op();
    }
  };
  const workers = Array.from({ length: Math.min(concurrency, count) }, worker);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Failed to finish ${count} operations within ${timeoutMs} ms.`)),
      timeoutMs,
    );
  });
  return Promise.race([Promise.all(workers).then(() => undefined), timeout]).finally(() =>
    clearTimeout(timer),
  );
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}
