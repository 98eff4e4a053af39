export {
  type ConsumerOpenOptions,
  ConsumerSimulator,
  type ConsumerSimulatorOptions,
} from './consumer-simulator.ts';
export {
  ConsumerSimulatorError,
  type ConsumerSimulatorErrorCode,
  consumerSimulatorErrorStatus,
} from './consumer-simulator-error.ts';
export { buildTranscript } from './transcript.ts';
export { type WaitForOptions, WaitTimeoutError, waitForStore } from './wait-for.ts';
