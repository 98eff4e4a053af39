import type { Check } from '../../harness/index.ts';
import { botOnlineCheck, botStatusShapeCheck } from './bot-state.ts';
import { draftEnvironmentCheck, environmentListCheck } from './environment-list.ts';
import { stateVersionCheck } from './state-version.ts';
import { unknownStateCheck } from './unknown-state.ts';

export { botOnlineCheck, botStates, botStatusShapeCheck, stateBodyProblem } from './bot-state.ts';
export {
  draftEnvironmentCheck,
  environmentList,
  environmentListCheck,
} from './environment-list.ts';
export { semverPattern, stateVersionCheck } from './state-version.ts';
export { unknownStateCheck } from './unknown-state.ts';

/** CE-STATE: environments and bot state, one check per rule. */
export const ceStateChecks: readonly Check[] = [
  botStatusShapeCheck,
  botOnlineCheck,
  unknownStateCheck,
  environmentListCheck,
  draftEnvironmentCheck,
  stateVersionCheck,
];
