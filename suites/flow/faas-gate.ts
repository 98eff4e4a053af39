import { EventEmitter } from 'node:events';
import {
  createFaasInvoker,
  type FaasFunction,
  type FaasInvoker,
  type FaasTarget,
  faasMissingResponseBody,
} from '../../mocks/index.ts';

/** One invocation that reached the gate. */
export interface GatedInvocation {
  convId: string;
  /** Whether the candidate function was invoked. */
  forwarded: boolean;
}

/**
 * The function side of the fault proxy (FLOW-12): an in-process function the engine invokes in
 * place of the candidate. While `reachable` it invokes the candidate (module, URL or function)
 * and hands its answer back; otherwise it fails at once without invoking it, as an unreachable
 * function does. Every invocation is recorded (and emitted as `invocation`).
 */
export class FaasGate extends EventEmitter<{ invocation: [invocation: GatedInvocation] }> {
  reachable = true;
  readonly invocations: GatedInvocation[] = [];
  readonly #invoker: FaasInvoker;

  constructor(target: FaasTarget, timeoutMs: number) {
    super();
    this.#invoker = createFaasInvoker(target, { timeoutMs });
  }

  readonly fn: FaasFunction = (input, callback) => {
    const convId = typeof input?.payload?.convId === 'string' ? input.payload.convId : '';
    if (!this.reachable) {
      this.#record({ convId, forwarded: false });
      callback(new Error('tpb-conformance fault gate: the function is unreachable'));
      return;
    }
    this.#record({ convId, forwarded: true });
    this.#invoker.invoke(input.payload).then((result) => {
      if (result.ok) callback(null, result.output);
      else if (result.code === faasMissingResponseBody) callback(null, null);
      else callback(new Error(result.detail));
    }, callback);
  };

  #record(invocation: GatedInvocation): void {
    this.invocations.push(invocation);
    this.emit('invocation', invocation);
  }

  /** Invocations for one conversation. */
  invocationsFor(convId: string): GatedInvocation[] {
    return this.invocations.filter((entry) => entry.convId === convId);
  }

  close(): Promise<void> {
    return this.#invoker.close();
  }
}
