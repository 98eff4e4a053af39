// Spec: rules.md (every group) and STYLE.md rule 15 (golden corpus). Each broken bot is shown
// breaking its rule on the wire: the exact status or body that a conformance run must flag.
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '../../../schemas/index.ts';
import { TokenIssuer } from '../../sentinel/token-issuer.ts';
import type { RunningCustomEndpoint } from '../example-custom-endpoint/index.ts';
import type { FaasInvocation } from '../example-function.ts';
import { exampleUtterances } from '../example-intents.ts';
import { CeClient, newConvId, startEvent, textEvent } from '../test-support/ce-client.ts';
import { sentinelClaims, unsignedToken } from '../test-support/forge-token.ts';
import { type BrokenBotRuleGroup, brokenBots, brokenFunctions } from './index.ts';

let issuer: TokenIssuer;
let token: string;
const running: RunningCustomEndpoint[] = [];

beforeAll(async () => {
  issuer = await TokenIssuer.create();
  token = await issuer.issue({
    accountId: '12345678',
    clientId: 'client-1',
    scope: 'thirdpartybots.customendpoint.bot',
  });
});

afterAll(async () => {
  await Promise.all(running.map((ce) => ce.close()));
});

async function start(name: string, extra: { delayMs?: number } = {}): Promise<CeClient> {
  const bot = brokenBots.find((candidate) => candidate.name === name);
  if (!bot) throw new Error(`no broken bot ${name}`);
  const ce = await bot.start({ auth: { publicKeyPem: issuer.publicKeyPem() }, ...extra });
  running.push(ce);
  return new CeClient(ce, token);
}

/** A conversation created on the bot (PUT answered 200). */
async function conversation(client: CeClient, type: 'MESSAGING' | 'CHAT' = 'MESSAGING') {
  const convId = newConvId();
  expect((await client.createConversation(convId, { type })).status).toBe(200);
  return convId;
}

async function replyBody(client: CeClient, text: string, type?: 'MESSAGING' | 'CHAT') {
  const res = await client.sendEvent(await conversation(client, type), textEvent(text));
  expect(res.status).toBe(200);
  return res.json() as { response: Array<{ type: string; data: Record<string, unknown> }> };
}

