/**
 * Error escalation (tpb-platform.md §§2.3, 7, 8; custom-endpoint.md §8): each trigger, through the
 * real websocket path, records LivePerson's runtime code (or the mock's own where none is
 * documented) on the conversation, tells the consumer, briefs the agent and transfers to the
 * default escalation skill.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TPBBotConfig } from '../../schemas/index.ts';
import { MockCloud } from '../cloud/mock-cloud.ts';
import {
  faasFailedBotAction,
  maxConversationLimitReached,
  messagingTransferSkillNotExisting,
  missingActionAndMessages,
  noMessagesAndNotSupportedAction,
  quickRepliesNotSupported,
} from '../platform/error-codes.ts';
import { createTpbBot } from './create-tpb-bot.ts';
import {
  ceReply,
  ceText,
  type ScriptedCall,
  ScriptedCustomEndpoint,
} from './test-support/scripted-custom-endpoint.ts';
import type { TpbBot } from './tpb-bot.ts';

let cloud: MockCloud;
let service: ScriptedCustomEndpoint;
const bots: TpbBot[] = [];

const escalation = {
  skill: 'human',
  customerMessage: 'A person will help you.',
  agentMessage: 'Escalated by the bot.',
  failureMessage: 'Sorry, nobody is free.',
};

function config(overrides: Partial<TPBBotConfig> = {}): TPBBotConfig {
  return {
    kind: 'custom-endpoint',
    customEndpoint: {
      baseUrl: service.baseUrl,
      botId: 'scripted',
      clientId: cloud.app.clientId,
      clientSecret: cloud.app.clientSecret,
    },
    escalation,
    retryPausesMs: [0, 0],
    ...overrides,
  };
}

async function startBot(skill: string, overrides: Partial<TPBBotConfig> = {}): Promise<TpbBot> {
  const bot = createTpbBot(cloud, config(overrides), { skill });
  bots.push(bot);
  expect((await bot.start()).ok).toBe(true);
  return bot;
}

/** Replies to POSTed events with `reply`, leaving state and PUT to the default script. */
function answerEvents(
  reply: (call: ScriptedCall) => ReturnType<typeof ceReply> | 'hang' | 'reset',
): void {
  service.script = (call) => {
    if (call.path.endsWith('/state'))
      return { status: 200, body: { state: 'online', version: '1' } };
    if (call.method === 'PUT') return { status: 200 };
    return reply(call);
  };
}

/** Opens a conversation on a skill and waits for its escalation; returns the transcript. */
async function escalated(skill: string, text = 'hi', channel: 'messaging' | 'chat' = 'messaging') {
  const { conversationId } = cloud.consumer.open({ skill, text, channel });
  await cloud.consumer.waitForEvent(
    conversationId,
    (event) => event.type === 'skill-changed',
    'the escalation transfer',
  );
  return cloud.consumer.transcript(conversationId);
}

function expectEscalation(transcript: Awaited<ReturnType<typeof escalated>>, code: string): void {
  expect(transcript.errors.map((error) => error.code)).toEqual([code]);
  expect(transcript.skill).toBe('human');
  const said = transcript.events
    .filter((event) => event.from === 'bot')
    .map((event) => [event.message, event.audience]);
  expect(said).toContainEqual(['A person will help you.', 'ALL']);
  expect(said).toContainEqual(['Escalated by the bot.', 'AGENTS_AND_MANAGERS']);
}

beforeAll(async () => {
  cloud = await MockCloud.start({ skills: ['bot', 'human'] });
  service = await ScriptedCustomEndpoint.start();
});

beforeEach(() => {
  answerEvents(() => ceReply(ceText('ok')));
});

afterAll(async () => {
  await Promise.all(bots.map((bot) => bot.stop()));
  await service.close();
  await cloud.stop();
});

