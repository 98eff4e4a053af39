import type { Check } from '../../harness/index.ts';
import {
  limit01ServesCap,
  limit02EscalatesOverCap,
  limit03KeepsServing,
  limit04CapCountsOpen,
} from './limit-cap.ts';
import { limit05RecommendedLoad, limit06Measurements } from './limit-latency.ts';

export { type LimitScenario, limitScenario } from './limit-scenario.ts';

/** LIMIT: the 999 open-conversation cap and capacity, one check per rule (one shared scenario). */
export const limitChecks: readonly Check[] = [
  limit01ServesCap,
  limit02EscalatesOverCap,
  limit03KeepsServing,
  limit04CapCountsOpen,
  limit05RecommendedLoad,
  limit06Measurements,
];
