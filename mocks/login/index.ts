export {
  type AgentSession,
  type AgentSessionEvents,
  AgentSessions,
  type AgentSessionsOptions,
  defaultSessionTtlMs,
  type SessionEndReason,
} from './agent-sessions.ts';
export { AgentVepError, agentVepInternalCodes } from './agent-vep-error.ts';
export {
  type LoginRoutesDeps,
  registerLoginRoutes,
  samlNameId,
  sessionCookieName,
} from './login-routes.ts';
