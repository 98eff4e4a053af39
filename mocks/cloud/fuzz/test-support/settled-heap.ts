import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Bytes of heap in use after full garbage collections, so that two readings compare what is
 * retained rather than what is merely not collected yet. V8's `gc` is switched on for this.
 */
export function settledHeapBytes(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
