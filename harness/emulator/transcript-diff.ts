import type { EmulatorBotItem, TextMatch } from '../../schemas/index.ts';

/** One way a replayed turn differs from its recording. */
export interface TranscriptDifference {
  /** The turn, counted from 1 as a reader counts them. */
  turn: number;
  /** The bot item of that turn, counted from 1. */
  item: number;
  /** Where in the item, for example `text`, `kinds`, `content.elements[0].title`. */
  path: string;
  /** What the recording holds (or allows), in words. */
  expected: string;
  /** What the replay got, in words. */
  got: string;
  /** `turn 2, bot item 1: expected text "…", got "…"`. */
  message: string;
}

/** A value as a diff shows it: strings quoted, long ones cut so a line stays readable. */
function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** What a mismatch found inside one item, before it is placed in its turn. */
interface Mismatch {
  path: string;
  expected: string;
  got: string;
}

/**
 * Compares a text by mode. In regex mode a text equal to the recorded one passes before the
 * recorded one is compiled: a recording replayed unedited under `--text regex` must not fail on
 * the `?` of a URL it holds.
 */
function compareText(
  recorded: string,
  replayed: string,
  mode: TextMatch,
  path: string,
): Mismatch | undefined {
  switch (mode) {
    case 'exact':
      return recorded === replayed
        ? undefined
        : { path, expected: `${path} ${show(recorded)}`, got: show(replayed) };
    case 'regex': {
      if (recorded === replayed) return undefined;
      let pattern: RegExp;
      try {
        pattern = new RegExp(recorded);
      } catch (error) {
        return {
          path,
          expected: `${path} matching /${recorded}/, which is not a valid regular expression (${(error as Error).message}); fix the pattern in the transcript or set its textMatch to "exact"`,
          got: show(replayed),
        };
      }
      return pattern.test(replayed)
        ? undefined
        : { path, expected: `${path} matching /${recorded}/`, got: show(replayed) };
    }
    case 'shape': {
      // Same shape: text where there was text, and blank where the recording was blank.
      const blank = recorded.trim() === '';
      return blank === (replayed.trim() === '')
        ? undefined
        : {
            path,
            expected: `${path} ${blank ? 'blank' : 'of any non-blank text'}`,
            got: show(replayed),
          };
    }
  }
}

/**
 * Compares two JSON trees structurally: the same keys, the same `type` values, the same array
 * lengths and the same value types; string leaves by the text mode. Numbers and booleans are
 * compared by type only, as a card's layout is what a regression breaks, not a counter in it.
 */
function compareTree(
  recorded: unknown,
  replayed: unknown,
  mode: TextMatch,
  path: string,
): Mismatch[] {
  const expectedKind = kindOf(recorded);
  const gotKind = kindOf(replayed);
  if (expectedKind !== gotKind) {
    const described = (kind: string, value: unknown) =>
      value === undefined ? kind : `${kind} ${show(value)}`;
    return [
      {
        path,
        expected:
          recorded === undefined ? `no ${path}` : `${path} as ${described(expectedKind, recorded)}`,
        got: described(gotKind, replayed),
      },
    ];
  }
  if (typeof recorded === 'string') {
    const mismatch = compareText(recorded, replayed as string, mode, path);
    return mismatch ? [mismatch] : [];
  }
  if (Array.isArray(recorded)) {
    const got = replayed as unknown[];
    if (recorded.length !== got.length) {
      return [
        {
          path,
          expected: `${path} with ${recorded.length} items`,
          got: `${got.length} items: ${show(got)}`,
        },
      ];
    }
    return recorded.flatMap((item, index) =>
      compareTree(item, got[index], mode, `${path}[${index}]`),
    );
  }
  if (recorded !== null && typeof recorded === 'object') {
    const want = recorded as Record<string, unknown>;
    const got = replayed as Record<string, unknown>;
    const missing = Object.keys(want).filter((key) => !(key in got));
    const extra = Object.keys(got).filter((key) => !(key in want));
    if (missing.length > 0 || extra.length > 0) {
      return [
        {
          path,
          expected: `${path} with the keys ${show(Object.keys(want))}`,
          got: [
            missing.length > 0 ? `no ${show(missing)}` : '',
            extra.length > 0 ? `extra ${show(extra)}` : '',
          ]
            .filter(Boolean)
            .join(', '),
        },
      ];
    }
    const mismatches: Mismatch[] = [];
    for (const key of Object.keys(want)) {
      // An element's type is its kind (button, image, vertical): it never matches loosely.
      const leafMode = key === 'type' ? 'exact' : mode;
      mismatches.push(...compareTree(want[key], got[key], leafMode, `${path}.${key}`));
    }
    return mismatches;
  }
  // Numbers and booleans of the same type.
  return [];
}

