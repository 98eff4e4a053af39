/**
 * Replay's comparison of one recorded turn with its replay (docs/replay.md): texts by mode,
 * structured content and quick replies by structure, actions exactly, kinds in order.
 */
import { describe, expect, it } from 'vitest';
import type { EmulatorBotItem } from '../../schemas/index.ts';
import { diffTurn, renderTurnDiff } from './transcript-diff.ts';

const text = (value: string, extra: Partial<EmulatorBotItem> = {}): EmulatorBotItem =>
  ({ kind: 'text', text: value, ...extra }) as EmulatorBotItem;

const card = (title: string, extra: Record<string, unknown> = {}): EmulatorBotItem => ({
  kind: 'structured-content',
  content: {
    type: 'vertical',
    elements: [
      { type: 'text', text: title, style: { bold: true } },
      {
        type: 'button',
        title: 'Open',
        click: { actions: [{ type: 'link', uri: 'https://x.test/a?b=1' }] },
      },
    ],
    ...extra,
  },
});

describe('diffTurn: texts', () => {
  it('matches equal texts and names the turn, the item and both texts when they differ', () => {
    expect(diffTurn(1, [text('Hi')], [text('Hi')], 'exact')).toEqual([]);
    const [difference, ...rest] = diffTurn(3, [text('Hi')], [text('Hello')], 'exact');
    expect(rest).toEqual([]);
    expect(difference).toMatchObject({ turn: 3, item: 1, path: 'text' });
    expect(difference?.message).toBe('turn 3, bot item 1: expected text "Hi", got "Hello"');
  });

  it('regex: the recorded text is a pattern the new text must match', () => {
    expect(
      diffTurn(1, [text('^Order \\d+ shipped$')], [text('Order 42 shipped')], 'regex'),
    ).toEqual([]);
    const [difference] = diffTurn(1, [text('^Order \\d+$')], [text('Order x')], 'regex');
    expect(difference?.message).toBe(
      'turn 1, bot item 1: expected text matching /^Order \\d+$/, got "Order x"',
    );
  });

  it('regex: an invalid pattern is a difference that says so, not a crash', () => {
    const [difference] = diffTurn(2, [text('Order (')], [text('Order 42')], 'regex');
    expect(difference?.message).toMatch(
      /^turn 2, bot item 1: expected text matching \/Order \(\/, which is not a valid regular expression \(.+\); fix the pattern/,
    );
  });

  it('shape: any non-blank text passes, a blank one does not', () => {
    expect(diffTurn(1, [text('Hi')], [text('Something else')], 'shape')).toEqual([]);
    const [difference] = diffTurn(1, [text('Hi')], [text('  ')], 'shape');
    expect(difference?.message).toBe(
      'turn 1, bot item 1: expected text of any non-blank text, got "  "',
    );
  });

  it("an item's own textMatch wins over the command line's mode", () => {
    expect(diffTurn(1, [text('^Hel', { textMatch: 'regex' })], [text('Hello')], 'exact')).toEqual(
      [],
    );
    expect(
      diffTurn(1, [text('Hi', { textMatch: 'exact' })], [text('Hello')], 'shape'),
    ).toHaveLength(1);
    expect(diffTurn(1, [text('Hi', { textMatch: 'shape' })], [text('Yo')], 'exact')).toEqual([]);
  });

  it('compares private texts and their kind', () => {
    const note = { kind: 'private-text', text: 'For agents' } as EmulatorBotItem;
    expect(diffTurn(1, [note], [note], 'exact')).toEqual([]);
    const [difference] = diffTurn(1, [note], [text('For agents')], 'exact');
    expect(difference?.message).toBe(
      'turn 1, bot item 1: expected the bot items private-text, got text',
    );
  });
});

describe('diffTurn: kinds and order', () => {
  it('reports a missing, an extra and a reordered item at the first item that differs', () => {
    const transfer: EmulatorBotItem = { kind: 'transfer', skill: 'human' };
    expect(diffTurn(2, [text('Bye'), transfer], [text('Bye')], 'exact')[0]?.message).toBe(
      'turn 2, bot item 2: expected the bot items text, transfer, got text',
    );
    expect(diffTurn(2, [], [text('Hi')], 'exact')[0]?.message).toBe(
      'turn 2, bot item 1: expected the bot items no bot item, got text',
    );
    expect(diffTurn(2, [text('Bye'), transfer], [transfer, text('Bye')], 'exact')).toHaveLength(1);
  });

  it('still compares the items before the first kind that differs', () => {
    const differences = diffTurn(1, [text('A'), text('B')], [text('X')], 'exact');
    expect(differences.map((difference) => [difference.item, difference.path])).toEqual([
      [1, 'text'],
      [2, 'kinds'],
    ]);
  });
});

describe('diffTurn: actions, compared exactly in every mode', () => {
  it.each([
    [
      { kind: 'transfer', skill: 'human' },
      { kind: 'transfer', skill: 'sales' },
      'expected transfer to skill "human", got "sales"',
    ],
    [
      { kind: 'ttr', ttrType: 'URGENT' },
      { kind: 'ttr', ttrType: 'NORMAL' },
      'expected ttrType "URGENT", got "NORMAL"',
    ],
    [
      { kind: 'escalation', code: 'a.b' },
      { kind: 'escalation', code: 'c.d' },
      'expected escalation code "a.b", got "c.d"',
    ],
  ] as const)('%o against %o', (recorded, replayed, message) => {
    expect(diffTurn(1, [recorded], [recorded], 'shape')).toEqual([]);
    expect(diffTurn(1, [recorded], [replayed], 'shape')[0]?.message).toBe(
      `turn 1, bot item 1: ${message}`,
    );
  });

  it('a close matches a close', () => {
    expect(diffTurn(1, [{ kind: 'close' }], [{ kind: 'close' }], 'exact')).toEqual([]);
  });
});

describe('diffTurn: structured content and quick replies', () => {
  it('matches the same tree, and string leaves by mode', () => {
    expect(diffTurn(1, [card('Your order')], [card('Your order')], 'exact')).toEqual([]);
    expect(diffTurn(1, [card('Your order')], [card('Another title')], 'shape')).toEqual([]);
    const [difference] = diffTurn(1, [card('Your order')], [card('Another title')], 'exact');
    expect(difference).toMatchObject({ path: 'content.elements[0].text' });
    expect(difference?.message).toBe(
      'turn 1, bot item 1: expected content.elements[0].text "Your order", got "Another title"',
    );
  });

  it('regex mode passes unedited literals, such as a URL with a ?', () => {
    expect(diffTurn(1, [card('Your order')], [card('Your order')], 'regex')).toEqual([]);
  });

  it('compares type values exactly even in shape mode', () => {
    const recorded = card('T');
    const replayed = card('T', { type: 'horizontal' });
    const [difference] = diffTurn(1, [recorded], [replayed], 'shape');
    expect(difference?.message).toBe(
      'turn 1, bot item 1: expected content.type "vertical", got "horizontal"',
    );
  });

  it('reports different keys, array lengths and value types', () => {
    expect(diffTurn(1, [card('T')], [card('T', { tag: 'x' })], 'shape')[0]?.message).toBe(
      'turn 1, bot item 1: expected content with the keys ["type","elements"], got extra ["tag"]',
    );
    const fewer: EmulatorBotItem = {
      kind: 'structured-content',
      content: { type: 'vertical', elements: [] },
    };
    expect(diffTurn(1, [card('T')], [fewer], 'shape')[0]?.message).toMatch(
      /^turn 1, bot item 1: expected content.elements with 2 items, got 0 items/,
    );
    const bold: EmulatorBotItem = { kind: 'structured-content', content: { on: true, n: 1 } };
    const stringly: EmulatorBotItem = { kind: 'structured-content', content: { on: 'yes', n: 2 } };
    expect(
      diffTurn(1, [bold], [stringly], 'shape').map((difference) => difference.message),
    ).toEqual(['turn 1, bot item 1: expected content.on as a boolean true, got a string "yes"']);
  });

  it('compares quick replies structurally, and their absence', () => {
    const replies = (title: string) => ({
      type: 'quickReplies',
      itemsPerRow: 2,
      replies: [
        { type: 'button', title, click: { actions: [{ type: 'publishText', text: title }] } },
      ],
    });
    const offered = text('Pick one', { quickReplies: replies('Yes') });
    expect(
      diffTurn(1, [offered], [text('Pick one', { quickReplies: replies('Yes') })], 'exact'),
    ).toEqual([]);
    expect(
      diffTurn(1, [offered], [text('Pick one', { quickReplies: replies('Sure') })], 'shape'),
    ).toEqual([]);
    expect(
      diffTurn(1, [offered], [text('Pick one', { quickReplies: replies('Sure') })], 'exact').map(
        (d) => d.path,
      ),
    ).toEqual(['quickReplies.replies[0].title', 'quickReplies.replies[0].click.actions[0].text']);
    expect(diffTurn(1, [offered], [text('Pick one')], 'exact')[0]?.message).toMatch(
      /^turn 1, bot item 1: expected quickReplies as an object .*, got nothing/,
    );
  });
});

describe('renderTurnDiff', () => {
  it('shows each difference as expected and got lines under its turn', () => {
    const differences = [
      ...diffTurn(2, [text('Hi')], [text('Hello')], 'exact'),
      ...diffTurn(4, [{ kind: 'ttr', ttrType: 'URGENT' }], [], 'exact'),
    ];
    expect(renderTurnDiff(differences)).toBe(
      [
        'turn 2:',
        '  bot item 1, text:',
        '  - expected text "Hi"',
        '  + got      "Hello"',
        'turn 4:',
        '  bot item 1, kinds:',
        '  - expected the bot items ttr',
        '  + got      no bot item',
      ].join('\n'),
    );
  });
});
