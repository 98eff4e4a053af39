import type { Check } from '../../harness/index.ts';
import { richContentEventCheck, startEventCheck } from './content-events.ts';
import { malformedEventsCheck } from './malformed-events.ts';
import { responseItemsCheck, textEventCheck } from './text-event.ts';
import { tolerantReadingCheck } from './tolerant-reading.ts';
import { unknownConversationCheck } from './unknown-conversation.ts';
import { variantEventsCheck } from './variant-events.ts';

export { richContentEventCheck, startEventCheck } from './content-events.ts';
export { malformedBodies, malformedEventsCheck } from './malformed-events.ts';
export { envelopeProblem, itemProblem, responseItemsCheck, textEventCheck } from './text-event.ts';
export { tolerantReadingCheck, tolerantVariants } from './tolerant-reading.ts';
export { unknownConversationCheck } from './unknown-conversation.ts';
export { variantEvents, variantEventsCheck } from './variant-events.ts';

/** CE-EVENT: send conversation event (POST), one check per rule. */
export const ceEventChecks: readonly Check[] = [
  unknownConversationCheck,
  textEventCheck,
  responseItemsCheck,
  richContentEventCheck,
  startEventCheck,
  variantEventsCheck,
  tolerantReadingCheck,
  malformedEventsCheck,
];
