/**
 * UMS-01: the connector finds login and the socket through CSDS. The mock CSDS lists every
 * service at its own host and nothing else answers, so a connector that reaches the mock did use
 * CSDS; the check also wants the CSDS lookup before the first login and every request addressed
 * (Host header) to a host CSDS returned.
 *
 * @see docs/spec/ums.md#3-csds §3 (CSDS), §12 steps 1–3
 */
import { type Check, fail, pass } from '../../harness/index.ts';
import { connectorSession } from './connector-session.ts';
import { describeStart, startEvidence } from './not-ready.ts';

export const csdsHostsCheck: Check = {
  ruleId: 'UMS-01',
  async run(context) {
    const session = connectorSession(context);
    const ready = await session.ready();
    const since = ready.processStartedAt;
    const { cloud } = context;
    const http = session.recorder.http.filter((request) => request.at >= since);
    const upgrades = session.recorder.upgrades.filter((upgrade) => upgrade.at >= since);
    const csds = http.filter((request) => request.kind === 'csds');
    const evidence = () => [...startEvidence(session, ready), ...session.outputEvidence()];
    const expected =
      'a CSDS lookup, then login at the `agentVep` host and the socket at the `asyncMessagingEnt`/`facadeMsg` host it returned';

    if (!ready.opened) {
      const actual = describeStart(session, ready);
      return fail(
        `UMS-01: expected the connector to log in and open its socket through the hosts the mock CSDS returned (every service at ${cloud.urls.csdsDomain}), got ${actual}. Look the hosts up with GET https://{csdsDomain}/api/account/{accountId}/service/baseURI.json and use agentVep and asyncMessagingEnt (or facadeMsg) from it; hard-coded LivePerson hosts are unreachable here.`,
        { expected, actual, evidence: evidence() },
      );
    }
    const firstCsds = csds[0];
    const firstUse = [...http.filter((request) => request.kind !== 'csds'), ...upgrades].sort(
      (a, b) => a.at - b.at,
    )[0];
    if (!firstCsds || (firstUse && firstUse.at < firstCsds.at)) {
      const actual = firstCsds
        ? `its first ${firstUse && 'method' in firstUse ? 'login request' : 'socket upgrade'} came before any CSDS lookup`
        : 'no CSDS lookup at all';
      return fail(
        `UMS-01: expected a CSDS lookup before login and the socket, got ${actual}. Ask CSDS (TPB_CSDS_DOMAIN) for agentVep and asyncMessagingEnt instead of deriving hosts.`,
        { expected, actual, evidence: evidence() },
      );
    }
    // The hosts CSDS returned: the mock answers with its own host, per port it was asked on.
    const listed = new Set(
      csds.map((request) => new URL(request.secure ? cloud.urls.https : cloud.urls.http).host),
    );
    const strays = [
      ...http
        .filter((request) => request.kind !== 'csds' && !listed.has(request.host))
        .map((request) => `${request.method} ${request.url} addressed to ${request.host}`),
      ...upgrades
        .filter((upgrade) => !listed.has(upgrade.host))
        .map((upgrade) => `the socket upgrade addressed to ${upgrade.host}`),
    ];
    if (strays.length > 0) {
      const actual = strays.slice(0, 3).join('; ');
      return fail(
        `UMS-01: expected every request at a host the mock CSDS returned (${[...listed].join(', ')}), got ${actual}. Use the baseURI values exactly as CSDS returns them.`,
        { expected, actual, evidence: evidence() },
      );
    }
    const logins = http.filter((request) => request.kind === 'login').length;
    return pass(
      `UMS-01: the connector looked the hosts up in CSDS (${csds.length} lookup(s)), then logged in (${logins} login(s)) and opened its socket at ${[...listed].join(', ')}, the host CSDS returned.`,
      startEvidence(session, ready),
    );
  },
};