/** An optional part of a message item (quick replies, metadata): present on both or neither. */
function compareOptional(
  recorded: unknown,
  replayed: unknown,
  mode: TextMatch,
  path: string,
): Mismatch[] {
  if (recorded === undefined && replayed === undefined) return [];
  return compareTree(recorded, replayed, mode, path);
}

/** One value that must be the same, said as `label "value"`. */
function exactly(path: string, label: string, expected: string, got: string) {
  return got === expected ? [] : [{ path, expected: `${label} ${show(expected)}`, got: show(got) }];
}

/** Compares two items of the same kind. */
function compareItem(
  recorded: EmulatorBotItem,
  replayed: EmulatorBotItem,
  mode: TextMatch,
): Mismatch[] {
  switch (recorded.kind) {
    case 'text':
    case 'private-text': {
      const got = replayed as typeof recorded;
      const own = recorded.textMatch ?? mode;
      const text = compareText(recorded.text, got.text, own, 'text');
      return [
        ...(text ? [text] : []),
        ...compareOptional(recorded.quickReplies, got.quickReplies, own, 'quickReplies'),
        ...compareOptional(recorded.metadata, got.metadata, own, 'metadata'),
      ];
    }
    case 'structured-content': {
      const got = replayed as typeof recorded;
      const own = recorded.textMatch ?? mode;
      return [
        ...compareTree(recorded.content, got.content, own, 'content'),
        ...compareOptional(recorded.quickReplies, got.quickReplies, own, 'quickReplies'),
        ...compareOptional(recorded.metadata, got.metadata, own, 'metadata'),
      ];
    }
    // Actions are the platform's own values: compared exactly, whatever the text mode.
    case 'transfer':
      return exactly(
        'skill',
        'transfer to skill',
        recorded.skill,
        (replayed as typeof recorded).skill,
      );
    case 'ttr':
      return exactly('ttrType', 'ttrType', recorded.ttrType, (replayed as typeof recorded).ttrType);
    case 'escalation':
      return exactly('code', 'escalation code', recorded.code, (replayed as typeof recorded).code);
    case 'close':
      return [];
  }
}

/**
 * How a replayed turn's bot items differ from the recorded ones; empty when they match. The
 * kinds must come in the same order; each pair is then compared, texts by `mode` unless the
 * recorded item says its own `textMatch`.
 *
 * @example
 * diffTurn(2, [{ kind: 'text', text: 'Hi' }], [{ kind: 'text', text: 'Hello' }], 'exact')
 * // [{ turn: 2, item: 1, path: 'text', message: 'turn 2, bot item 1: expected text "Hi", got "Hello"', … }]
 */
export function diffTurn(
  turn: number,
  recorded: readonly EmulatorBotItem[],
  replayed: readonly EmulatorBotItem[],
  mode: TextMatch,
): TranscriptDifference[] {
  const place = (index: number, mismatch: Mismatch): TranscriptDifference => ({
    turn,
    item: index + 1,
    ...mismatch,
    message: `turn ${turn}, bot item ${index + 1}: expected ${mismatch.expected}, got ${mismatch.got}`,
  });
  const differences: TranscriptDifference[] = [];
  const shared = Math.min(recorded.length, replayed.length);
  let firstOther = 0;
  while (firstOther < shared && recorded[firstOther]?.kind === replayed[firstOther]?.kind) {
    firstOther += 1;
  }
  for (let index = 0; index < firstOther; index += 1) {
    const mismatches = compareItem(
      recorded[index] as EmulatorBotItem,
      replayed[index] as EmulatorBotItem,
      mode,
    );
    differences.push(...mismatches.map((mismatch) => place(index, mismatch)));
  }
  if (firstOther < recorded.length || firstOther < replayed.length) {
    const kinds = (items: readonly EmulatorBotItem[]) =>
      items.length === 0 ? 'no bot item' : items.map((item) => item.kind).join(', ');
    differences.push(
      place(firstOther, {
        path: 'kinds',
        expected: `the bot items ${kinds(recorded)}`,
        got: kinds(replayed),
      }),
    );
  }
  return differences;
}

/**
 * The differences of one turn as a short diff a reader scans: the turn, then a `-` line for what
 * was recorded and a `+` line for what came, per difference.
 */
export function renderTurnDiff(differences: readonly TranscriptDifference[]): string {
  const lines: string[] = [];
  let turn: number | undefined;
  for (const difference of differences) {
    if (difference.turn !== turn) {
      turn = difference.turn;
      lines.push(`turn ${turn}:`);
    }
    lines.push(`  bot item ${difference.item}, ${difference.path}:`);
    lines.push(`  - expected ${difference.expected}`);
    lines.push(`  + got      ${difference.got}`);
  }
  return lines.join('\n');
}
