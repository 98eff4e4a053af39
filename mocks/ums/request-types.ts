import type { SchemaId } from '../../schemas/index.ts';

/** How the mock answers one request type: the schema its body must match and its response type. */
export interface UmsRequestTypeSpec {
  bodySchema: SchemaId;
  /** Wire `type` of the success response (documented ones per ums.md §7, plausible ones otherwise). */
  responseType: string;
}

/**
 * Every request type the mock handles (ums.md §7). Response types marked "documented" come from
 * LivePerson's docs; the others are the mock's choice (spec open question 1).
 */
export const umsRequestTypes = {
  '.GetClock': { bodySchema: 'ums-get-clock-request', responseType: '.GetClock$Response' },
  '.ams.routing.SetAgentState': {
    bodySchema: 'ums-set-agent-state-request',
    responseType: '.ReqBody$StringResp',
  },
  '.ams.routing.SubscribeAgentsState': {
    bodySchema: 'ums-subscribe-agents-state-request',
    responseType: '.ams.GenericSubscribe$Response',
  },
  '.ams.routing.SubscribeRoutingTasks': {
    bodySchema: 'ums-subscribe-routing-tasks-request',
    responseType: '.ams.GenericSubscribe$Response',
  },
  '.ams.routing.UpdateRoutingTaskSubscription': {
    bodySchema: 'ums-update-routing-task-subscription-request',
    responseType: '.ReqBody$StringResp',
  },
  '.ams.routing.UpdateRingState': {
    bodySchema: 'ums-update-ring-state-request',
    responseType: '.ReqBody$StringResp',
  },
  '.ams.aam.SubscribeExConversations': {
    bodySchema: 'ums-subscribe-ex-conversations-request',
    responseType: '.ams.aam.SubscribeExConversations$Response',
  },
  '.ams.aam.UnsubscribeExConversations': {
    bodySchema: 'ums-unsubscribe-ex-conversations-request',
    responseType: '.ReqBody$StringResp',
  },
  '.ams.cm.UpdateConversationField': {
    bodySchema: 'ums-update-conversation-field-request',
    responseType: '.ReqBody$StringResp',
  },
  '.ams.cm.AgentRequestConversation': {
    bodySchema: 'ums-agent-request-conversation-request',
    responseType: '.ams.cm.AgentRequestConversation$Response',
  },
  '.ams.ms.PublishEvent': {
    bodySchema: 'ums-publish-event-request',
    responseType: '.ams.ms.PublishEvent$Response',
  },
  '.ams.ms.QueryMessages': {
    bodySchema: 'ums-query-messages-request',
    responseType: '.ams.ms.QueryMessages$Response',
  },
  '.ams.userprofile.GetUserProfile': {
    bodySchema: 'ums-get-user-profile-request',
    responseType: '.ams.userprofile.GetUserProfile$Response',
  },
  '.ams.ms.GenerateURLForUploadFile': {
    bodySchema: 'ums-generate-url-for-upload-file-request',
    responseType: '.ams.ms.GenerateURLForUploadFile$Response',
  },
  '.ams.ms.GenerateURLForDownloadFile': {
    bodySchema: 'ums-generate-url-for-download-file-request',
    responseType: '.ams.ms.GenerateURLForDownloadFile$Response',
  },
  '.ams.ms.token.GenerateDownloadToken': {
    bodySchema: 'ums-generate-download-token-request',
    responseType: '.ReqBody$StringResp',
  },
} as const satisfies Record<string, UmsRequestTypeSpec>;

export type UmsRequestType = keyof typeof umsRequestTypes;

export function isUmsRequestType(type: string): type is UmsRequestType {
  return Object.hasOwn(umsRequestTypes, type);
}

/** Wire types of the notifications the mock pushes (ums.md §8), always `.ams.`-prefixed. */
export const umsNotificationTypes = {
  exConversationChange: '.ams.aam.ExConversationChangeNotification',
  onlineEventDistribution: '.ams.ms.OnlineEventDistribution',
  routingTask: '.ams.routing.RoutingTaskNotification',
  agentState: '.ams.routing.AgentStateNotification',
} as const;

/** The error response type of the unified error format (ums.md §10). */
export const errorResponseType = '.ReqBody$ErrorResp';

/** Schema of each response body, by response `type`: one schema per type. */
export const responseBodySchemas: Readonly<Record<string, SchemaId>> = {
  '.GetClock$Response': 'ums-get-clock-response',
  '.ReqBody$StringResp': 'ums-string-response',
  '.ReqBody$ErrorResp': 'ums-error-response',
  '.ams.GenericSubscribe$Response': 'ums-subscribe-response',
  '.ams.aam.SubscribeExConversations$Response': 'ums-subscribe-response',
  '.ams.cm.AgentRequestConversation$Response': 'ums-agent-request-conversation-response',
  '.ams.ms.PublishEvent$Response': 'ums-publish-event-response',
  '.ams.ms.QueryMessages$Response': 'ums-query-messages-response',
  '.ams.userprofile.GetUserProfile$Response': 'ums-get-user-profile-response',
  '.ams.ms.GenerateURLForUploadFile$Response': 'ums-file-url-response',
  '.ams.ms.GenerateURLForDownloadFile$Response': 'ums-file-url-response',
};

/** Schema of each notification body, by notification `type`. */
export const notificationBodySchemas: Readonly<Record<string, SchemaId>> = {
  [umsNotificationTypes.exConversationChange]: 'ums-ex-conversation-change-notification',
  [umsNotificationTypes.onlineEventDistribution]: 'ums-online-event-distribution-notification',
  [umsNotificationTypes.routingTask]: 'ums-routing-task-notification',
  [umsNotificationTypes.agentState]: 'ums-agent-state-notification',
};
