import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { SchemaId } from '../../../../schemas/index.ts';
import { umsRequestTypes } from '../../../ums/request-types.ts';

/** One websocket frame to send to the mock UMS. */
export interface BadFrame {
  /** How it was made, for the failure message. */
  mutation: string;
  data: string | Buffer;
  /** Sent as a binary frame rather than a text frame. */
  binary: boolean;
}

/** Ids a mutation may put anywhere, so that handlers meet live objects, not only unknown ids. */
export interface FrameIds {
  conversationId: string;
  consumerId: string;
  /** The bot's old id `{accountId}.{userId}`. */
  agentId: string;
  accountId: string;
}

type Json = fc.JsonValue;

/** Stands for deep nesting until the frame is serialized (JSON.stringify would overflow on it). */
const deepMarker = '__deep_nesting__';

/** The valid and invalid bodies of a schema's fixtures, the seeds of every mutation. */
function fixtureValues(schemaId: SchemaId): Json[] {
  const url = new URL(`../../../../schemas/fixtures/${schemaId}.fixtures.json`, import.meta.url);
  const fixtures = JSON.parse(readFileSync(url, 'utf8')) as {
    valid: { value: Json }[];
    invalid?: { value: Json }[];
  };
  return [...fixtures.valid, ...(fixtures.invalid ?? [])].map((fixture) => fixture.value);
}

/**
 * Every request the schema fixtures hold (valid and invalid bodies of each type, and envelopes),
 * each twice: as written, and with its ids replaced by live ones, so that handlers get past
 * "not found" to the conversation the bot serves.
 */
function seedFrames(ids: FrameIds): Json[] {
  const frames: Json[] = Object.entries(umsRequestTypes).flatMap(([type, spec], index) =>
    fixtureValues(spec.bodySchema).map((body, n) => ({
      kind: 'req',
      id: `seed-${index}-${n}`,
      type,
      body,
    })),
  );
  const written = [...frames, ...fixtureValues('ums-request')];
  return [...written, ...written.map((frame) => withLiveIds(frame, ids))];
}

/** Which live id replaces the value of each id-like key of the fixtures. */
function liveIdFor(key: string, ids: FrameIds): string | undefined {
  if (/^(dialogId|conversationId|originConversationId)$/.test(key)) return ids.conversationId;
  if (/^(consumerId|userId)$/.test(key)) return ids.consumerId;
  if (/^(agentId|agentUserId)$/.test(key)) return ids.agentId;
  if (key === 'brandId') return ids.accountId;
  return undefined;
}

function withLiveIds(value: Json, ids: FrameIds): Json {
  if (Array.isArray(value)) return value.map((item) => withLiveIds(item, ids));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      typeof item === 'string' ? (liveIdFor(key, ids) ?? item) : withLiveIds(item as Json, ids),
    ]),
  );
}

type Operation = 'delete' | 'set' | 'add' | 'id' | 'huge' | 'deep';

interface Mutation {
  operation: Operation;
  /** Mostly inside `body`, so that most frames pass the envelope check and reach a handler. */
  inBody: boolean;
  /** Which node of the frame (modulo the number of nodes). */
  at: number;
  value: Json;
  /** Length of a huge string, or depth of nesting. */
  size: number;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  operation: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom<Operation>('delete', 'set', 'add') },
    { weight: 3, arbitrary: fc.constant<Operation>('id') },
    { weight: 1, arbitrary: fc.constantFrom<Operation>('huge', 'deep') },
  ),
  inBody: fc.oneof(
    { weight: 4, arbitrary: fc.constant(true) },
    { weight: 1, arbitrary: fc.constant(false) },
  ),
  at: fc.nat(),
  value: fc.jsonValue({ maxDepth: 3 }),
  size: fc.integer({ min: 1_000, max: 20_000 }),
});

/**
 * Frames for the mock UMS: requests from the schema fixtures with 1–3 mutations (a key removed, a
 * value of another type, an extra key, a live id in another place, a string of up to 1.2 MB, JSON
 * nested up to 20,000 deep), any JSON, any text, and binary frames.
 */
export function badFrames(ids: FrameIds): fc.Arbitrary<BadFrame> {
  const seeds = seedFrames(ids);
  const liveIds = [ids.conversationId, ids.consumerId, ids.agentId, ids.accountId];
  const mutated = fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { maxLength: 3 }))
    .map(([seed, mutations]) => {
      let frame = structuredClone(seeds[seed]) as Json;
      for (const change of mutations) frame = mutate(frame, change, liveIds);
      return {
        mutation: `fixture ${seed} with ${mutations.map((change) => change.operation).join(', ') || 'no change'}`,
        data: serialize(frame),
        binary: false,
      };
    });
  const frames = fc.oneof(
    { weight: 6, arbitrary: mutated },
    {
      weight: 1,
      arbitrary: fc.json().map((data) => ({ mutation: 'any JSON', data, binary: false })),
    },
    {
      weight: 1,
      arbitrary: fc
        .string({ unit: 'binary', maxLength: 300 })
        .map((data) => ({ mutation: 'any text', data, binary: false })),
    },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ maxLength: 300 })
        .map((bytes) => ({ mutation: 'any bytes', data: Buffer.from(bytes), binary: true })),
    },
    {
      weight: 1,
      arbitrary: mutated.map((frame) => ({
        mutation: `${frame.mutation}, as a binary frame`,
        data: Buffer.from(frame.data),
        binary: true,
      })),
    },
  );
  return frames.map(printable);
}

