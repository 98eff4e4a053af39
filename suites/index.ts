/**
 * Every check of every suite, one group index each. The runner picks a rule's check by its ID;
 * a rule of the catalogue without a check here stops a run that selects it (TPB_INTERNAL).
 */
import type { Check } from '../harness/index.ts';
import { botReplyChecks } from './bot-reply/index.ts';
import { umsChecks } from './connector/index.ts';
import { ceAuthChecks } from './custom-endpoint-auth/index.ts';
import { ceConvChecks } from './custom-endpoint-conversation/index.ts';
import { ceEventChecks } from './custom-endpoint-events/index.ts';
import { ceRouteChecks } from './custom-endpoint-routes/index.ts';
import { ceStateChecks } from './custom-endpoint-state/index.ts';
import { flowChecks } from './flow/index.ts';
import { faasChecks } from './functions/index.ts';
import { limitChecks } from './limit/index.ts';
import { secChecks } from './security/index.ts';
import { botScChecks } from './structured-content/index.ts';

export const allChecks: readonly Check[] = [
  ...ceRouteChecks,
  ...ceAuthChecks,
  ...ceStateChecks,
  ...ceConvChecks,
  ...ceEventChecks,
  ...botReplyChecks,
  ...botScChecks,
  ...flowChecks,
  ...limitChecks,
  ...faasChecks,
  ...umsChecks,
  ...secChecks,
];
