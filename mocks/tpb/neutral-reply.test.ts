/**
 * tpb-platform.md §2.1 (quick replies are a structured content of the wrapper shape
 * `{message, quickReplies}`) and §2.4 (metadata is an array; a single object is a variant).
 */
import { describe, expect, it } from 'vitest';
import { neutralMetadata, rawActionName, structuredContentItem } from './neutral-reply.ts';

const quickReplies = { type: 'quickReplies', itemsPerRow: 8, replies: [] };

describe('structuredContentItem', () => {
  it.each([
    {
      name: 'a rich-content body → sc',
      content: { type: 'vertical', elements: [{ type: 'text', text: 'Hi' }] },
      item: {
        kind: 'sc',
        structuredContent: { type: 'vertical', elements: [{ type: 'text', text: 'Hi' }] },
      },
    },
    {
      name: 'the {message, quickReplies} wrapper → qr',
      content: { message: 'Pick one', quickReplies },
      item: { kind: 'qr', message: 'Pick one', quickReplies },
    },
    {
      name: 'a wrapper whose message is not a string → sc (json-pollock judges it)',
      content: { message: 17, quickReplies },
      item: { kind: 'sc', structuredContent: { message: 17, quickReplies } },
    },
    {
      name: 'a wrapper whose quickReplies is an array → sc',
      content: { message: 'Pick one', quickReplies: [] },
      item: { kind: 'sc', structuredContent: { message: 'Pick one', quickReplies: [] } },
    },
  ])('$name', ({ content, item }) => {
    expect(structuredContentItem(content, {})).toEqual(item);
  });

  it('carries metadata and encodedMetadata only when given', () => {
    expect(
      structuredContentItem(
        { message: 'Pick one', quickReplies },
        { metadata: [{ type: 'ExternalId', id: 'x' }], encodedMetadata: 'eA==' },
      ),
    ).toEqual({
      kind: 'qr',
      message: 'Pick one',
      quickReplies,
      metadata: [{ type: 'ExternalId', id: 'x' }],
      encodedMetadata: 'eA==',
    });
  });
});

describe('neutralMetadata', () => {
  it('keeps an array without a warning', () => {
    const warnings: string[] = [];
    expect(neutralMetadata([{ type: 'ExternalId', id: 'x' }], '/m', warnings)).toEqual([
      { type: 'ExternalId', id: 'x' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('wraps a single object and warns (BOT-SC-09)', () => {
    const warnings: string[] = [];
    expect(neutralMetadata({ type: 'ExternalId', id: 'x' }, '/m', warnings)).toEqual([
      { type: 'ExternalId', id: 'x' },
    ]);
    expect(warnings).toEqual([
      'BOT-SC-09: /m is a single object; an array of metadata objects is preferred.',
    ]);
  });
});

describe('rawActionName', () => {
  it.each([
    ['TRANSFER', 'TRANSFER'],
    [17, '17'],
    [undefined, 'undefined'],
    [{ name: 'X' }, '{"name":"X"}'],
  ])('%j → %s', (name, recorded) => {
    expect(rawActionName(name)).toBe(recorded);
  });
});
