/**
 * What each target kind's reply format calls the things the reply rules judge, in one table: a
 * new kind fails to compile here until its format is described, instead of being read as a
 * Custom Endpoint's. A connector's frames carry no actions or DELAY items (wire-connector.ts) and
 * the rules about them apply to engine targets only, so its row just completes the table.
 *
 * @see docs/spec/tpb-platform.md#22-actions §2.2 (wire names), §3.2
 * @see docs/spec/custom-endpoint.md#63-reply §6.3, §10 D14, D16
 */
import type { TargetKind } from '../../harness/index.ts';
import { customEndpointActionNames, faasActionNames } from '../../mocks/index.ts';

export interface WireFormat {
  /** Where a reply's messages sit (BOT-REPLY-01). */
  messagesPath: string;
  /** The action names, in exact case (BOT-REPLY-03). */
  actionNames: readonly string[];
  /** The TRANSFER parameter that names the skill (BOT-REPLY-04, 05). */
  transferSkill: string;
  /** Whether a TRANSFER may name only an agentId, with a warning (OpenAPI variant D14). */
  agentOnlyTransfer: boolean;
  /** The action that invokes a LivePerson Function (BOT-REPLY-08). */
  invokeAction: string;
  /** Whether that action may omit its payload, with a warning (D16). */
  payloadOptional: boolean;
  /** The DELAY item's field of seconds (BOT-REPLY-09). */
  delaySeconds: string;
}

export const wireFormats: Record<TargetKind, WireFormat> = {
  'custom-endpoint': {
    messagesPath: '/response',
    actionNames: customEndpointActionNames,
    transferSkill: 'skillName',
    agentOnlyTransfer: true,
    invokeAction: 'INVOKE_FUNCTION',
    payloadOptional: true,
    delaySeconds: 'seconds',
  },
  faas: {
    messagesPath: '/messages',
    actionNames: faasActionNames,
    transferSkill: 'skill',
    agentOnlyTransfer: false,
    invokeAction: 'INVOCATION',
    payloadOptional: false,
    delaySeconds: 'delay',
  },
  connector: {
    messagesPath: '/response',
    actionNames: customEndpointActionNames,
    transferSkill: 'skillName',
    agentOnlyTransfer: false,
    invokeAction: 'INVOKE_FUNCTION',
    payloadOptional: false,
    delaySeconds: 'seconds',
  },
};
