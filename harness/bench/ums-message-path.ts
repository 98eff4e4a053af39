import type { WebSocket } from 'ws';
import type { MockCloud } from '../../mocks/index.ts';
import { type Comparison, inFlight } from './measure.ts';
import { connectBot, type Frame, JsonSocket, startRawWsServer } from './ums-round-trip.ts';

/** Messages in flight (sent by the consumer, not yet received by the bot) on each side. */
const concurrency = 32;
const distribution = '.ams.ms.OnlineEventDistribution';
const text = 'hi there, I would like to change my flight';

/** Resolves, oldest first, as distributions arrive on the socket; messages arrive in order. */
function arrivals(socket: JsonSocket): () => Promise<void> {
  const waiting: Array<() => void> = [];
  socket.onNotification = (frame) => {
    if (frame.type === distribution) waiting.shift()?.();
  };
  return () => new Promise<void>((resolve) => waiting.push(resolve));
}

interface RingNotification {
  changes: Array<{ result: { ringsDetails: Array<{ ringId: string; ringState: string }> } }>;
}

/**
 * A consumer's text (`cloud.consumer.sendText`, in process) until the bot's socket receives its
 * `.ams.ms.OnlineEventDistribution`, against a raw `ws` server that, called in process the same
 * way, stringifies a frame of the same shape and size and pushes it to the same kind of client.
 */
export async function umsMessagePath(
  cloud: MockCloud,
): Promise<Comparison & { close: () => Promise<void> }> {
  const bot = await connectBot(cloud, 'ws');
  bot.onNotification = (frame) => {
    if (frame.type !== '.ams.routing.RoutingTaskNotification') return;
    for (const change of (frame.body as RingNotification).changes) {
      for (const ring of change.result.ringsDetails) {
        if (ring.ringState !== 'WAITING') continue;
        const body = { ringId: ring.ringId, ringState: 'ACCEPTED' };
        bot.request('.ams.routing.UpdateRingState', body).catch(() => {});
      }
    }
  };
  await bot.request('.ams.routing.SetAgentState', { availability: 'ONLINE' });
  await bot.request('.ams.routing.SubscribeRoutingTasks', {});
  const { conversationId } = cloud.consumer.open({ text: 'hello' });
  await cloud.consumer.waitFor(
    () =>
      cloud.account.conversations
        .get(conversationId)
        ?.participants.some((p) => p.id === cloud.agent.oldId && p.role === 'ASSIGNED_AGENT'),
    { timeoutMs: 5000, description: 'the benchmark conversation assigned to the bot' },
  );

  // A real frame of ours is the ceiling's template, so both push the same shape and size.
  const template = await new Promise<Frame>((resolve) => {
    bot.onNotification = (frame) => {
      if (frame.type === distribution) resolve(frame);
    };
    cloud.consumer.sendText(conversationId, text);
  });
  const nextOurs = arrivals(bot);

  const raw = await startRawWsServer(cloud, 'ws');
  const connected = new Promise<WebSocket>((resolve) => raw.wss.once('connection', resolve));
  const client = await JsonSocket.connect(raw.url);
  const server = await connected;
  const nextCeiling = arrivals(client);
  let sequence = 0;

  return {
    name: `UMS consumer text -> bot OnlineEventDistribution (ws, ${concurrency} in flight)`,
    opsPerRound: 10_000,
    ours: (count) =>
      inFlight(count, concurrency, () => {
        const arrived = nextOurs();
        cloud.consumer.sendText(conversationId, text);
        return arrived;
      }),
    ceiling: (count) =>
      inFlight(count, concurrency, () => {
        const arrived = nextCeiling();
        sequence += 1;
        const body = { ...(template.body as object), sequence, serverTimestamp: Date.now() };
        server.send(JSON.stringify({ kind: 'notification', type: template.type, body }));
        return arrived;
      }),
    close: async () => {
      cloud.consumer.close(conversationId);
      await Promise.all([bot.close(), client.close()]);
      await raw.close();
    },
  };
}
