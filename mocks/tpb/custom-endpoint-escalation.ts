import { customEndpointErrorCodePrefix } from '../platform/error-codes.ts';

/** Why a Custom Endpoint call failed, as the client reports it. */
export type CustomEndpointFailureReason =
  | 'timeout'
  | 'unreachable'
  | `http-${number}`
  | 'invalid-json';

/**
 * Why a conversation is escalated because of its Custom Endpoint: a failed call, or a parsed
 * reply the engine could not use (`invalid-response`, decided by the reply checks).
 */
export type CustomEndpointEscalationReason = CustomEndpointFailureReason | 'invalid-response';

/**
 * The escalation code the mock records for a Custom Endpoint failure. LivePerson documents no
 * Custom Endpoint code, so this is mock design outside its namespace (tpb-platform.md §8).
 *
 * @example
 * customEndpointErrorCode('http-503'); // 'tpb-conformance.mock.customendpoint.http-503'
 */
export function customEndpointErrorCode(reason: CustomEndpointEscalationReason): string {
  return `${customEndpointErrorCodePrefix}${reason}`;
}
