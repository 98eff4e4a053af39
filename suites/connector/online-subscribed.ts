/**
 * UMS-03: within 10 s (configurable) of its socket opening the connector sets itself ONLINE
 * (SetAgentState) and subscribes (SubscribeExConversations with `convState` OPEN, and/or
 * SubscribeRoutingTasks). Both requests must be answered with success by the mock.
 *
 * @see docs/spec/ums.md#7-requests §7 (setAgentState, subscriptions), §12 step 4
 */
import { type Check, fail, pass } from '../../harness/index.ts';
import { connectorSession } from './connector-session.ts';
import { notConnected } from './not-ready.ts';
import { entriesEvidence, ms } from './ums-frames.ts';

export const onlineSubscribedCheck: Check = {
  ruleId: 'UMS-03',
  async run(context) {
    const session = connectorSession(context);
    const ready = await session.ready();
    const window = ms(session.timings.readyWithinMs);
    if (!ready.opened) {
      return notConnected('UMS-03', session, ready, 'ONLINE and its subscriptions');
    }
    const opened = ready.opened;
    if (ready.online && ready.subscribed) {
      return pass(
        `UMS-03: ${ready.online.at - opened.at} ms after its socket opened the connector was ONLINE, and ${ready.subscribed.at - opened.at} ms after it had subscribed (${ready.subscribed.type}); the bound is ${window}.`,
        entriesEvidence([ready.online, ready.subscribed]),
      );
    }
    const missing = [
      !ready.online && 'SetAgentState {availability: "ONLINE"} answered with success',
      !ready.subscribed &&
        'SubscribeExConversations with convState ["OPEN"] or SubscribeRoutingTasks answered with success',
    ].filter((part): part is string => typeof part === 'string');
    const frames = session.recorder.entries.filter(
      (entry) =>
        entry.connectionId === opened.connectionId &&
        entry.event === 'frame' &&
        entry.kind !== 'notification' &&
        entry.at <= opened.at + session.timings.readyWithinMs,
    );
    const actual = frames.length
      ? `no ${missing.join(', and no ')}; the socket carried ${frames
          .filter((f) => f.direction === 'received')
          .map((f) => f.type ?? '?')
          .join(', ')}`
      : `no ${missing.join(', and no ')}; the socket carried no request at all`;
    return fail(
      `UMS-03: expected within ${window} of the socket opening ${missing.join(' and ')}, got ${actual}. On "connected", call setAgentState({availability: "ONLINE"}) and subscribeExConversations({convState: ["OPEN"], agentIds: [agent.agentId]}) or subscribeRoutingTasks({}).`,
      {
        expected: `ONLINE and a subscription within ${window}`,
        actual,
        evidence: [...entriesEvidence(frames, 12), ...session.outputEvidence()],
      },
    );
  },
};
