/**
 * The layers of this repository and what each may import (docs/architecture.md).
 * `schemas <- mocks <- harness <- suites`, with `reports` beside `harness`: it reads results and
 * knows nothing of how they were produced.
 */
export const layerDependencies = {
  schemas: [],
  mocks: ['schemas'],
  reports: ['schemas'],
  harness: ['schemas', 'mocks', 'reports'],
  suites: ['schemas', 'mocks', 'harness'],
} as const satisfies Record<string, readonly string[]>;

export type Layer = keyof typeof layerDependencies;

/** A layer's only door: other layers import it and nothing else. */
export const doorOf = (layer: Layer): string => `${layer}/index.ts`;

/**
 * Composition roots: they wire every layer together (the checks of `suites` into the runner), so
 * they may import any layer's door: the CLI's entry and the package's (`certify()`).
 */
export const compositionRoots: readonly string[] = [
  'harness/cli/tpb-conformance.ts',
  'harness/public.ts',
];

/**
 * Test code: test files, `test-support/` folders and the scripts that `npm run` starts for
 * development (benchmarks, the robustness report). Nothing in production imports it, so it may
 * import any layer's door and any test support.
 */
export function isTestCode(file: string): boolean {
  return (
    /\.test\.ts$/.test(file) ||
    file.split('/').includes('test-support') ||
    file.startsWith('harness/bench/') ||
    file.startsWith('harness/robustness/') ||
    file.startsWith('harness/layers/')
  );
}
