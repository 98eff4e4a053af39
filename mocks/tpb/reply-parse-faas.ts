/**
 * Maps the output of a Third-Party Bots Custom Integration function (its callback payload) to
 * the neutral model.
 *
 * The output is checked against `faas-output`, with these exceptions that are verification
 * outcomes or harmless, not parse failures:
 * - a `context.action` that is not a faas name in exact case (e.g. the custom-endpoint
 *   `INVOKE_FUNCTION`), a `TRANSFER` naming its skill `skillName` instead of `skill`, and a
 *   top-level `action` are unsupported actions (FAAS-05, BOT-REPLY-03): recorded in
 *   `actionNames` and kept out of the schema check together with their parameters;
 * - malformed intent info (`intentId`, `intentName`, `confidenceScore`) drops the intent with a
 *   warning (mock design: it only feeds the Agent Escalation Summary).
 *
 * `readFaasReply` is the engine's one reading of an output: this neutral parse, which the engine
 * acts on, and the output's parts with every value as it came, which the checks judge.
 *
 * @see docs/spec/tpb-platform.md#32-liveperson-functions §3.2 (Output), §2.4
 */
import {
  type FaaSBotCallbackContext,
  type FaaSBotCallbackMessage,
  type ValidationIssue,
  validate,
} from '../../schemas/index.ts';
import { faasInvalidResponse, faasMissingResponseBody } from '../platform/error-codes.ts';
import {
  isObject,
  type NeutralAction,
  type NeutralIntent,
  type NeutralItem,
  type NeutralReply,
  neutralMetadata,
  type ParseResult,
  rawActionName,
  shapeFailure,
  structuredContentItem,
} from './neutral-reply.ts';
import {
  type ReplyParts,
  type ReplyReading,
  structuredItem,
  type WireParts,
} from './reply-parts.ts';

/** Function (faas) action names, exact case. */
export const faasActionNames: readonly string[] = [
  'TRANSFER',
  'CLOSE_CONVERSATION',
  'CHANGE_TTR',
  'INVOCATION',
];

/**
 * Reads a function's output once: the neutral parse the engine acts on, and the parts the checks
 * judge.
 *
 * @example
 * const { parsed, parts } = readFaasReply({ messages: ['Hi!'] });
 */
export function readFaasReply(output: unknown): ReplyReading {
  return { parsed: parseFaasReply(output), parts: faasReplyParts(output) };
}

/**
 * Parses a function's callback output (`{ messages?, context? }`) into a `NeutralReply`.
 * A missing output fails with `…aivendor.faas.missing-response-body`; an output that is not the
 * documented shape with `tpb-conformance.mock.faas.invalid-response`.
 *
 * @example
 * const parsed = parseFaasReply({ messages: ['Hi!'], context: { intentId: 'greet', confidenceScore: 1 } });
 */
export function parseFaasReply(output: unknown): ParseResult {
  if (output === undefined || output === null) {
    return {
      ok: false,
      code: faasMissingResponseBody,
      detail: `Failed to parse the function's reply: the callback carried no body (got ${String(output)}). Call back with {messages: [...], context: {...}}.`,
      issues: [],
    };
  }
  const actionNames: string[] = [];
  let intentFields: Record<string, unknown> = {};
  let checked = output;
  if (isObject(output)) {
    const { action: topLevelAction, actionParameters: _, ...rest } = output;
    const copy: Record<string, unknown> = 'action' in output ? rest : { ...output };
    if (isObject(output.context)) {
      const { intentId, intentName, confidenceScore, ...context } = output.context;
      intentFields = { intentId, intentName, confidenceScore };
      const { action, actionParameters, ...withoutAction } = context;
      if (typeof action === 'string') actionNames.push(action);
      copy.context =
        typeof action === 'string' && !isSupported(action, actionParameters)
          ? withoutAction
          : context;
    }
    if ('action' in output) {
      actionNames.push(
        rawActionName(isObject(topLevelAction) ? topLevelAction.name : topLevelAction),
      );
    }
    checked = copy;
  }
  const result = validate('faas-output', checked);
  if (!result.ok) return invalidResponse(result.issues);

  const warnings: string[] = [];
  const { messages = [], context = {} } = result.value;
  const items = messages.map((message, index) =>
    mapMessage(message, `/messages/${index}`, context.encodedMetadata, warnings),
  );
  if (context.structuredContent !== undefined) {
    warnings.push(
      'FAAS-07: /context/structuredContent is a legacy single structured content, rendered after all messages; put it in messages instead.',
    );
    items.push(
      structuredContentItem(context.structuredContent, {
        ...(context.metadata !== undefined && {
          metadata: neutralMetadata(context.metadata, '/context/metadata', warnings),
        }),
        ...(context.encodedMetadata !== undefined && { encodedMetadata: context.encodedMetadata }),
      }),
    );
  } else if (context.metadata !== undefined) {
    warnings.push(
      'FAAS-07: /context/metadata without /context/structuredContent is ignored; put metadata on a structured-content message.',
    );
  }

  const reply: NeutralReply = { items, actionNames, warnings };
  const action = context.action && mapAction(context, warnings);
  if (action && actionNames.length === 1) reply.action = action;
  const intent = mapIntent(intentFields, warnings);
  if (intent) reply.intent = intent;
  return { ok: true, reply };
}

