export type { Deliver } from './account-hub.ts';
export {
  type ExConversationFilter,
  ExConversationSubscription,
  initialConversationsCap,
} from './ex-conversation-subscription.ts';
export type { UserProfileLookup } from './request-handlers.ts';
export {
  errorResponseType,
  isUmsRequestType,
  notificationBodySchemas,
  responseBodySchemas,
  type UmsRequestType,
  type UmsRequestTypeSpec,
  umsNotificationTypes,
  umsRequestTypes,
} from './request-types.ts';
export {
  type TrafficDirection,
  type TrafficEntry,
  TrafficLog,
  type TrafficLogEvents,
  type TrafficLogOptions,
  trafficEvidence,
} from './traffic-log.ts';
export type {
  UmsConnectionInfo,
  UmsNotificationFrame,
  UmsResponseFrame,
  UmsTarget,
} from './ums-connection.ts';
export { type FailNextOptions, UmsFaults } from './ums-faults.ts';
export { UmsRequestError, umsErrorCodes } from './ums-request-error.ts';
export { UmsServer, type UmsServerOptions } from './ums-server.ts';
export type { UmsSession, UmsSessionSource } from './ums-session-source.ts';
export { parseBrandPath, rejectUpgrade } from './upgrade-path.ts';
