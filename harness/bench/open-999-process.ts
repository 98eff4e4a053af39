// Row (e) in a child process of its own, so that the memory figures are the harness's alone: the
// run context of `tpb-conformance load` against row (a)'s endpoint, then 999 conversations (the
// platform's cap per bot) opened at once with one turn each.
// Input: the environment variable TPB_BENCH_ORIGIN, row (a)'s endpoint.
// Output (IPC): an `Open999Figures`.
import { runLoad } from '../load/run-load.ts';
import { reportToParent } from './bench-child.ts';
import { assertClean, loopContext } from './full-loop.ts';

export interface Open999Figures {
  /** From the first conversation opened to the last turn answered. */
  wallMs: number;
  /** The process's peak resident set (`maxRSS`), mock cloud and harness together. */
  peakRssBytes: number;
  /** The most V8 heap in use, sampled every 5 ms during the load. */
  peakHeapBytes: number;
}

const origin = process.env.TPB_BENCH_ORIGIN;
if (!origin) throw new Error('TPB_BENCH_ORIGIN is not set; run this through `npm run bench`.');

const loop = await loopContext(origin);
let peakHeapBytes = process.memoryUsage().heapUsed;
const sampler = setInterval(() => {
  peakHeapBytes = Math.max(peakHeapBytes, process.memoryUsage().heapUsed);
}, 5);
try {
  const started = performance.now();
  const result = await runLoad(loop.context, {
    conversations: 999,
    turns: 1,
    rampUpMs: 0,
    thinkTimeMs: 0,
  });
  const wallMs = performance.now() - started;
  assertClean(result, '999 conversations');
  peakHeapBytes = Math.max(peakHeapBytes, process.memoryUsage().heapUsed);
  const figures: Open999Figures = {
    wallMs,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    peakHeapBytes,
  };
  await reportToParent(figures);
} finally {
  clearInterval(sampler);
  await loop.close();
  // The IPC channel would keep this process alive; the parent waits for it to end.
  process.disconnect();
}