/** One wire-level demonstration per broken bot. */
const demonstrations: Record<string, () => Promise<void>> = {
  'accepts-any-token': async () => {
    const client = await start('accepts-any-token');
    const forged = unsignedToken(sentinelClaims());
    expect((await client.call('GET', client.statePath(), { token: forged })).status).toBe(200);
    const anonymous = new CeClient(client.endpoint);
    expect((await anonymous.call('GET', anonymous.statePath())).status).toBe(200);
  },
  'rejects-valid-tokens': async () => {
    const client = await start('rejects-valid-tokens');
    const res = await client.call('GET', client.statePath());
    expect(res.status).toBe(401);
  },
  'leaky-errors': async () => {
    const client = await start('leaky-errors');
    const forged = unsignedToken(sentinelClaims());
    const res = await client.call('GET', client.statePath(), { token: forged });
    expect(res.status).toBe(401);
    expect(res.text).toContain(forged);
    expect(res.text).toMatch(/\bat .+:\d+:\d+/);
  },
  'upper-case-state': async () => {
    const client = await start('upper-case-state');
    const res = await client.call('GET', client.statePath());
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ state: 'ONLINE', version: '1.0.0' });
    expect(validate('ce-bot-state', res.json()).issues.map((issue) => issue.path)).toEqual([
      '/state',
    ]);
  },
  'put-fails': async () => {
    const client = await start('put-fails');
    const res = await client.createConversation(newConvId());
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ error: 'internal error' });
  },
  'forgets-conversations': async () => {
    const client = await start('forgets-conversations');
    const convId = await conversation(client);
    const res = await client.sendEvent(convId, textEvent('hello'));
    expect(res.status).toBe(404);
  },
  'start-crashes': async () => {
    const client = await start('start-crashes');
    const convId = await conversation(client);
    expect((await client.sendEvent(convId, startEvent())).status).toBe(500);
    expect((await client.sendEvent(convId, textEvent('hello'))).status).toBe(200);
  },
  'non-json-reply': async () => {
    const client = await start('non-json-reply');
    const res = await client.sendEvent(await conversation(client), textEvent('hello'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain');
    expect(res.text).toBe('OK');
  },
  'lower-case-item-type': async () => {
    const client = await start('lower-case-item-type');
    const body = await replyBody(client, 'hello');
    expect(body.response[0]?.type).toBe('text');
    const issues = validate('ce-event-response', body).issues;
    expect(issues.map((issue) => [issue.path, issue.keyword])).toEqual([
      ['/response/0/type', 'discriminator'],
    ]);
  },
  'two-actions': async () => {
    const client = await start('two-actions');
    const body = await replyBody(client, exampleUtterances.transfer);
    expect(validate('ce-event-response', body).issues).toEqual([]);
    expect(
      body.response.filter((item) => item.type === 'ACTION').map((item) => item.data.name),
    ).toEqual(['TRANSFER', 'CLOSE_CONVERSATION']);
  },
  'http-image': async () => {
    const client = await start('http-image');
    const body = await replyBody(client, exampleUtterances['structured-content']);
    const card = body.response[0]?.data.structuredContent as {
      elements: Array<{ type: string; url?: string }>;
    };
    const image = card.elements.find((element) => element.type === 'image');
    expect(image?.url).toMatch(/^http:\/\//);
  },
  'quick-replies-in-chat': async () => {
    const client = await start('quick-replies-in-chat');
    const body = await replyBody(client, exampleUtterances['quick-replies'], 'CHAT');
    expect(body.response[0]).toMatchObject({
      type: 'STRUCTURED_CONTENT',
      data: { structuredContent: { quickReplies: { type: 'quickReplies' } } },
    });
  },
  'empty-reply': async () => {
    const client = await start('empty-reply');
    const body = await replyBody(client, 'hello');
    expect(validate('ce-event-response', body).issues).toEqual([]);
    expect(body.response).toEqual([]);
  },
  'unknown-transfer-skill': async () => {
    const client = await start('unknown-transfer-skill');
    const body = await replyBody(client, exampleUtterances.transfer);
    expect(body.response[1]).toEqual({
      type: 'ACTION',
      data: { name: 'TRANSFER', parameters: { skillName: 'HUMAN' } },
    });
  },
  'never-answers': async () => {
    const client = await start('never-answers');
    const convId = await conversation(client);
    await expect(
      client.sendEvent(convId, textEvent('hello'), { signal: AbortSignal.timeout(50) }),
    ).rejects.toThrow();
    expect((await client.call('GET', client.statePath())).status).toBe(200);
  },
  'slow-answers': async () => {
    const client = await start('slow-answers', { delayMs: 150 });
    const convId = await conversation(client);
    await expect(
      client.sendEvent(convId, textEvent('hello'), { signal: AbortSignal.timeout(20) }),
    ).rejects.toThrow();
    const startedAt = performance.now();
    const res = await client.sendEvent(convId, textEvent('hello'));
    expect(res.status).toBe(200);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(140);
  },
};

describe('broken-bot zoo', () => {
  it('covers every rule group, with unique names and rule IDs in catalogue form', () => {
    const groups: BrokenBotRuleGroup[] = [
      'auth',
      'state',
      'conversation',
      'event-handling',
      'reply-shape',
      'structured-content',
      'escalation',
      'timeouts',
    ];
    expect(new Set(brokenBots.map((bot) => bot.ruleGroup))).toEqual(new Set(groups));
    const names = [...brokenBots, ...brokenFunctions].map((bot) => bot.name);
    expect(new Set(names).size).toBe(names.length);
    for (const bot of [...brokenBots, ...brokenFunctions]) {
      expect(bot.rules.length).toBeGreaterThan(0);
      for (const rule of bot.rules) expect(rule).toMatch(/^[A-Z]+(-[A-Z]+)?-\d{2}$/);
    }
  });

  it('has a wire demonstration for every broken bot', () => {
    expect(Object.keys(demonstrations).sort()).toEqual(brokenBots.map((bot) => bot.name).sort());
  });

  it.each(brokenBots.map((bot) => [bot.name, bot.flaw] as const))('%s: %s', async (name) => {
    await demonstrations[name]?.();
  });
});

describe('broken functions', () => {
  const input = (message: string): FaasInvocation => ({
    payload: { message, convId: 'c1', context: { lpEvent: {} } },
  });
  const call = (name: string, message: string) =>
    new Promise<unknown>((resolve, reject) => {
      const lambda = brokenFunctions.find((fn) => fn.name === name)?.create();
      if (!lambda) throw new Error(`no broken function ${name}`);
      lambda(input(message), (error, output) => (error ? reject(error) : resolve(output)));
    });

  it('returns-null: FAAS-01 calls back with null', async () => {
    expect(await call('returns-null', 'hello')).toBeNull();
  });

  it('ce-action-names: FAAS-05 sends INVOKE_FUNCTION and skillName', async () => {
    const invoke = await call('ce-action-names', exampleUtterances['invoke-function']);
    expect(invoke).toMatchObject({ context: { action: 'INVOKE_FUNCTION' } });
    expect(validate('faas-output', invoke).issues.map((issue) => issue.path)).toContain(
      '/context/action',
    );
    const transfer = await call('ce-action-names', exampleUtterances.transfer);
    expect(transfer).toMatchObject({ context: { actionParameters: { skillName: 'human' } } });
    expect(validate('faas-output', transfer).issues.map((issue) => issue.path)).toContain(
      '/context/actionParameters/skillName',
    );
  });
});