/** Frames the mock can only refuse, for a flood: broken envelopes, any text, deep JSON, bytes. */
export function refusedFrames(): fc.Arbitrary<BadFrame> {
  const invalid = fixtureValues('ums-request').slice(5);
  return fc
    .oneof(
      fc.constantFrom(...invalid).map((frame) => ({
        mutation: 'an invalid envelope',
        data: JSON.stringify(frame),
        binary: false,
      })),
      fc.string({ unit: 'binary', maxLength: 300 }).map((text) => ({
        mutation: 'any text',
        data: `{${text}`,
        binary: false,
      })),
      fc.jsonValue({ maxDepth: 3 }).map((body) => ({
        mutation: 'an unknown type',
        data: JSON.stringify({ kind: 'req', id: 'flood', type: '.ams.NoSuchRequest', body }),
        binary: false,
      })),
      fc.integer({ min: 1_000, max: 5_000 }).map((depth) => ({
        mutation: 'deep JSON',
        data: `{"kind":"req","id":"flood","type":".GetClock","body":${nested(depth)}}`,
        binary: false,
      })),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => ({
        mutation: 'any bytes',
        data: Buffer.from(bytes),
        binary: true,
      })),
    )
    .map(printable);
}

/** The id the mock must echo as `reqId`: a string `id` of a JSON object frame, else ''. */
export function expectedReqId(frame: BadFrame): string {
  try {
    const value = JSON.parse(frame.data.toString()) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return '';
    const { id } = value as { id?: unknown };
    return typeof id === 'string' ? id : '';
  } catch {
    return '';
  }
}

/** The request type of a frame, when it names one the mock knows. */
export function requestTypeOf(frame: BadFrame): keyof typeof umsRequestTypes | undefined {
  const match = /"type":"([^"]+)"/.exec(frame.data.toString().slice(0, 4096));
  const type = match?.[1];
  return type !== undefined && Object.hasOwn(umsRequestTypes, type)
    ? (type as keyof typeof umsRequestTypes)
    : undefined;
}

function mutate(frame: Json, change: Mutation, liveIds: string[]): Json {
  const all = pathsOf(frame);
  const body = all.filter((path) => path[0] === 'body');
  const nodes = change.inBody && body.length > 0 ? body : all;
  const path = nodes[change.at % nodes.length] ?? [];
  const replacement = {
    delete: undefined,
    set: change.value,
    add: change.value,
    id: liveIds[change.size % liveIds.length] as string,
    huge: 'x'.repeat(change.size * 60),
    deep: `${deepMarker}${change.size}`,
  }[change.operation];
  if (path.length === 0) return replacement === undefined ? {} : replacement;
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as never)[key], frame);
  const key = path.at(-1) as string | number;
  if (typeof parent !== 'object' || parent === null) return frame;
  if (change.operation === 'add' && !Array.isArray(parent)) {
    (parent as Record<string, Json>)[`extra${change.size}`] = change.value;
  } else if (change.operation === 'add') {
    (parent as Json[]).push(change.value);
  } else if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete (parent as Record<string, Json>)[key];
  } else {
    (parent as Record<string | number, Json>)[key] = replacement;
  }
  return frame;
}

/** Every node of a JSON value as a path of keys, the root (`[]`) first. */
function pathsOf(value: Json, path: (string | number)[] = []): (string | number)[][] {
  const paths = [path];
  if (typeof value !== 'object' || value === null) return paths;
  const entries = Array.isArray(value)
    ? value.map((item, index) => [index, item] as const)
    : Object.entries(value);
  for (const [key, item] of entries) paths.push(...pathsOf(item as Json, [...path, key]));
  return paths;
}

function serialize(frame: Json): string {
  return JSON.stringify(frame).replace(
    new RegExp(`"${deepMarker}(\\d+)"`, 'g'),
    (_, depth: string) => nested(Number(depth)),
  );
}

/** `[[[…]]]` nested `depth` deep. */
function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** Shows a counterexample short: a frame of 1 MB would fill the report. */
function printable(frame: BadFrame): BadFrame {
  const text = frame.data.toString();
  const shown = text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
  return Object.assign(frame, {
    [fc.toStringMethod]: () => `${frame.mutation} (${frame.binary ? 'binary' : 'text'}): ${shown}`,
  });
}
