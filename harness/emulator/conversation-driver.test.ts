/**
 * The conversation driver against the built-in example bot, through the whole mock platform:
 * each consumer input comes back with what the consumer saw the bot do, the engine's calls, and
 * the reply rules' verdicts on that reply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TpbBot } from '../../mocks/index.ts';
import { allChecks } from '../../suites/index.ts';
import { type BuiltContext, buildContext } from '../runner/build-context.ts';
import { ConversationDriver, startDriverBot } from './conversation-driver.ts';
import { turnVerdicts } from './turn-verdicts.ts';

let built: BuiltContext;
let bot: TpbBot;

beforeAll(async () => {
  built = await buildContext({});
  ({ bot } = await startDriverBot(built.context, 'emulator-test'));
}, 30_000);
afterAll(async () => {
  await bot.stop();
  await built.dispose();
});

describe('ConversationDriver', () => {
  it('plays text, a card and a transfer in messaging, turn by turn', async () => {
    const driver = new ConversationDriver(built.context, bot, 'emulator-test', 'messaging');
    const hello = await driver.play({ kind: 'text', text: 'Hello there' });
    expect(hello.bot).toHaveLength(1);
    expect(hello.bot[0]).toMatchObject({ kind: 'text' });
    expect(hello.engine).toHaveLength(1);
    expect(hello.engine[0]?.exchanges.map((exchange) => exchange.request.method)).toEqual([
      'PUT',
      'POST',
    ]);

    const card = await driver.play({ kind: 'text', text: 'show me a card' });
    expect(card.bot.map((item) => item.kind)).toContain('structured-content');
    expect(card.engine[0]?.exchanges.map((exchange) => exchange.request.method)).toEqual(['POST']);
    const verdicts = await turnVerdicts(built.context, allChecks, built.target, card, 'messaging');
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts.every((finding) => /^BOT-(REPLY|SC)-/.test(finding.ruleId))).toBe(true);
    expect(verdicts.filter((finding) => finding.status === 'fail')).toEqual([]);

    const transfer = await driver.play({ kind: 'text', text: 'transfer me please' });
    expect(transfer.bot).toEqual([
      { kind: 'text', text: 'Transferring you to an agent.' },
      { kind: 'transfer', skill: expect.any(String) },
    ]);
    expect(transfer.transcript.skill).toBe((transfer.bot[1] as { skill: string }).skill);
  }, 30_000);

  it('opens a chat with the welcome event, and a transfer-in with the last consumer message', async () => {
    const chat = new ConversationDriver(built.context, bot, 'emulator-test', 'chat');
    const opened = await chat.play({ kind: 'open' });
    expect(opened.engine.map((turn) => turn.event)).toEqual(['welcome']);
    expect(opened.bot.length).toBeGreaterThan(0);
    const closed = await chat.play({ kind: 'close' });
    expect(closed.bot).toEqual([]);
    expect(chat.open).toBe(false);
    await expect(chat.play({ kind: 'text', text: 'hi' })).rejects.toThrow(
      'the conversation is closed',
    );

    const handedOver = new ConversationDriver(built.context, bot, 'emulator-test', 'messaging');
    const welcome = await handedOver.play({
      kind: 'transfer-in',
      lastConsumerMessage: 'my order?',
    });
    expect(welcome.engine.map((turn) => turn.event)).toEqual(['welcome']);
    const post = welcome.engine[0]?.exchanges.find(
      (exchange) => exchange.request.method === 'POST',
    );
    expect(JSON.stringify(post?.request.body)).toContain('my order?');
  }, 30_000);
});
