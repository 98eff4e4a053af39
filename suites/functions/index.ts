import type { Check } from '../../harness/index.ts';
import { actionNamesCheck } from './action-names.ts';
import { callBackObjectCheck } from './call-back-object.ts';
import { chatWelcomeCheck } from './chat-welcome.ts';
import { errorCallbackCheck } from './error-callback.ts';
import { invocationWithinLimitCheck, invocationWithinSecondCheck } from './invocation-time.ts';
import { legacyStructuredContentCheck } from './legacy-structured-content.ts';
import { outputShapeCheck } from './output-shape.ts';
import { tolerantInputCheck } from './tolerant-input.ts';

export { type FaasAnswer, type FaasOutcome, sessionAnswers } from './faas-answers.ts';
export { type FaasProbe, faasAnswers, faasProbes, type ProbeName } from './faas-probes.ts';

/** One check per rule of the FAAS group (LivePerson Functions-style functions). */
export const faasChecks: readonly Check[] = [
  callBackObjectCheck,
  invocationWithinLimitCheck,
  invocationWithinSecondCheck,
  outputShapeCheck,
  actionNamesCheck,
  chatWelcomeCheck,
  legacyStructuredContentCheck,
  errorCallbackCheck,
  tolerantInputCheck,
];
