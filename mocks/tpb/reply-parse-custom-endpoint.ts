/**
 * Maps a Custom Endpoint E4 reply body to the neutral model.
 *
 * The body is checked against `ce-event-response`, with three exceptions that are verification
 * outcomes or harmless, not parse failures:
 * - an ACTION whose `name` is a string the platform does not support (`transfer`, `ESCALATE`) is
 *   recorded in `actionNames` and kept out of the schema check (BOT-REPLY-03);
 * - several ACTION items parse (the schema allows them; BOT-REPLY-02 and verification decide);
 * - `analytics` only feeds the Agent Escalation Summary, so a missing or malformed one drops the
 *   intent with a warning instead of failing the reply (mock design).
 *
 * `readCustomEndpointReply` is the engine's one reading of a reply: this neutral parse, which the
 * engine acts on, and the reply's parts with every value as it came, which the checks judge.
 *
 * @see docs/spec/tpb-platform.md#31-custom-endpoint §3.1
 * @see docs/spec/custom-endpoint.md#63-reply §6.3, §10 (variants D13-D17)
 */
import {
  type CustomEndpointAction,
  type CustomEndpointEventResponseBody,
  type CustomEndpointResponseItem,
  type ValidationIssue,
  validate,
} from '../../schemas/index.ts';
import { customEndpointInvalidResponse } from '../platform/error-codes.ts';
import {
  isObject,
  type NeutralAction,
  type NeutralIntent,
  type NeutralItem,
  type NeutralReply,
  type NeutralTextItem,
  neutralMetadata,
  type ParseResult,
  shapeFailure,
  structuredContentItem,
} from './neutral-reply.ts';
import {
  type Field,
  type ReplyParts,
  type ReplyReading,
  structuredItem,
  type WireParts,
} from './reply-parts.ts';

/** Custom Endpoint action names, exact case. */
export const customEndpointActionNames: readonly string[] = [
  'TRANSFER',
  'CLOSE_CONVERSATION',
  'CHANGE_TTR',
  'INVOKE_FUNCTION',
];

// Stands in for an unsupported ACTION during the schema check so that item indices, and so the
// issue paths, stay those of the body the bot sent.
const placeholderAction = { type: 'ACTION', data: { name: 'CLOSE_CONVERSATION' } };

/**
 * Reads a Custom Endpoint reply once: the neutral parse the engine acts on, and the parts the
 * checks judge.
 *
 * @example
 * const { parsed, parts } = readCustomEndpointReply(JSON.parse(text));
 */
export function readCustomEndpointReply(body: unknown): ReplyReading {
  return { parsed: parseCustomEndpointReply(body), parts: customEndpointReplyParts(body) };
}

/**
 * Parses a Custom Endpoint reply (`{ response, analytics }`) into a `NeutralReply`.
 * A body that is not the documented shape fails with `tpb-conformance.mock.customendpoint.invalid-response`.
 *
 * @example
 * const parsed = parseCustomEndpointReply(JSON.parse(text));
 * if (!parsed.ok) escalate(parsed.code, parsed.detail);
 */
export function parseCustomEndpointReply(body: unknown): ParseResult {
  const actionNames: string[] = [];
  const unsupported = new Set<number>();
  let checked = body;
  if (isObject(body)) {
    const copy: Record<string, unknown> = { ...body, analytics: {} };
    if (Array.isArray(body.response)) {
      copy.response = body.response.map((item: unknown, index) => {
        if (!isObject(item) || item.type !== 'ACTION' || !isObject(item.data)) return item;
        const { name } = item.data;
        if (typeof name !== 'string') return item;
        actionNames.push(name);
        if (customEndpointActionNames.includes(name)) return item;
        unsupported.add(index);
        return placeholderAction;
      });
    }
    checked = copy;
  }
  const result = validate('ce-event-response', checked);
  if (!result.ok) return invalidResponse(result.issues);

  const warnings: string[] = [];
  const items: NeutralItem[] = [];
  const actions: NeutralAction[] = [];
  result.value.response.forEach((item, index) => {
    if (unsupported.has(index)) return;
    const mapped = mapItem(item, `/response/${index}`, warnings);
    if (mapped.kind === 'action') actions.push(mapped.action);
    else items.push(mapped);
  });

  const reply: NeutralReply = { items, actionNames, warnings };
  const [action] = actions;
  if (action && actionNames.length === 1) reply.action = action;
  const intent = mapAnalytics((body as CustomEndpointEventResponseBody).analytics, warnings);
  if (intent) reply.intent = intent;
  return { ok: true, reply };
}