describe('error escalation', () => {
  it('a reply with no messages and no action', async () => {
    await startBot('empty');
    answerEvents(() => ceReply());
    expectEscalation(await escalated('empty'), missingActionAndMessages);
  });

  it('no messages and only an unsupported action', async () => {
    await startBot('unsupported');
    answerEvents(() => ceReply({ type: 'ACTION', data: { name: 'SEND_EMAIL', parameters: {} } }));
    expectEscalation(await escalated('unsupported'), noMessagesAndNotSupportedAction);
  });

  it('quick replies in a chat conversation', async () => {
    await startBot('chatty', { conversationType: 'chat' });
    answerEvents(() =>
      ceReply({
        type: 'STRUCTURED_CONTENT',
        data: {
          structuredContent: {
            message: 'Pick one',
            quickReplies: {
              type: 'quickReplies',
              itemsPerRow: 2,
              replies: [{ type: 'button', title: 'A' }],
            },
          },
        },
      }),
    );
    expectEscalation(await escalated('chatty', 'hi', 'chat'), quickRepliesNotSupported);
  });

  it('a transfer to a skill the account does not have, after the messages', async () => {
    await startBot('lost');
    answerEvents(() =>
      ceReply(ceText('Transferring you'), {
        type: 'ACTION',
        data: { name: 'TRANSFER', parameters: { skillName: 'Human' } },
      }),
    );
    const transcript = await escalated('lost');
    expectEscalation(transcript, messagingTransferSkillNotExisting);
    expect(transcript.events.find((event) => event.from === 'bot')?.message).toBe(
      'Transferring you',
    );
  });

  it('an invalid reply shape (structured content that is not an object)', async () => {
    await startBot('garbled');
    answerEvents(() =>
      ceReply({ type: 'STRUCTURED_CONTENT', data: { structuredContent: 'a card' } }),
    );
    expectEscalation(
      await escalated('garbled'),
      'tpb-conformance.mock.customendpoint.invalid-response',
    );
  });

  it('a timeout on every attempt: three attempts, then escalation', async () => {
    await startBot('slow', { requestTimeoutMs: 100 });
    answerEvents(() => 'hang');
    const before = service.callsTo('/events').length;
    expectEscalation(await escalated('slow'), 'tpb-conformance.mock.customendpoint.timeout');
    expect(service.callsTo('/events').length - before).toBe(3);
  });

  it('exhausted retries on 5xx: three attempts, then escalation', async () => {
    await startBot('failing');
    answerEvents(() => ({ status: 503, body: { error: 'busy' } }));
    const before = service.callsTo('/events').length;
    expectEscalation(await escalated('failing'), 'tpb-conformance.mock.customendpoint.http-503');
    expect(service.callsTo('/events').length - before).toBe(3);
  });

  it('an unreachable vendor (connection reset on every attempt)', async () => {
    await startBot('gone');
    answerEvents(() => 'reset');
    expectEscalation(await escalated('gone'), 'tpb-conformance.mock.customendpoint.unreachable');
  });

  it('a failed INVOKE_FUNCTION with failOnError', async () => {
    await startBot('strict');
    answerEvents(() =>
      ceReply(ceText('Let me check'), {
        type: 'ACTION',
        data: {
          name: 'INVOKE_FUNCTION',
          parameters: {
            lambdaUuid: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
            payload: {},
            failOnError: true,
          },
        },
      }),
    );
    expectEscalation(await escalated('strict'), faasFailedBotAction);
  });

  it('a lambdaUuid that is not a UUID: escalated only with failOnError', async () => {
    await startBot('not-uuid');
    const invoke = (failOnError: boolean) =>
      ceReply(ceText('Let me check'), {
        type: 'ACTION',
        data: {
          name: 'INVOKE_FUNCTION',
          parameters: { lambdaUuid: 'my-function', payload: {}, failOnError },
        },
      });
    answerEvents(() => invoke(false));
    const { conversationId } = cloud.consumer.open({ skill: 'not-uuid', text: 'check' });
    await cloud.consumer.waitForEvent(
      conversationId,
      (event) => event.message === 'Let me check',
      'the reply before the failed invocation',
    );
    answerEvents(() => ceReply(ceText('still here')));
    cloud.consumer.sendText(conversationId, 'and now?');
    await cloud.consumer.waitForEvent(
      conversationId,
      (event) => event.message === 'still here',
      'the next reply: the failed invocation did not escalate',
    );
    const served = cloud.consumer.transcript(conversationId);
    expect(served.errors).toEqual([]);
    expect(served.skill).toBe('not-uuid');

    answerEvents(() => invoke(true));
    expectEscalation(await escalated('not-uuid'), faasFailedBotAction);
  });

  it('a conversation past the open-conversation limit, while the others keep being served', async () => {
    await startBot('capped', { maxOpenConversations: 2 });
    answerEvents((call) =>
      ceReply(ceText(`echo ${(call.body as { data?: { message?: string } }).data?.message}`)),
    );
    const first = cloud.consumer.open({ skill: 'capped', text: 'one' });
    const second = cloud.consumer.open({ skill: 'capped', text: 'two' });
    for (const { conversationId } of [first, second]) {
      await cloud.consumer.waitForEvent(
        conversationId,
        (event) => event.from === 'bot',
        'the first answer',
      );
    }
    const third = await escalated('capped', 'three');
    expectEscalation(third, maxConversationLimitReached);
    cloud.consumer.sendText(first.conversationId, 'still here');
    await cloud.consumer.waitForEvent(
      first.conversationId,
      (event) => event.message === 'echo still here',
      'the answer after the limit',
    );
  });

  it('sends the transfer failure message when the escalation transfer fails', async () => {
    const bot = await startBot('orphan');
    answerEvents(() => ceReply());
    cloud.faults.failNext('.ams.cm.UpdateConversationField', 500);
    const { conversationId } = cloud.consumer.open({ skill: 'orphan', text: 'hi' });
    await cloud.consumer.waitForEvent(
      conversationId,
      (event) => event.message === 'Sorry, nobody is free.',
      'the failure message',
    );
    await bot.idle();
    expect(
      bot.log.forConversation(conversationId).find((entry) => entry.kind === 'escalation'),
    ).toMatchObject({
      code: missingActionAndMessages,
      transferred: false,
    });
    expect(cloud.consumer.transcript(conversationId).errors.map((error) => error.code)).toEqual([
      missingActionAndMessages,
    ]);
  });
});
