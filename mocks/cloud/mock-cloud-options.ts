import type { Clock } from '../platform/clock.ts';

/** How a MockCloud is set up; every field has a default (see `mockCloudDefaults`). */
export interface MockCloudOptions {
  /** Port of the HTTPS/WSS server; 0 picks a free one. */
  port?: number;
  /** Port of the plain HTTP/WS twin; 0 picks a free one. */
  httpPort?: number;
  accountId?: string;
  /** A folder with (or for) ca.pem, ca-key.pem, cert.pem, key.pem, so that a CA stays trusted across runs. */
  certDir?: string;
  /** Skills created on the account; the bot agent takes conversations of the first. */
  skills?: string[];
  /** The bot agent's default escalation skill (created too). */
  escalationSkill?: string;
  /** Login of the bot agent; the password is random unless given. */
  agent?: { username?: string; password?: string };
  /** Open conversations the bot agent serves before new ones are error-escalated. */
  maxOpenConversations?: number;
  tokenLifetimeSeconds?: number;
  /** Agent session lifetime (login `sessionTTl`); default 8 h, LivePerson's. */
  sessionTtlMs?: number;
  maxFrameBytes?: number;
  ringExpirationMs?: number;
  /** Bearer token of the control API; random unless given. */
  controlToken?: string;
  clock?: Clock;
}

export const mockCloudDefaults = {
  port: 0,
  httpPort: 0,
  accountId: '12345678',
  skills: ['bot'],
  escalationSkill: 'escalation',
  username: 'tpb-bot',
  maxOpenConversations: 999,
} as const;
