// Spec: ums.md §5 (the websocket: connection, frames, close codes) and §10 (errors): the upgrade
// is authenticated by the bearer in the path, every request gets exactly one response, and a bad
// frame gets a .ReqBody$ErrorResp while the socket stays usable.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startUmsTestBed, type UmsTestBed } from './test-support/test-ums-bed.ts';
import { TestUmsClient, UpgradeRejected } from './test-support/test-ums-client.ts';
import type { UmsResponseFrame } from './ums-connection.ts';
import { umsErrorCodes } from './ums-request-error.ts';

let bed: UmsTestBed;

beforeEach(async () => {
  bed = await startUmsTestBed({ maxFrameBytes: 4096 });
});

afterEach(async () => {
  await bed.close();
});

async function expectGetClockWorks(client: TestUmsClient): Promise<void> {
  const response = await client.request('.GetClock');
  expect(response).toMatchObject({ code: 200, type: '.GetClock$Response' });
  expect(response.body).toEqual({ currentTime: bed.clock.now() });
}

function expectError(response: UmsResponseFrame, code: number, errorCode: number): void {
  expect(response).toMatchObject({ kind: 'resp', code, type: '.ReqBody$ErrorResp' });
  expect(response.body).toMatchObject({ errorCode });
}

describe('upgrade', () => {
  it.each(['?v=2.1', '?v=2', '?v=2.1&intid=na-sdk-js&intvn=2.0.2&appId=unknown', ''])(
    'accepts a live bearer with query "%s"',
    async (query) => {
      const bot = bed.addBot();
      const bearer = bed.sessions.issue(bed.accountId, bot);
      const client = await TestUmsClient.connect(bed.url(bearer, query));
      await expectGetClockWorks(client);
      expect(bed.server.connections()).toMatchObject([{ agentId: bot.oldId, pid: bot.pid }]);
      await client.close();
    },
  );

  it('refuses an unknown bearer with HTTP 401', async () => {
    await expect(TestUmsClient.connect(bed.url('no-such-bearer'))).rejects.toEqual(
      new UpgradeRejected(401),
    );
  });

  it('refuses a bearer of another account with HTTP 401', async () => {
    const bearer = bed.sessions.issue(bed.accountId, bed.addBot());
    const url = bed.url(bearer).replace(`/account/${bed.accountId}/`, '/account/999/');
    await expect(TestUmsClient.connect(url)).rejects.toEqual(new UpgradeRejected(401));
  });

  it('leaves other paths to the caller (here: 404)', async () => {
    const url = `ws://127.0.0.1:${bed.port}/ws_api/account/${bed.accountId}/messaging/consumer?v=3`;
    await expect(TestUmsClient.connect(url)).rejects.toEqual(new UpgradeRejected(404));
  });

  it('records the upgrade with the bearer redacted, and the close', async () => {
    const client = await bed.connect(bed.addBot());
    await client.close();
    const entries = bed.server.traffic.entries;
    expect(entries[0]).toMatchObject({ event: 'open', direction: 'received' });
    expect(entries[0]?.text).toBe(
      `/ws_api/account/${bed.accountId}/messaging/brand/[redacted]?v=2.1`,
    );
    await expect.poll(() => bed.server.traffic.entries.at(-1)?.event).toBe('close');
  });
});

describe('malformed frames', () => {
  let client: TestUmsClient;

  beforeEach(async () => {
    client = await bed.connect(bed.addBot());
  });

  afterEach(() => {
    expect(client.schemaIssues).toEqual([]);
  });

  it('answers bad JSON with 400 and reqId ""', async () => {
    client.sendText('{"kind":"req",');
    expectError(await client.response(''), 400, umsErrorCodes.malformedFrame);
    await expectGetClockWorks(client);
  });

  it.each([
    ['an array', '[1,2]'],
    ['a number', '42'],
    ['null', 'null'],
    ['a string', '"hello"'],
  ])('answers %s with 400', async (_name, text) => {
    client.sendText(text);
    expectError(await client.response(''), 400, umsErrorCodes.malformedFrame);
    await expectGetClockWorks(client);
  });

  it('answers a frame without id with 400 and reqId ""', async () => {
    client.sendText(JSON.stringify({ kind: 'req', type: '.GetClock', body: {} }));
    expectError(await client.response(''), 400, umsErrorCodes.missingParameter);
    await expectGetClockWorks(client);
  });

  it.each([
    ['kind', { id: 'r1', type: '.GetClock', body: {} }],
    ['type', { kind: 'req', id: 'r1', body: {} }],
    ['body', { kind: 'req', id: 'r1', type: '.GetClock' }],
  ])('answers a frame without %s with 400, echoing the id', async (_field, frame) => {
    client.sendText(JSON.stringify(frame));
    expectError(await client.response('r1'), 400, umsErrorCodes.missingParameter);
    await expectGetClockWorks(client);
  });

  it('answers a frame of another kind with 400', async () => {
    client.sendText(JSON.stringify({ kind: 'resp', id: 'r2', type: '.GetClock', body: {} }));
    expectError(await client.response('r2'), 400, umsErrorCodes.malformedFrame);
    await expectGetClockWorks(client);
  });

  it('answers an unknown type with 400', async () => {
    const response = await client.request('.ams.ms.NoSuchThing');
    expectError(response, 400, umsErrorCodes.unknownType);
    expect((response.body as { details: string }).details).toContain('.ams.ms.NoSuchThing');
    await expectGetClockWorks(client);
  });

  it('answers a body that fails its schema with 400 naming the path', async () => {
    const response = await client.request('.ams.routing.SetAgentState', {
      availability: 'online',
    });
    expectError(response, 400, umsErrorCodes.invalidBody);
    expect((response.body as { details: string }).details).toContain('/availability');
    await expectGetClockWorks(client);
  });

  it('answers a binary frame with 400', async () => {
    client.ws.send(Buffer.from('{}'), { binary: true });
    expectError(await client.response(''), 400, umsErrorCodes.malformedFrame);
    await expectGetClockWorks(client);
  });

  it('answers a frame above maxFrameBytes with 413, reading the id from its start', async () => {
    const frame = { kind: 'req', id: 'big-1', type: '.GetClock', body: { pad: 'x'.repeat(5000) } };
    client.sendText(JSON.stringify(frame));
    expectError(await client.response('big-1'), 413, umsErrorCodes.frameTooLarge);
    const logged = bed.server.traffic.entries.find((entry) => entry.id === 'big-1');
    expect(logged).toMatchObject({ direction: 'received', truncated: true });
    await expectGetClockWorks(client);
  });

  it('closes the socket with 1009 above the hard limit (16 × maxFrameBytes)', async () => {
    client.sendText('x'.repeat(16 * 4096 + 1));
    expect((await client.closed).code).toBe(1009);
  });
});

