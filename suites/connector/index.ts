import type { Check } from '../../harness/index.ts';
import { brandSocketCheck } from './brand-socket.ts';
import { closeFieldsCheck } from './close-fields.ts';
import { csdsHostsCheck } from './csds-hosts.ts';
import { keepAliveCheck } from './keep-alive.ts';
import { noEchoCheck } from './no-echo.ts';
import { onlineSubscribedCheck } from './online-subscribed.ts';
import { ownedConversationsCheck } from './owned-conversations.ts';
import { publishEventShapeCheck } from './publish-event-shape.ts';
import { reconnectCheck } from './reconnect.ts';
import { replyInTimeCheck } from './reply-in-time.ts';
import { ringAcceptCheck } from './ring-accept.ts';
import { sessionRefreshCheck } from './session-refresh.ts';
import { singleSessionCheck } from './single-session.ts';
import { transferFieldsCheck } from './transfer-fields.ts';

export { brandSocketCheck } from './brand-socket.ts';
export { closeFieldsCheck } from './close-fields.ts';
export {
  type ConnectorEnvironment,
  type ConnectorExit,
  ConnectorProcess,
  connectorVariables,
  redact,
} from './connector-process.ts';
export {
  ConnectorRecorder,
  type HttpRecord,
  type RingRecord,
  type SessionRecord,
  type UpgradeRecord,
} from './connector-recorder.ts';
export {
  type ConnectorSession,
  type ConsumerTurn,
  type ConversationsResult,
  connectorSession,
  connectorSkills,
  type EchoProbe,
  type ReadyResult,
  type RecoveryResult,
  type RecoveryStep,
  type ScriptedConversation,
  stopConnector,
  type TtlResult,
} from './connector-session.ts';
export {
  type ConnectorTimings,
  configureConnector,
  connectorTimings,
  defaultConnectorTimings,
} from './connector-timings.ts';
export { csdsHostsCheck } from './csds-hosts.ts';
export { keepAliveCheck } from './keep-alive.ts';
export { noEchoCheck } from './no-echo.ts';
export { onlineSubscribedCheck } from './online-subscribed.ts';
export { ownedConversationsCheck } from './owned-conversations.ts';
export { publishEventShapeCheck } from './publish-event-shape.ts';
export { reconnectCheck } from './reconnect.ts';
export { replyInTimeCheck } from './reply-in-time.ts';
export { ringAcceptCheck } from './ring-accept.ts';
export { sessionRefreshCheck } from './session-refresh.ts';
export { singleSessionCheck } from './single-session.ts';
export { transferFieldsCheck } from './transfer-fields.ts';

/** UMS: the connector on the wire, one check per rule (UMS-01 to UMS-14). */
export const umsChecks: readonly Check[] = [
  csdsHostsCheck,
  brandSocketCheck,
  onlineSubscribedCheck,
  ringAcceptCheck,
  ownedConversationsCheck,
  replyInTimeCheck,
  publishEventShapeCheck,
  noEchoCheck,
  transferFieldsCheck,
  closeFieldsCheck,
  singleSessionCheck,
  reconnectCheck,
  sessionRefreshCheck,
  keepAliveCheck,
];
