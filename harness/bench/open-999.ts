import { forkBenchChild } from './bench-child.ts';
import { measureDefaults, median } from './measure.ts';
import type { Open999Figures } from './open-999-process.ts';

/** Cold processes per measurement: each run is a fresh child, after one untimed run. */
const repetitions = 3;

/**
 * Row (e): 999 conversations with one turn each against row (a)'s endpoint, in a fresh child
 * process per repetition (open-999-process.ts). One untimed run first (the OS file cache, tsx's
 * compile cache); the figures are the medians of the rest.
 */
export async function open999(origin: string): Promise<Open999Figures & { repetitions: number }> {
  const runs: Open999Figures[] = [];
  for (let run = 0; run < measureDefaults.warmupRounds + repetitions; run += 1) {
    const child = await forkBenchChild<Open999Figures>('./open-999-process.ts', {
      TPB_BENCH_ORIGIN: origin,
    });
    await child.exit();
    if (run >= measureDefaults.warmupRounds) runs.push(child.message);
  }
  return {
    wallMs: median(runs.map((run) => run.wallMs)),
    peakRssBytes: median(runs.map((run) => run.peakRssBytes)),
    peakHeapBytes: median(runs.map((run) => run.peakHeapBytes)),
    repetitions,
  };
}
