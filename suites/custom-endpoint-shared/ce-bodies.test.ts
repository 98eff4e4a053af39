// Spec: custom-endpoint.md §5 (PUT body) and §6.1-§6.2 (event envelope, lpEvent): the bodies the
// CE-* checks send are the ones the mock engine sends, so they match its closed request schemas.
import { describe, expect, it } from 'vitest';
import { validate } from '../../schemas/index.ts';
import {
  chatLpEvent,
  closeConversationEvent,
  conversationBody,
  conversationStateEvent,
  exampleSdes,
  hostedFileEvent,
  messagingLpEvent,
  richContentEvent,
  startEvent,
  textContent,
  textEvent,
} from './index.ts';

describe('request bodies of the CE-* checks', () => {
  it('PUT bodies match ce-conversation, with and without sdes, in both conversation types', () => {
    for (const body of [
      conversationBody(),
      conversationBody('CHAT', { skillId: 1234567 }),
      { ...conversationBody(), sdes: exampleSdes },
    ]) {
      expect(validate('ce-conversation', body).issues).toEqual([]);
    }
  });

  it('event bodies match ce-event', () => {
    const convId = 'c0a8f5e2-6f0e-4a61-9b43-3f3c1d9a2b10';
    const messaging = messagingLpEvent(convId, textContent('Hello there'));
    for (const body of [
      textEvent('Hello there', messaging),
      textEvent('Hello there', chatLpEvent('Hello there')),
      richContentEvent(convId),
      startEvent(chatLpEvent('', true)),
      startEvent(messaging, 'Hello there'),
      conversationStateEvent('TRANSFERRED', messaging),
      hostedFileEvent(messaging),
      closeConversationEvent(messaging),
    ]) {
      expect(validate('ce-event', body).issues).toEqual([]);
    }
  });

  it('the messaging lpEvent is a UMS messaging event notification', () => {
    const lpEvent = messagingLpEvent('conv-1', textContent('Hi'), 3);
    expect(validate('ums-online-event-distribution-notification', lpEvent).issues).toEqual([]);
  });
});