function invalidResponse(issues: ValidationIssue[]): ParseResult {
  return shapeFailure(
    customEndpointInvalidResponse,
    'the Custom Endpoint reply',
    'Return {response: [...], analytics: {intents: [...]}} as in custom-endpoint.md §6.3.',
    issues,
  );
}

function mapItem(
  item: CustomEndpointResponseItem,
  path: string,
  warnings: string[],
): NeutralItem | { kind: 'action'; action: NeutralAction } {
  switch (item.type) {
    case 'TEXT': {
      const { message, metadata, encodedMetadata, messageAudience } = item.data;
      if (messageAudience === 'AGENTS_AND_MANAGERS') {
        if (metadata !== undefined || encodedMetadata !== undefined) {
          warnings.push(
            `${path}/data: metadata and encodedMetadata of a private text are ignored.`,
          );
        }
        return { kind: 'private', text: message };
      }
      const text: NeutralTextItem = { kind: 'text', text: message };
      if (metadata !== undefined) {
        text.metadata = neutralMetadata(metadata, `${path}/data/metadata`, warnings);
      }
      if (encodedMetadata !== undefined) text.encodedMetadata = encodedMetadata;
      return text;
    }
    case 'STRUCTURED_CONTENT': {
      const { structuredContent, metadata, encodedMetadata } = item.data;
      return structuredContentItem(structuredContent, {
        ...(metadata !== undefined && {
          metadata: neutralMetadata(metadata, `${path}/data/metadata`, warnings),
        }),
        ...(encodedMetadata !== undefined && { encodedMetadata }),
      });
    }
    case 'DELAY':
      return { kind: 'delay', seconds: item.data.seconds, typing: item.data.typing ?? true };
    case 'ACTION':
      return { kind: 'action', action: mapAction(item.data, `${path}/data`, warnings) };
  }
}

function mapAction(action: CustomEndpointAction, path: string, warnings: string[]): NeutralAction {
  switch (action.name) {
    case 'TRANSFER': {
      const { skillName, agentId } = action.parameters;
      if (typeof skillName !== 'string') {
        // The schema leaves only agentId here: a transfer to that agent (variant D14).
        warnings.push(
          `BOT-REPLY-04: ${path}/parameters has an agentId without a skillName; skillName (plus agentId) is preferred.`,
        );
        return { name: 'TRANSFER', agentId: String(agentId) };
      }
      return {
        name: 'TRANSFER',
        skill: skillName,
        ...(typeof agentId === 'string' && { agentId }),
      };
    }
    case 'CLOSE_CONVERSATION': {
      const withoutPcs = action.parameters?.withoutPcs;
      return { name: 'CLOSE_CONVERSATION', ...(withoutPcs !== undefined && { withoutPcs }) };
    }
    case 'CHANGE_TTR': {
      const { parameters } = action;
      if (parameters.ttrType !== 'CUSTOM')
        return { name: 'CHANGE_TTR', ttrType: parameters.ttrType };
      warnings.push(
        `BOT-REPLY-07: ${path}/parameters/ttrType "CUSTOM" is a legacy variant; URGENT, NORMAL or PRIORITIZED is preferred.`,
      );
      return { name: 'CHANGE_TTR', ttrType: 'CUSTOM', value: parameters.value };
    }
    case 'INVOKE_FUNCTION': {
      const { lambdaUuid, payload, failOnError } = action.parameters;
      if (payload === undefined) {
        warnings.push(
          `BOT-REPLY-08: ${path}/parameters has no payload; an object payload is preferred.`,
        );
      } else if (typeof payload === 'string') {
        warnings.push(
          `BOT-REPLY-08: ${path}/parameters/payload is a JSON string; an object is preferred.`,
        );
      }
      return {
        name: 'INVOKE',
        lambdaUuid,
        ...(payload !== undefined && { payload }),
        ...(failOnError !== undefined && { failOnError }),
      };
    }
  }
}

