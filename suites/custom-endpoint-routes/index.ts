import type { Check } from '../../harness/index.ts';
import { answeredInTimeCheck } from './answered-in-time.ts';
import { botIdFormatCheck } from './bot-id-format.ts';
import { jsonBodiesCheck } from './json-bodies.ts';
import { routeLatencyCheck } from './route-latency.ts';
import { environmentsServedCheck, routesServedCheck } from './routes-served.ts';

export { answeredInTimeCheck } from './answered-in-time.ts';
export { botIdFormatCheck } from './bot-id-format.ts';
export { jsonBodiesCheck } from './json-bodies.ts';
export {
  createRouteLatencyCheck,
  defaultP95LimitMs,
  percentile,
  type RouteLatencyOptions,
  routeLatencyCheck,
} from './route-latency.ts';
export { environmentsServedCheck, routesServedCheck } from './routes-served.ts';

/** CE-ROUTE: the Custom Endpoint's routes and transport, one check per rule. */
export const ceRouteChecks: readonly Check[] = [
  routesServedCheck,
  environmentsServedCheck,
  answeredInTimeCheck,
  routeLatencyCheck,
  jsonBodiesCheck,
  botIdFormatCheck,
];
