/**
 * A vendor reply cut into the parts the reply rules judge: its message items, its actions and
 * every metadata / encodedMetadata field, each value as it came with the JSON Pointer it sits at.
 *
 * The engine reads a reply once (`readCustomEndpointReply`, `readFaasReply`) into its neutral
 * parse, which it acts on, and these parts, which it logs for the checks. Unlike the neutral
 * parse nothing is dropped or normalized here: a DELAY of 0 seconds or an empty skill name is
 * kept as it came, because the rules judge the raw reply (tpb-platform.md §§2–3,
 * custom-endpoint.md §6.3).
 *
 * @see docs/spec/tpb-platform.md#21-shape §2.1, §3.1, §3.2
 */
import { isObject, type ParseResult } from './neutral-reply.ts';

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

/** The parts of a reply the rules judge. */
export interface WireParts {
  items: ItemView[];
  actions: ActionView[];
  metadata: Field[];
  encodedMetadata: Field[];
}

/**
 * The parts of a reply, or why the item rules cannot read it (not in the wire's top-level shape:
 * CE-EVENT-02/03 and FAAS-01/04 judge that).
 */
export type ReplyParts = WireParts | { unreadable: string };

/** The engine's one reading of a vendor reply: what it acts on, and what the checks judge. */
export interface ReplyReading {
  /** The neutral reply (or why it is unusable) the engine verifies and renders. */
  parsed: ParseResult;
  /** The reply's parts with every value as it came. */
  parts: ReplyParts;
}

/**
 * A structured content that is the TPB quick-replies wrapper rather than a rich-content body:
 * it has `quickReplies`, or a `message` and no `type` (a rich-content body always has a type).
 * Wider than the engine's test (`structuredContentItem`), so that the rules judge a malformed
 * wrapper as quick replies.
 */
function isQuickRepliesWrapper(structuredContent: unknown): boolean {
  if (!isObject(structuredContent)) return false;
  return (
    'quickReplies' in structuredContent ||
    (!('type' in structuredContent) && 'message' in structuredContent)
  );
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
