import type { AgentSessions } from '../login/agent-sessions.ts';
import type { Agent } from '../platform/account-directory.ts';
import type { UmsTarget } from '../ums/ums-connection.ts';
import type { UmsServer } from '../ums/ums-server.ts';

/**
 * Fault controls of the mock cloud, for tests and suites: sockets, bearers, request errors and
 * notification timing (issue "Mock Conversational Cloud", item 7).
 *
 * @example
 * cloud.faults.dropSocket(cloud.agent, 1011);
 * cloud.faults.failNext('.ams.ms.PublishEvent', 503);
 */
export class CloudFaults {
  constructor(
    readonly ums: UmsServer,
    readonly sessions: AgentSessions,
  ) {}

  /** Closes the agent's sockets with `code` (1006: no close frame, the TCP connection is cut). */
  dropSocket(agent: Agent, code = 1006): number {
    const target = this.#target(agent);
    return code === 1006
      ? this.ums.faults.terminateSockets(target)
      : this.ums.faults.closeSockets(target, code);
  }

  /** Ends the agent's sessions: their bearers stop working and their sockets close with 4401. */
  expireBearer(agent: Agent): number {
    const sessions = this.sessions
      .active()
      .filter((session) => `${session.accountId}.${session.userId}` === agent.oldId);
    for (const session of sessions) this.sessions.expire(session.bearer);
    return sessions.length;
  }

  /** Answers the next `count` requests of a UMS type (for example `.ams.ms.PublishEvent`) with `code`. */
  failNext(type: string, code: number, count = 1, agent?: Agent): void {
    this.ums.faults.failNext({
      type,
      code,
      count,
      ...(agent ? { target: this.#target(agent) } : {}),
    });
  }

  /** Delays every notification by `ms` (0 turns it off). */
  delayNotifications(ms: number, agent?: Agent): void {
    this.ums.faults.delayNotifications(ms, agent ? this.#target(agent) : undefined);
  }

  /** Holds the next `count` notifications of each socket and delivers them in reverse order. */
  reorderNotifications(count: number, agent?: Agent): number {
    return this.ums.faults.reorderNotifications(count, agent ? this.#target(agent) : undefined);
  }

  /** Sends each of the next `count` notifications of each socket twice. */
  duplicateNotifications(count: number, agent?: Agent): number {
    return this.ums.faults.duplicateNotifications(count, agent ? this.#target(agent) : undefined);
  }

  /** Clears every request and notification fault. */
  reset(): void {
    this.ums.faults.reset();
  }

  #target(agent: Agent): UmsTarget {
    return { agent: agent.oldId };
  }
}
