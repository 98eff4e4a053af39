/**
 * A LivePerson Function in the platform's callback style, for faas-invoker tests: it answers
 * with the consumer's message echoed and the keys of the invocation it received.
 */
import type { FaaSExternalInvocationBody } from '../../../schemas/index.ts';
import type { FaasCallback } from '../faas-invoker.ts';

export function lambda(input: FaaSExternalInvocationBody, callback: FaasCallback): void {
  callback(null, {
    messages: [`echo: ${input.payload.message}`],
    context: { intentId: Object.keys(input).sort().join(','), confidenceScore: 1 },
  });
}
