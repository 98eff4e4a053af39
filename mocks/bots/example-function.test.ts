// Spec: tpb-platform.md §3.2 (LivePerson Functions input and output), §5 (welcome), §6 (file and
// rich-content identifiers); rules.md FAAS-01, FAAS-04..06, FAAS-08, FAAS-09, BOT-REPLY-*.
import { describe, expect, it } from 'vitest';
import {
  type FaaSBotCallbackOutput,
  type FaaSBotInvocationInput,
  validate,
} from '../../schemas/index.ts';
import { exampleEncodedMetadata, exampleLambdaUuid } from './example-content.ts';
import {
  createExampleFunction,
  type FaasInvocation,
  lambda,
  lambdaAsync,
} from './example-function.ts';
import {
  exampleUtterances,
  sendFileIdentifier,
  sendRichContentIdentifier,
} from './example-intents.ts';

const messagingLpEvent = {
  sequence: 3,
  serverTimestamp: 1767225600000,
  event: { type: 'ContentEvent', message: 'hi', contentType: 'text/plain' },
  dialogId: 'c1',
  metadata: [],
  conversationContext: { skillId: '1234567', type: 'SharkContext' },
};
const chatLpEvent = { '@id': '4', '@type': 'line', text: 'hi', chatSessionKey: 'H1' };

function invocation(
  message: string,
  extra: Partial<FaaSBotInvocationInput> = {},
  lpEvent: Record<string, unknown> = messagingLpEvent,
): FaasInvocation {
  const payload: FaaSBotInvocationInput = { message, convId: 'c1', context: { lpEvent }, ...extra };
  expect(validate('faas-input', payload).issues).toEqual([]);
  return { timestamp: 1767225600000, headers: [], payload };
}

/** Invokes through the callback form, as LivePerson does, and checks faas-output. */
function invoke(input: FaasInvocation): Promise<FaaSBotCallbackOutput> {
  return new Promise((resolve, reject) => {
    lambda(input, (error, output) => {
      if (error) return reject(error);
      const result = validate('faas-output', output);
      expect(result.issues).toEqual([]);
      expect(output?.context).toMatchObject({
        intentId: expect.any(String),
        intentName: expect.any(String),
        confidenceScore: 1,
      });
      expect(output?.messages?.length).toBeGreaterThan(0);
      resolve(output as FaaSBotCallbackOutput);
    });
  });
}

describe('example function', () => {
  const expectedActions: Record<keyof typeof exampleUtterances, [string | undefined, unknown]> = {
    transfer: ['TRANSFER', { skill: 'human' }],
    close: ['CLOSE_CONVERSATION', undefined],
    ttr: ['CHANGE_TTR', { ttrType: 'URGENT' }],
    'structured-content': [undefined, undefined],
    'quick-replies': [undefined, undefined],
    delay: [undefined, undefined],
    'private-text': [undefined, undefined],
    'invoke-function': [
      'INVOCATION',
      {
        lambdaUuid: exampleLambdaUuid,
        payload: { convId: 'c1', reason: 'example' },
        failOnError: false,
      },
    ],
    'encoded-metadata': [undefined, undefined],
    fallback: [undefined, undefined],
  };

  it.each(Object.entries(exampleUtterances))(
    'FAAS-04 FAAS-05 answers the %s utterance with valid faas-output',
    async (key, sentence) => {
      const output = await invoke(invocation(sentence));
      const [action, parameters] = expectedActions[key as keyof typeof exampleUtterances];
      expect(output.context?.intentId).toBe(key);
      expect(output.context?.action).toBe(action);
      expect(output.context?.actionParameters).toEqual(parameters);
    },
  );

  it('puts each message in the shape the word asks for', async () => {
    const messages = async (text: string) => (await invoke(invocation(text))).messages;
    expect(await messages('card')).toEqual([
      {
        structuredContent: expect.objectContaining({ type: 'vertical' }),
        metadata: [{ type: 'ExternalId', id: expect.any(String) }],
      },
    ]);
    expect(await messages('options')).toEqual([
      {
        structuredContent: expect.objectContaining({
          quickReplies: expect.objectContaining({ type: 'quickReplies' }),
        }),
      },
    ]);
    expect(await messages('wait')).toEqual([{ delay: 1, typing: true }, 'Thank you for waiting.']);
    expect((await messages('note'))?.[0]).toEqual({
      text: expect.any(String),
      messageAudience: 'AGENTS_AND_MANAGERS',
    });
    const metadata = await invoke(invocation('metadata'));
    expect(metadata.context?.encodedMetadata).toBe(exampleEncodedMetadata);
    const survey = await invoke(invocation('close without survey'));
    expect(survey.context).toMatchObject({
      action: 'CLOSE_CONVERSATION',
      actionParameters: { withoutPcs: true },
    });
  });

  it('BOT-SC-03 BOT-SC-11 keeps quick replies, TTR and encodedMetadata out of chat', async () => {
    for (const text of ['options', 'urgent', 'metadata']) {
      const output = await invoke(invocation(text, {}, chatLpEvent));
      expect(output.messages?.every((message) => typeof message === 'string')).toBe(true);
      expect(output.context?.action).toBeUndefined();
      expect(output.context?.encodedMetadata).toBeUndefined();
    }
  });

  it('FAAS-06 answers a chat welcome (event.name, empty message) with a message', async () => {
    const output = await invoke(
      invocation('', { event: { name: 'WELCOME' } }, { ...chatLpEvent, isWelcomeEvent: true }),
    );
    expect(output.messages).toEqual(['Welcome! How can I help?']);
    expect(output.context?.intentId).toBe('welcome');
  });

  it('FLOW-04 mentions lastConsumerMessage on a messaging welcome-on-transfer', async () => {
    const output = await invoke(
      invocation(
        '',
        { event: { name: 'WELCOME' } },
        { type: 'ContentEvent', content: 'welcome', lastConsumerMessage: 'where is my order' },
      ),
    );
    expect(output.messages).toEqual(['Welcome! You said: "where is my order". How can I help?']);
  });

  it('FAAS-09 answers an empty message, lpSdes and unknown lpEvent keys without error', async () => {
    const empty = await invoke(invocation(''));
    expect(empty.messages).toEqual(['Sorry, I did not catch that.']);
    const withSdes = await invoke(
      invocation('hello', {
        context: {
          lpEvent: { ...messagingLpEvent, somethingNew: { a: 1 } },
          lpSdes: { unauthenticatedSdes: { personalInfo: { name: 'Ann' } } },
        },
      }),
    );
    expect(withSdes.messages).toEqual(['You said: hello']);
  });

  it('FLOW-05 acknowledges the file and rich-content identifiers', async () => {
    expect((await invoke(invocation(sendFileIdentifier))).messages).toEqual([
      'Thanks, I received your file.',
    ]);
    expect((await invoke(invocation(sendRichContentIdentifier))).messages).toEqual([
      'Thanks, I received your content.',
    ]);
  });

  it('has a promise form and takes a transfer skill and lambda UUID', async () => {
    expect((await lambdaAsync(invocation('hi'))).messages).toEqual(['You said: hi']);
    const custom = createExampleFunction({
      transferSkill: 'billing',
      lambdaUuid: '00000000-0000-4000-8000-000000000001',
    });
    const transfer = await custom.lambdaAsync(invocation('transfer'));
    expect(transfer.context?.actionParameters).toEqual({ skill: 'billing' });
    const invocationOutput = await custom.lambdaAsync(invocation('function'));
    expect(invocationOutput.context?.actionParameters?.lambdaUuid).toBe(
      '00000000-0000-4000-8000-000000000001',
    );
  });
});
