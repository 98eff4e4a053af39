/**
 * What to say when the connector never got far enough for a rule to be observed: which step of
 * the connect sequence (ums.md §12) did not happen, with the process output as evidence.
 */
import { type CheckOutcome, fail } from '../../harness/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import type { ConnectorSession, ReadyResult } from './connector-session.ts';
import { ms } from './ums-frames.ts';

/** The furthest step of the connect sequence the connector reached, in words. */
export function describeStart(session: ConnectorSession, ready: ReadyResult): string {
  const { recorder, timings } = session;
  const since = ready.processStartedAt;
  const http = recorder.http.filter((request) => request.at >= since);
  const csds = http.filter((request) => request.kind === 'csds').length;
  const logins = http.filter((request) => request.kind === 'login');
  const upgrades = recorder.upgrades.filter((upgrade) => upgrade.at >= since);
  const parts = [
    `${csds} CSDS lookup(s)`,
    `${logins.length} login request(s)${logins.length ? ` answered ${logins.map((l) => l.status ?? 'nothing').join(', ')}` : ''}`,
    `${upgrades.length} websocket upgrade(s)${upgrades.some((u) => !u.accepted) ? ` (${upgrades.filter((u) => !u.accepted).length} refused)` : ''}`,
  ];
  const exit = ready.exit
    ? `; the process exited ${ready.exit.error ? `(${ready.exit.error})` : `with code ${ready.exit.code}`} after ${ms(ready.exit.at - since)}`
    : '';
  if (!ready.opened) {
    return `no socket opened within ${ms(timings.connectWithinMs)} of the start: ${parts.join(', ')}${exit}`;
  }
  const missing = [!ready.online && 'SetAgentState ONLINE', !ready.subscribed && 'a subscription']
    .filter(Boolean)
    .join(' and ');
  return missing
    ? `its socket ${ready.opened.connectionId} opened, but ${missing} did not follow within ${ms(timings.readyWithinMs)}${exit}`
    : `it came online on socket ${ready.opened.connectionId}${exit}`;
}

/** A failure for a rule that could not be observed because the connector never came online. */
export function notConnected(
  ruleId: string,
  session: ConnectorSession,
  ready: ReadyResult,
  what: string,
): CheckOutcome {
  const actual = describeStart(session, ready);
  return fail(
    `${ruleId}: expected the connector to log in, open its socket and go ONLINE so that ${what} could be observed, got ${actual}. Make it connect first (see UMS-01 to UMS-03).`,
    {
      expected: 'a connector online on the mock UMS',
      actual,
      evidence: [...startEvidence(session, ready), ...session.outputEvidence()],
    },
  );
}

/** The HTTP requests and upgrades of one start, as notes. */
export function startEvidence(session: ConnectorSession, ready: ReadyResult): Evidence[] {
  const since = ready.processStartedAt;
  const lines = [
    ...session.recorder.http
      .filter((request) => request.at >= since)
      .map(
        (request) =>
          `${new Date(request.at).toISOString()} ${request.method} ${request.secure ? 'https' : 'http'}://${request.host}${request.url} → ${request.status ?? 'no answer'}`,
      ),
    ...session.recorder.upgrades
      .filter((upgrade) => upgrade.at >= since)
      .map(
        (upgrade) =>
          `${new Date(upgrade.at).toISOString()} upgrade ${upgrade.secure ? 'wss' : 'ws'}://${upgrade.host}${upgrade.path} → ${upgrade.accepted ? 'accepted' : 'refused'}`,
      ),
  ].sort();
  return lines.length
    ? [
        {
          kind: 'note',
          text: `Requests the mock received from the connector:\n${lines.join('\n')}`,
        },
      ]
    : [];
}
