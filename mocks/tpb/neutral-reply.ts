/**
 * The vendor-neutral reply model of the Third-Party Bots engine: every vendor's wire reply is
 * parsed into a `NeutralReply`, verified (`reply-verify.ts`) and then rendered into the
 * conversation. Beside the items and the one action LivePerson's model holds, it carries what
 * verification needs to tell "no action" from "an unsupported action" from "several actions",
 * and the warnings met while parsing.
 *
 * @see docs/spec/tpb-platform.md#21-shape §2.1 (shape), §2.2 (actions), §2.4 (metadata)
 */
import type { ValidationIssue } from '../../schemas/index.ts';

/** One conversation-metadata object with a `type`, e.g. `{ type: 'ExternalId', id: 'ABCD1234' }`. */
export type NeutralMetadata = Record<string, unknown>;

/** Plain text for the consumer. */
export interface NeutralTextItem {
  kind: 'text';
  text: string;
  metadata?: NeutralMetadata[];
  encodedMetadata?: string;
}

/** Text for agents and managers only (`messageAudience: AGENTS_AND_MANAGERS`). */
export interface NeutralPrivateItem {
  kind: 'private';
  text: string;
}

/** A structured-content (rich content) body, passed on unchanged. */
export interface NeutralStructuredContentItem {
  kind: 'sc';
  structuredContent: Record<string, unknown>;
  metadata?: NeutralMetadata[];
  encodedMetadata?: string;
}

/** Quick replies: a structured content that was the wrapper `{ message, quickReplies }`. */
export interface NeutralQuickRepliesItem {
  kind: 'qr';
  message: string;
  quickReplies: Record<string, unknown>;
  metadata?: NeutralMetadata[];
  encodedMetadata?: string;
}

/** A pause before the next item, with a typing indicator unless `typing` is false. */
export interface NeutralDelayItem {
  kind: 'delay';
  /** Whole seconds, at least 1. */
  seconds: number;
  /** Defaults to true when the wire omits it. */
  typing: boolean;
}

/** One reply item; items are played strictly in order. */
export type NeutralItem =
  | NeutralTextItem
  | NeutralPrivateItem
  | NeutralStructuredContentItem
  | NeutralQuickRepliesItem
  | NeutralDelayItem;

/**
 * TRANSFER to a skill, optionally to one of its agents; or, with no skill (Custom Endpoint
 * variant D14, `agentId` only), to an agent, the conversation keeping its skill.
 */
export type NeutralTransferAction =
  | { name: 'TRANSFER'; skill: string; agentId?: string }
  | { name: 'TRANSFER'; skill?: undefined; agentId: string };

/** CLOSE_CONVERSATION; `withoutPcs: true` skips the post-conversation survey. */
export interface NeutralCloseConversationAction {
  name: 'CLOSE_CONVERSATION';
  withoutPcs?: boolean;
}

/** The TTR types; `CUSTOM` (+ `value`) is a legacy variant. */
export type NeutralTtrType = 'URGENT' | 'NORMAL' | 'PRIORITIZED' | 'CUSTOM';

/** CHANGE_TTR (messaging only). */
export interface NeutralChangeTtrAction {
  name: 'CHANGE_TTR';
  ttrType: NeutralTtrType;
  value?: string | number;
}

/** INVOKE a LivePerson Function (FaaS `INVOCATION`, CE `INVOKE_FUNCTION`). */
export interface NeutralInvokeAction {
  name: 'INVOKE';
  lambdaUuid: string;
  /** As the wire gave it: an object (preferred), a JSON string, or anything else. */
  payload?: unknown;
  failOnError?: boolean;
}

/** The one action of a reply, executed after all items. */
export type NeutralAction =
  | NeutralTransferAction
  | NeutralCloseConversationAction
  | NeutralChangeTtrAction
  | NeutralInvokeAction;

/** Intent info for the Agent Escalation Summary widget. */
export interface NeutralIntent {
  id: string;
  name?: string;
  confidenceScore: number;
}

/** A vendor reply in the engine's own words. */
export interface NeutralReply {
  items: NeutralItem[];
  /** The supported action, when the reply held exactly one action and it was supported. */
  action?: NeutralAction;
  intent?: NeutralIntent;
  /**
   * The raw name of every action the wire carried, supported or not, in order; its length is the
   * count of actions. `action` absent with one name here means "an unsupported action".
   */
  actionNames: string[];
  /** Non-preferred documented variants met while parsing, each opening with its rule id. */
  warnings: string[];
}

/** The outcome of parsing a vendor reply into the neutral model. */
export type ParseResult =
  | { ok: true; reply: NeutralReply }
  | {
      ok: false;
      /** The escalation code (LivePerson's, or a `tpb-conformance.mock.*` one). */
      code: string;
      /** What failed, in one line. */
      detail: string;
      /** The schema issues behind the failure (empty when the reply was missing altogether). */
      issues: ValidationIssue[];
    };

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Normalizes `metadata` to an array; a single object is a documented variant (warning).
 * `path` is the JSON Pointer of the field, for the warning.
 */
export function neutralMetadata(
  metadata: NeutralMetadata | NeutralMetadata[],
  path: string,
  warnings: string[],
): NeutralMetadata[] {
  if (Array.isArray(metadata)) return metadata;
  warnings.push(
    `BOT-SC-09: ${path} is a single object; an array of metadata objects is preferred.`,
  );
  return [metadata];
}

/**
 * An `sc` item, or a `qr` item when the structured content is the quick-replies wrapper
 * `{ message: string, quickReplies: object }` instead of a rich-content body.
 */
export function structuredContentItem(
  structuredContent: Record<string, unknown>,
  extras: { metadata?: NeutralMetadata[]; encodedMetadata?: string },
): NeutralStructuredContentItem | NeutralQuickRepliesItem {
  const { message, quickReplies } = structuredContent;
  const item: NeutralStructuredContentItem | NeutralQuickRepliesItem =
    typeof message === 'string' && isObject(quickReplies)
      ? { kind: 'qr', message, quickReplies }
      : { kind: 'sc', structuredContent };
  if (extras.metadata !== undefined) item.metadata = extras.metadata;
  if (extras.encodedMetadata !== undefined) item.encodedMetadata = extras.encodedMetadata;
  return item;
}

/** A name to record for an action whose raw name may not be a string. */
export function rawActionName(name: unknown): string {
  return typeof name === 'string' ? name : (JSON.stringify(name) ?? String(name));
}

/**
 * A reply that is not the documented shape: escalate with `code`, naming the first issue.
 * `what` says whose reply it was; `hint` says what to return instead.
 */
export function shapeFailure(
  code: string,
  what: string,
  hint: string,
  issues: ValidationIssue[],
): ParseResult {
  const [first] = issues;
  const more =
    issues.length > 1
      ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})`
      : '';
  return {
    ok: false,
    code,
    detail: `Failed to parse ${what}: ${first?.message ?? 'not the documented shape'}${more}. ${hint}`,
    issues,
  };
}
