import type { Parameters } from 'fast-check';

/** The seed every property starts from, so that a run is repeatable; `TPB_FUZZ_SEED` changes it. */
export const defaultFuzzSeed = 13_2026;

/**
 * fast-check parameters of one property: `runs` in `npm test` (the fixed budget), or the
 * `TPB_FUZZ_RUNS` of `npm run fuzz`. The seed is fixed unless `TPB_FUZZ_SEED` says otherwise; a
 * failure prints its seed and counterexample, which then become a named regression test.
 *
 * @example
 * await fc.assert(fc.asyncProperty(badRequest, check), fuzzParameters(100));
 */
export function fuzzParameters<T>(runs: number): Parameters<T> {
  return {
    numRuns: positiveInteger('TPB_FUZZ_RUNS') ?? runs,
    seed: positiveInteger('TPB_FUZZ_SEED') ?? defaultFuzzSeed,
  };
}

function positiveInteger(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`Failed to read ${name}: expected a positive integer, got "${text}".`);
  }
  return value;
}

/**
 * A test timeout for a property of `runs` runs (or the TPB_FUZZ_RUNS of `npm run fuzz`) at up to
 * `msPerRun` each, so that a longer budget is not cut short by vitest's default of 5 s.
 */
export function fuzzTimeoutMs(runs: number, msPerRun: number): number {
  return 10_000 + (positiveInteger('TPB_FUZZ_RUNS') ?? runs) * msPerRun;
}
