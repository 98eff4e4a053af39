// Spec: tpb-platform.md §12.2 (the rich-content validator) and §2 (replies are played in order).
// Regression: the validator sorts a card's elements in place; when it was handed the observed
// reply, FLOW-02 then compared the reordered card with the transcript and failed a conformant bot.
import { afterEach, describe, expect, it } from 'vitest';
import type { BuiltContext } from '../../harness/index.ts';
import {
  ceBody,
  ceStructured,
  ceText,
  scriptedContext,
} from '../bot-reply/test-support/candidates.ts';
import { runCheck } from '../bot-reply/test-support/run-check.ts';
import { flowChecks } from '../flow/index.ts';
import { botScChecks } from './index.ts';

// Valid json-pollock, but not in the order the validator's sorter puts cards in (title first).
const card = {
  type: 'vertical',
  elements: [
    {
      type: 'button',
      title: 'Track',
      click: { actions: [{ type: 'publishText', text: 'track' }] },
    },
    { type: 'text', text: 'Your order', tag: 'title' },
  ],
};

describe('observed replies are evidence and never change', () => {
  let built: BuiltContext | undefined;
  afterEach(async () => {
    await built?.dispose();
    built = undefined;
  });

  it('BOT-SC-02 validates a copy, so FLOW-02 still sees the card as sent', async () => {
    built = await scriptedContext(() => ceBody(ceText('Here it is'), ceStructured(card)));
    const channel = await runCheck(botScChecks, 'BOT-SC-02', built.context);
    expect(channel.status, channel.message).toBe('pass');
    const order = await runCheck(flowChecks, 'FLOW-02', built.context);
    expect(order.status, order.message).toBe('pass');

    const session = await built.context.session();
    type Sent = { response: Array<{ data: { structuredContent?: typeof card } }> };
    const [reply] = session.replies;
    const elements = (reply?.raw as Sent | undefined)?.response[1]?.data.structuredContent
      ?.elements;
    expect(elements?.map((element) => element.type)).toEqual(['button', 'text']);
    expect(Object.isFrozen(elements)).toBe(true);
  });
});