/** A faas action name whose parameters do not use the custom-endpoint `skillName` (FAAS-05). */
function isSupported(action: string, parameters: unknown): boolean {
  if (!faasActionNames.includes(action)) return false;
  return !(
    action === 'TRANSFER' &&
    isObject(parameters) &&
    'skillName' in parameters &&
    !('skill' in parameters)
  );
}

function invalidResponse(issues: ValidationIssue[]): ParseResult {
  return shapeFailure(
    faasInvalidResponse,
    "the function's reply",
    'Call back with {messages: [...], context: {...}} as in tpb-platform.md §3.2.',
    issues,
  );
}

function mapMessage(
  message: FaaSBotCallbackMessage,
  path: string,
  contextEncodedMetadata: string | undefined,
  warnings: string[],
): NeutralItem {
  if (typeof message === 'string') {
    return {
      kind: 'text',
      text: message,
      ...(contextEncodedMetadata !== undefined && { encodedMetadata: contextEncodedMetadata }),
    };
  }
  if ('structuredContent' in message) {
    // An item's own encodedMetadata overrides context.encodedMetadata (tpb-platform.md §2.4).
    const encodedMetadata = message.encodedMetadata ?? contextEncodedMetadata;
    return structuredContentItem(message.structuredContent, {
      ...(message.metadata !== undefined && {
        metadata: neutralMetadata(message.metadata, `${path}/metadata`, warnings),
      }),
      ...(encodedMetadata !== undefined && { encodedMetadata }),
    });
  }
  if ('delay' in message)
    return { kind: 'delay', seconds: message.delay, typing: message.typing ?? true };
  return { kind: 'private', text: message.text };
}

function mapAction(context: FaaSBotCallbackContext, warnings: string[]): NeutralAction | undefined {
  const parameters = context.actionParameters ?? {};
  const path = '/context/actionParameters';
  switch (context.action) {
    case 'TRANSFER':
      return {
        name: 'TRANSFER',
        // The schema requires `skill` with TRANSFER; '' only guards a hand-made value.
        skill: parameters.skill ?? '',
        ...(parameters.agentId !== undefined && { agentId: parameters.agentId }),
      };
    case 'CLOSE_CONVERSATION':
      return {
        name: 'CLOSE_CONVERSATION',
        ...(parameters.withoutPcs !== undefined && { withoutPcs: parameters.withoutPcs }),
      };
    case 'CHANGE_TTR':
      if (parameters.ttrType === 'CUSTOM') {
        warnings.push(
          `BOT-REPLY-07: ${path}/ttrType "CUSTOM" is a legacy variant; URGENT, NORMAL or PRIORITIZED is preferred.`,
        );
      }
      return {
        name: 'CHANGE_TTR',
        ttrType: parameters.ttrType ?? 'NORMAL',
        ...(parameters.value !== undefined && { value: parameters.value }),
      };
    case 'INVOCATION': {
      const { payload, failOnError } = parameters;
      if (payload === undefined) {
        warnings.push(`BOT-REPLY-08: ${path} has no payload; an object payload is preferred.`);
      } else if (typeof payload === 'string') {
        warnings.push(`BOT-REPLY-08: ${path}/payload is a JSON string; an object is preferred.`);
      } else if (!isObject(payload)) {
        warnings.push(`BOT-REPLY-08: ${path}/payload is not an object; an object is preferred.`);
      }
      return {
        name: 'INVOKE',
        lambdaUuid: parameters.lambdaUuid ?? '',
        ...(payload !== undefined && { payload }),
        ...(failOnError !== undefined && { failOnError }),
      };
    }
    default:
      return undefined;
  }
}

