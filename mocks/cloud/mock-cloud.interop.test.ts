/**
 * Interop with LivePerson's own node-agent-sdk 1.2.0, unmodified, in a separate Node process that
 * trusts the mock's CA through NODE_EXTRA_CA_CERTS (ums.md §§2, 12): connect via CSDS and login,
 * go ONLINE, take a ring, answer with text and structured content, transfer, close; and a second
 * login of the same user closes the first one's socket with 4401.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { JsonLinesProcess } from './interop/test-support/json-lines-process.ts';
import { MockCloud } from './mock-cloud.ts';

const botScript = fileURLToPath(new URL('./interop/sdk-bot.cjs', import.meta.url));
let cloud: MockCloud;
const bots: JsonLinesProcess[] = [];

function startBot(): JsonLinesProcess {
  const bot = new JsonLinesProcess(process.execPath, [botScript], {
    PATH: process.env.PATH,
    NODE_EXTRA_CA_CERTS: cloud.certificates.caCertPath,
    TPB_ACCOUNT_ID: cloud.account.accountId,
    TPB_CSDS_DOMAIN: cloud.urls.csdsDomain,
    TPB_USERNAME: cloud.agent.loginName,
    TPB_PASSWORD: cloud.agent.password,
    TPB_TRANSFER_SKILL_ID: cloud.account.directory.skillByName('human')?.id,
  });
  bots.push(bot);
  return bot;
}

beforeAll(async () => {
  cloud = await MockCloud.start({ skills: ['bot', 'human'] });
});

afterAll(async () => {
  await Promise.all(bots.map((bot) => bot.stop()));
  await cloud.stop();
});

it('serves an unmodified node-agent-sdk bot end to end, and a second login kicks the first', {
  timeout: 30_000,
}, async () => {
  const bot = startBot();
  const connected = await bot.waitFor('the SDK to connect', (line) => line.event === 'connected');
  expect(connected.agentId).toBe(cloud.agent.pid);

  // A conversation opened by the consumer is rung, accepted and joined.
  await bot.waitFor('the bot to set itself ONLINE', (line) => line.what === 'setAgentState');
  expect(cloud.agent.availability).toBe('ONLINE');
  await bot.waitFor('the routing subscription', (line) => line.what === 'subscribeRoutingTasks');
  const { conversationId } = cloud.consumer.open({ text: 'hello' });
  await bot.waitFor(
    'the bot to join',
    (line) => line.event === 'joined' && line.conversationId === conversationId,
  );
  await cloud.consumer.waitForEvent(
    conversationId,
    (event) => event.from === 'bot' && event.message === 'echo: hello',
    'the echo of hello',
  );
  let transcript = cloud.consumer.transcript(conversationId);
  expect(transcript.state).toBe('OPEN');
  expect(transcript.participants).toContainEqual(
    expect.objectContaining({
      id: cloud.agent.oldId,
      pid: cloud.agent.pid,
      role: 'ASSIGNED_AGENT',
      state: 'ACTIVE',
      kind: 'bot',
    }),
  );

  // Structured content, with its metadata in the envelope.
  cloud.consumer.sendText(conversationId, 'card');
  const card = await cloud.consumer.waitForEvent(
    conversationId,
    (event) => event.type === 'RichContentEvent',
    'the card',
  );
  expect(card).toMatchObject({
    from: 'bot',
    content: { type: 'vertical' },
    metadata: [{ type: 'ExternalId', id: 'card-1' }],
  });

  // Transfer to another skill: the bot leaves, the conversation waits on "human".
  cloud.consumer.sendText(conversationId, 'transfer');
  await bot.waitFor('the transfer to succeed', (line) => line.what === 'transfer');
  transcript = cloud.consumer.transcript(conversationId);
  expect(transcript).toMatchObject({ state: 'OPEN', skill: 'human' });
  expect(transcript.participants.some((participant) => participant.role === 'ASSIGNED_AGENT')).toBe(
    false,
  );

  // Close.
  const second = cloud.consumer.open({ text: 'close' });
  await bot.waitFor(
    'the close to succeed',
    (line) => line.what === 'close' && line.conversationId === second.conversationId,
  );
  expect(cloud.consumer.transcript(second.conversationId).state).toBe('CLOSE');

  // One active session per agent user: a second SDK login closes the first socket with 4401.
  const rival = startBot();
  await rival.waitFor('the second SDK to connect', (line) => line.event === 'connected');
  await bot.waitFor('the first SDK to be kicked', (line) => line.event === 'closed');
  expect(bot.lines.find((line) => line.event === 'closed')?.code).toBe(4401);
  expect(
    [...bot.lines, ...rival.lines].filter(
      (line) => line.event === 'request-failed' || line.event === 'error',
    ),
  ).toEqual([]);
});