/** `analytics.intents[0]` → intent; a missing or malformed `analytics` only warns. */
function mapAnalytics(analytics: unknown, warnings: string[]): NeutralIntent | undefined {
  const result = validate('ce-event-response', {
    response: [],
    ...(analytics !== undefined && { analytics }),
  });
  if (!result.ok) {
    for (const issue of result.issues) {
      warnings.push(`BOT-REPLY-12: ${issue.message}; the intent info was ignored.`);
    }
    return undefined;
  }
  const [intent] = result.value.analytics.intents ?? [];
  if (!intent) {
    warnings.push(
      'BOT-REPLY-13: /analytics/intents is missing or empty; replies should carry intent info.',
    );
    return undefined;
  }
  return { id: intent.id, name: intent.description, confidenceScore: intent.confidenceScore };
}

/**
 * The parts of a Custom Endpoint reply `{response: [...], analytics}`, every value as it came, or
 * why it is not a reply the item rules can read (not an object with a `response` array).
 */
function customEndpointReplyParts(raw: unknown): ReplyParts {
  if (!isObject(raw) || !Array.isArray(raw.response)) {
    return { unreadable: 'the body is not an object with a response array' };
  }
  const parts: WireParts = { items: [], actions: [], metadata: [], encodedMetadata: [] };
  raw.response.forEach((item: unknown, index) => {
    const path = `/response/${index}`;
    const data = isObject(item) && isObject(item.data) ? item.data : undefined;
    const type = isObject(item) ? item.type : undefined;
    if (!data) {
      if (type === 'ACTION') parts.actions.push({ name: undefined, path, supported: false });
      else parts.items.push({ kind: 'unknown', path });
      return;
    }
    const dataPath = `${path}/data`;
    const field = (key: string): Field | undefined =>
      key in data ? { value: data[key], path: `${dataPath}/${key}` } : undefined;
    const collectMetadata = () => {
      const metadata = field('metadata');
      if (metadata) parts.metadata.push(metadata);
      const encoded = field('encodedMetadata');
      if (encoded) parts.encodedMetadata.push(encoded);
    };
    switch (type) {
      case 'TEXT': {
        const text = { value: data.message, path: `${dataPath}/message` };
        const audience = field('messageAudience');
        if (audience?.value === 'AGENTS_AND_MANAGERS') {
          parts.items.push({ kind: 'private', path, text, audience });
          return;
        }
        parts.items.push({ kind: 'text', path, text, ...(audience ? { audience } : {}) });
        collectMetadata();
        return;
      }
      case 'STRUCTURED_CONTENT': {
        const sc = { value: data.structuredContent, path: `${dataPath}/structuredContent` };
        parts.items.push(structuredItem(path, sc));
        collectMetadata();
        return;
      }
      case 'DELAY': {
        const typing = field('typing');
        parts.items.push({
          kind: 'delay',
          path,
          seconds: { value: data.seconds, path: `${dataPath}/seconds` },
          ...(typing ? { typing } : {}),
        });
        return;
      }
      case 'ACTION': {
        const parameters = field('parameters');
        parts.actions.push({
          name: data.name,
          path: `${dataPath}/name`,
          ...(parameters ? { parameters } : {}),
          supported: typeof data.name === 'string' && customEndpointActionNames.includes(data.name),
        });
        return;
      }
      default:
        parts.items.push({ kind: 'unknown', path });
    }
  });
  return parts;
}
