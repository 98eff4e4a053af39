/**
 * UMS-02: the connector authenticates by agentVep login (or a pre-issued bearer) and opens
 * `wss://{host}/ws_api/account/{accountId}/messaging/brand/{bearer}` with `v=2.1` (preferred, what
 * node-agent-sdk sends) or `v=2` (older docs: passes with a warning).
 *
 * @see docs/spec/ums.md#41-login §4.1 (login), §5.1 (websocket URL), §1 (versions)
 */
import { type Check, fail, pass, warn } from '../../harness/index.ts';
import { connectorSession } from './connector-session.ts';
import { describeStart, startEvidence } from './not-ready.ts';

export const brandSocketCheck: Check = {
  ruleId: 'UMS-02',
  async run(context) {
    const session = connectorSession(context);
    const ready = await session.ready();
    const since = ready.processStartedAt;
    const accountId = context.cloud.account.accountId;
    const expected = `a login (or pre-issued bearer), then wss://{host}/ws_api/account/${accountId}/messaging/brand/{bearer}?v=2.1`;
    const evidence = () => [...startEvidence(session, ready), ...session.outputEvidence()];
    const sessions = session.recorder.sessions.filter((record) => record.createdAt >= since);
    const upgrades = session.recorder.upgrades.filter((upgrade) => upgrade.at >= since);
    const socket = upgrades.find((upgrade) => upgrade.accepted);

    if (!socket || !ready.opened) {
      const logins = session.recorder.http.filter((r) => r.kind === 'login' && r.at >= since);
      const offPath = upgrades.filter((upgrade) => !upgrade.brand);
      const actual =
        sessions.length === 0
          ? logins.length === 0
            ? `no login request reached agentVep (${describeStart(session, ready)})`
            : `every login failed (answered ${logins.map((login) => login.status ?? 'nothing').join(', ')})`
          : offPath.length > 0
            ? `a login, then an upgrade on ${offPath[0]?.path}, which is not the brand path`
            : `a login, then no accepted socket on the brand path (${describeStart(session, ready)})`;
      return fail(
        `UMS-02: expected ${expected}, got ${actual}. POST {username, password} (or an API-key or SAML body) to https://{agentVep}/api/account/${accountId}/login?v=1.3 and put the returned bearer in the brand path.`,
        { expected, actual, evidence: evidence() },
      );
    }
    const how =
      sessions[0]?.origin === 'bearer'
        ? 'with a pre-issued bearer'
        : `by agentVep login (${sessions.length} login(s))`;
    if (!socket.secure) {
      const actual = `ws://${socket.host}${socket.path} (plain websocket)`;
      return fail(
        `UMS-02: expected the socket over wss://, got ${actual}. LivePerson serves UMS over TLS only; connect with wss:// to the asyncMessagingEnt host.`,
        { expected, actual, evidence: evidence() },
      );
    }
    const version = new URL(socket.path, 'wss://mock.invalid').searchParams.get('v');
    const where = `wss://${socket.host}${socket.path}`;
    if (version === '2.1') {
      return pass(
        `UMS-02: the connector authenticated ${how} and opened ${where}.`,
        startEvidence(session, ready),
      );
    }
    if (version === '2') {
      return warn(
        `UMS-02: the connector authenticated ${how} and opened ${where} with v=2, the version of the older docs.`,
        [
          'The socket uses v=2; v=2.1 is preferred (node-agent-sdk sends it, and transfer-to-agent notifications need it).',
        ],
        startEvidence(session, ready),
      );
    }
    const actual = `${where} (v=${version ?? 'missing'})`;
    return fail(
      `UMS-02: expected the brand path with v=2.1 (or v=2), got ${actual}. Add ?v=2.1 to the websocket URL.`,
      { expected, actual, evidence: evidence() },
    );
  },
};