describe('sessions and lifecycle', () => {
  it('closes the sockets of a revoked session with 4401, and only those', async () => {
    const revoked = await bed.connect(bed.addBot());
    const other = await bed.connect(bed.addBot());
    bed.sessions.revoke(revoked.bearer, 'replaced');
    expect(await revoked.closed).toEqual({ code: 4401, reason: 'session replaced' });
    await expectGetClockWorks(other);
    await expect(TestUmsClient.connect(bed.url(revoked.bearer))).rejects.toEqual(
      new UpgradeRejected(401),
    );
  });

  it('closes an idle socket with 1000 after idleTimeoutMs without frames', async () => {
    const idleBed = await startUmsTestBed({ idleTimeoutMs: 30_000 });
    try {
      const client = await idleBed.connect(idleBed.addBot());
      idleBed.clock.advance(20_000);
      await client.request('.GetClock');
      idleBed.clock.advance(20_000);
      await client.request('.GetClock');
      idleBed.clock.advance(30_000);
      expect(await client.closed).toEqual({ code: 1000, reason: 'idle timeout' });
    } finally {
      await idleBed.close();
    }
  });

  it('close() closes every socket with 1001 and is idempotent', async () => {
    const client = await bed.connect(bed.addBot());
    await Promise.all([bed.server.close(), bed.server.close()]);
    expect((await client.closed).code).toBe(1001);
    expect(bed.server.connections()).toEqual([]);
  });
});

describe('traffic log', () => {
  it('records every frame in and out with connection, agent and direction, and emits them', async () => {
    const bot = bed.addBot();
    const live: string[] = [];
    bed.server.traffic.on('entry', (entry) => live.push(`${entry.direction} ${entry.event}`));
    const client = await bed.connect(bot);
    const response = await client.request('.GetClock');
    const frames = bed.server.traffic.entries.filter((entry) => entry.event === 'frame');
    expect(frames).toMatchObject([
      { direction: 'received', kind: 'req', type: '.GetClock', agentId: bot.oldId },
      {
        direction: 'sent',
        kind: 'resp',
        type: '.GetClock$Response',
        id: response.reqId,
        code: 200,
      },
    ]);
    expect(new Set(frames.map((entry) => entry.connectionId)).size).toBe(1);
    expect(live).toEqual(['received open', 'received frame', 'sent frame']);
  });

  it('keeps only the most recent entries', async () => {
    const small = await startUmsTestBed({ traffic: { limit: 3 } });
    try {
      const client = await small.connect(small.addBot());
      for (let i = 0; i < 3; i += 1) await client.request('.GetClock');
      const entries = small.server.traffic.entries;
      expect(entries).toHaveLength(3);
      expect(entries.map((entry) => entry.seq)).toEqual([5, 6, 7]);
    } finally {
      await small.close();
    }
  });
});

describe('deeply nested frames', () => {
  it('answers a body nested 10,000 deep without a 500, and keeps the socket', async () => {
    const big = await startUmsTestBed({ maxFrameBytes: 1024 * 1024 });
    try {
      const client = await big.connect(big.addBot());
      const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      for (const type of ['.GetClock', '.ams.cm.UpdateConversationField', '.ams.ms.PublishEvent']) {
        client.sendText(`{"kind":"req","id":"deep","type":"${type}","body":${deep}}`);
        const response = await client.response('deep');
        // Served or refused as the client's fault: never the mock's own 500.
        expect(response.code, `${type}: ${JSON.stringify(response.body)}`).toBeLessThan(500);
      }
      client.sendText(`{"kind":"req","id":"deep-frame","type":".GetClock","body":{},"x":${deep}}`);
      expect((await client.response('deep-frame')).code).toBeLessThan(500);
      const clock = await client.request('.GetClock');
      expect(clock).toMatchObject({ code: 200, type: '.GetClock$Response' });
      await client.close();
    } finally {
      await big.close();
    }
  });
});
