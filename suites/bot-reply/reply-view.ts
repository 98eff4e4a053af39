/**
 * One observed reply seen the way the reply rules judge it: the raw wire reply (a Custom Endpoint
 * body, a function output or a connector's PublishEvent frame) cut into its message items, its
 * actions and every metadata / encodedMetadata field, each with the JSON Pointer it sits at.
 *
 * A vendor reply's parts are the engine's own reading (mocks/tpb/reply-parts.ts), logged when the
 * reply arrived; a connector frame's are cut here (wire-connector.ts). Either way nothing is
 * dropped or normalized: a DELAY of 0 seconds or an empty skill name is kept as it came, because
 * the rules judge the raw reply (tpb-platform.md §§2–3, custom-endpoint.md §6.3).
 *
 * @see docs/spec/tpb-platform.md#21-shape §2.1, §3.1, §3.2
 */

import type { TargetKind } from '../../harness/index.ts';
import type { ActionView, Field, ItemView } from '../../mocks/index.ts';
import type { Evidence } from '../../schemas/index.ts';

export type { ActionView, Field, ItemView };

/** Which wire the reply came over: the target kind's. */
export type ReplyWire = TargetKind;

/** The conversation type of the reply; connectors publish into messaging conversations. */
export type ReplyChannel = 'messaging' | 'chat';

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

/** `value` as short JSON for messages: `"ONLINE"`, `0`, `{"a":1}`, `undefined` (absent). */
export function show(value: unknown, max = 120): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
