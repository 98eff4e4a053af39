import type { Check } from '../../harness/index.ts';
import { deprecatedScopeCheck } from './deprecated-scope.ts';
import { noSecretEchoCheck, noStackTraceCheck } from './error-hygiene.ts';
import { rejectionChecks } from './rejection-checks.ts';
import { schemeWordCheck } from './scheme-word.ts';

/** SEC: token attacks and error hygiene (custom-endpoint.md §7.3, §9; rules.md SEC). */
export const secChecks: readonly Check[] = [
  ...rejectionChecks,
  deprecatedScopeCheck,
  noSecretEchoCheck,
  noStackTraceCheck,
  schemeWordCheck,
];