/** `intentId` + `confidenceScore` (+ `intentName`) → intent; anything less only warns. */
function mapIntent(fields: Record<string, unknown>, warnings: string[]): NeutralIntent | undefined {
  const present = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const result = validate('faas-output', { context: present });
  if (!result.ok) {
    for (const issue of result.issues) {
      warnings.push(`BOT-REPLY-12: ${issue.message}; the intent info was ignored.`);
    }
    return undefined;
  }
  const { intentId, intentName, confidenceScore } = result.value.context ?? {};
  if (intentId === undefined || confidenceScore === undefined) {
    warnings.push(
      'BOT-REPLY-13: /context has no intentId with a confidenceScore; replies should carry intent info.',
    );
    return undefined;
  }
  return {
    id: intentId,
    ...(intentName !== undefined && { name: intentName }),
    confidenceScore,
  };
}

/**
 * The parts of a function output `{messages?, context?}`, every value as it came, or why it is
 * not one the item rules can read (not an object, or `messages` that is not an array).
 */
function faasReplyParts(raw: unknown): ReplyParts {
  if (!isObject(raw)) return { unreadable: `the output is ${raw === null ? 'null' : typeof raw}` };
  if ('messages' in raw && !Array.isArray(raw.messages)) {
    return { unreadable: 'messages is not an array' };
  }
  const parts: WireParts = { items: [], actions: [], metadata: [], encodedMetadata: [] };
  const context = isObject(raw.context) ? raw.context : {};
  // context.encodedMetadata applies to every message; an item's own overrides it (§2.4).
  const contextEncoded =
    'encodedMetadata' in context
      ? { value: context.encodedMetadata, path: '/context/encodedMetadata' }
      : undefined;
  if (contextEncoded) parts.encodedMetadata.push(contextEncoded);

  const messages: unknown[] = Array.isArray(raw.messages) ? raw.messages : [];
  messages.forEach((message, index) => {
    const path = `/messages/${index}`;
    if (typeof message === 'string') {
      parts.items.push({ kind: 'text', path, text: { value: message, path } });
      return;
    }
    if (!isObject(message)) {
      parts.items.push({ kind: 'unknown', path });
      return;
    }
    if ('structuredContent' in message) {
      const sc = { value: message.structuredContent, path: `${path}/structuredContent` };
      parts.items.push(structuredItem(path, sc));
      if ('metadata' in message) {
        parts.metadata.push({ value: message.metadata, path: `${path}/metadata` });
      }
      if ('encodedMetadata' in message) {
        parts.encodedMetadata.push({
          value: message.encodedMetadata,
          path: `${path}/encodedMetadata`,
        });
      }
      return;
    }
    if ('delay' in message) {
      parts.items.push({
        kind: 'delay',
        path,
        seconds: { value: message.delay, path: `${path}/delay` },
        ...('typing' in message
          ? { typing: { value: message.typing, path: `${path}/typing` } }
          : {}),
      });
      return;
    }
    if ('text' in message || 'messageAudience' in message) {
      parts.items.push({
        kind: 'private',
        path,
        text: { value: message.text, path: `${path}/text` },
        audience: { value: message.messageAudience, path: `${path}/messageAudience` },
      });
      return;
    }
    parts.items.push({ kind: 'unknown', path });
  });

  // The legacy single structured content, rendered after all messages (FAAS-07).
  if ('structuredContent' in context) {
    parts.items.push(
      structuredItem('/context/structuredContent', {
        value: context.structuredContent,
        path: '/context/structuredContent',
      }),
    );
  }
  if ('metadata' in context) {
    parts.metadata.push({ value: context.metadata, path: '/context/metadata' });
  }

  if ('action' in context) {
    parts.actions.push({
      name: context.action,
      path: '/context/action',
      ...('actionParameters' in context
        ? { parameters: { value: context.actionParameters, path: '/context/actionParameters' } }
        : {}),
      supported: typeof context.action === 'string' && faasActionNames.includes(context.action),
    });
  }
  // A top-level action is not the faas form (context.action is); it still counts as an action.
  if ('action' in raw) {
    const action = raw.action;
    const name = isObject(action) ? action.name : action;
    parts.actions.push({
      name,
      path: isObject(action) ? '/action/name' : '/action',
      ...('actionParameters' in raw
        ? { parameters: { value: raw.actionParameters, path: '/actionParameters' } }
        : {}),
      supported: false,
    });
  }
  return parts;
}
