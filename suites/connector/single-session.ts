/**
 * UMS-11: the connector never holds more than one authenticated session per bot user. The mock
 * keeps one session per user: a new login ends the older session (mock design, ums.md §11). A
 * login while the older session still has an open socket is the connector holding two sessions
 * at once (two SDK instances, or a re-login without closing); a login after its socket dropped is
 * a reconnect and fine. Counted over everything observed so far in the run.
 *
 * @see docs/spec/ums.md#11-sessions-and-agent-state §11 (one active session per agent user)
 */
import { type Check, fail, pass } from '../../harness/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import { connectorSession } from './connector-session.ts';
import { notConnected } from './not-ready.ts';
import { entriesEvidence } from './ums-frames.ts';

export const singleSessionCheck: Check = {
  ruleId: 'UMS-11',
  async run(context) {
    const session = connectorSession(context);
    const result = await session.conversations();
    const { sessions } = session.recorder;
    if (sessions.length === 0) {
      return notConnected('UMS-11', session, result.ready, 'its sessions');
    }
    const overlaps = sessions.filter(
      (record) => record.reason === 'replaced' && (record.openSocketsWhenReplaced?.length ?? 0) > 0,
    );
    if (overlaps.length > 0) {
      const first = overlaps[0];
      const sockets = first?.openSocketsWhenReplaced ?? [];
      const actual = `${overlaps.length} login(s) while an earlier session still had an open socket (the first while ${sockets.join(', ')} was open)`;
      const closes = session.recorder.entries.filter(
        (entry) =>
          entry.event === 'close' && entry.code === 4401 && sockets.includes(entry.connectionId),
      );
      const evidence: Evidence[] = [
        {
          kind: 'note',
          text: `Sessions of ${session.agent.loginName}:\n${sessions
            .map(
              (record) =>
                `created ${new Date(record.createdAt).toISOString()} by ${record.origin}${record.endedAt ? `, ended ${new Date(record.endedAt).toISOString()} (${record.reason}${record.openSocketsWhenReplaced?.length ? `, sockets still open: ${record.openSocketsWhenReplaced.join(', ')}` : ''})` : ', live'}`,
            )
            .join('\n')}`,
        },
        ...entriesEvidence(closes),
      ];
      return fail(
        `UMS-11: expected at most one authenticated session of the bot user at a time, got ${actual}. Run one Agent per bot user, and log in again only after its socket closed (dispose() the old Agent first).`,
        { expected: 'one session at a time', actual, evidence },
      );
    }
    const replaced = sessions.filter((record) => record.reason === 'replaced').length;
    return pass(
      `UMS-11: the connector held one session at a time: ${sessions.length} login session(s)${replaced ? `, ${replaced} replaced only after its socket had closed` : ''}.`,
    );
  },
};
