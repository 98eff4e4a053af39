/**
 * One observed reply seen the way the reply rules judge it: the raw wire reply (a Custom Endpoint
 * body, a function output or a connector's PublishEvent frame) cut into its message items, its
 * actions and every metadata / encodedMetadata field, each with the JSON Pointer it sits at.
 *
 * Unlike the engine's parsers (mocks/tpb/reply-parse-*.ts) nothing is dropped or normalized
 * here: a DELAY of 0 seconds or an empty skill name is kept as it came, because the rules judge
 * the raw reply (tpb-platform.md §§2–3, custom-endpoint.md §6.3).
 *
 * @see ../../../shared/spec/tpb-platform.md §2.1, §3.1, §3.2
 */
import type { Evidence } from '../../schemas/index.ts';

/** Which wire the reply came over. */
export type ReplyWire = 'custom-endpoint' | 'faas' | 'connector';

/** The conversation type of the reply; connectors publish into messaging conversations. */
export type ReplyChannel = 'messaging' | 'chat';

/** A value of the reply and where it sits (JSON Pointer into the raw reply or frame). */
export interface Field {
  value: unknown;
  path: string;
}

/** One message item of a reply, as the wire had it. */
export type ItemView =
  | { kind: 'text'; path: string; text: Field; audience?: Field }
  | { kind: 'private'; path: string; text: Field; audience: Field }
  | { kind: 'sc'; path: string; body: Field }
  | {
      kind: 'qr';
      path: string;
      /** The whole wrapper `{message, quickReplies}` (connector: the ContentEvent). */
      wrapper: Field;
      message: Field;
      quickReplies: Field;
    }
  | { kind: 'delay'; path: string; seconds: Field; typing?: Field }
  /** An entry the wire format does not know (e.g. `type: "text"`); shape rules judge it. */
  | { kind: 'unknown'; path: string };

/** One action of a reply, supported or not. */
export interface ActionView {
  /** The raw name, whatever its type. */
  name: unknown;
  path: string;
  parameters?: Field;
  /** Whether the name is one of the target wire format's action names in exact case. */
  supported: boolean;
}

/** One reply of the session (or one connector frame), ready for the reply rules. */
export interface ReplyView {
  wire: ReplyWire;
  /** Words for messages: `the messaging reply to the "transfer" utterance (conversation …)`. */
  label: string;
  channel: ReplyChannel;
  /** The utterance key, `sweep`, `welcome`, `rich-content`, `file` or `connector`. */
  trigger: string;
  conversationId?: string;
  raw: unknown;
  items: ItemView[];
  actions: ActionView[];
  /** Every `metadata` the reply carries (per item, FaaS legacy context, UMS envelope). */
  metadata: Field[];
  /** Every `encodedMetadata` the reply carries (per item, FaaS context, UMS envelope). */
  encodedMetadata: Field[];
  /** The exchange or frame the reply came in (an in-process function gets a note). */
  evidence: Evidence[];
  /** Escalations the engine recorded in the reply's conversation. */
  escalations: Evidence[];
}

/** The message items: everything but unknown entries. */
export function messageItems(view: ReplyView): ItemView[] {
  return view.items.filter((item) => item.kind !== 'unknown');
}

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A structured content that is the TPB quick-replies wrapper rather than a rich-content body:
 * it has `quickReplies`, or a `message` and no `type` (a rich-content body always has a type).
 */
export function isQuickRepliesWrapper(structuredContent: unknown): boolean {
  if (!isObject(structuredContent)) return false;
  return (
    'quickReplies' in structuredContent ||
    (!('type' in structuredContent) && 'message' in structuredContent)
  );
}

/** `value` as short JSON for messages: `"ONLINE"`, `0`, `{"a":1}`, `undefined` (absent). */
export function show(value: unknown, max = 120): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The parts of a reply the rules judge. */
export interface WireParts {
  items: ItemView[];
  actions: ActionView[];
  metadata: Field[];
  encodedMetadata: Field[];
}

/** An `sc` item, or a `qr` item when the structured content is the quick-replies wrapper. */
export function structuredItem(path: string, sc: Field): ItemView {
  if (!isQuickRepliesWrapper(sc.value)) return { kind: 'sc', path, body: sc };
  const wrapper = sc.value as Record<string, unknown>;
  return {
    kind: 'qr',
    path,
    wrapper: sc,
    message: { value: wrapper.message, path: `${sc.path}/message` },
    quickReplies: { value: wrapper.quickReplies, path: `${sc.path}/quickReplies` },
  };
}
