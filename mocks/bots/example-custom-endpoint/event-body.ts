/**
 * Lenient readers for the two request bodies a Custom Endpoint receives. They take what the
 * platform documents and ignore every unknown key (CE-CONV-03, CE-EVENT-07); the closed request
 * schemas in `schemas/` describe what the *mock* sends and would reject a body that merely grew.
 *
 * @see LivePerson developer docs: Third-Party Bots > Custom Endpoint > Service Implementation (events)
 */

export type ConversationType = 'MESSAGING' | 'CHAT';

/** What the example keeps of a PUT body. */
export interface CreateConversationRequest {
  type: ConversationType;
  context: Record<string, unknown>;
  sdes?: Record<string, unknown>;
}

export type LpEvent = Record<string, unknown>;

/** An E4 event, reduced to what the example reads. */
export type ConversationEvent =
  | { type: 'TEXT'; message: string; lpEvent: LpEvent }
  | { type: 'RICH_CONTENT'; content: Record<string, unknown>; lpEvent: LpEvent }
  | { type: 'START'; lpEvent: LpEvent }
  | {
      type: 'CLOSE_CONVERSATION' | 'CONVERSATION' | 'hosted-file';
      data: Record<string, unknown>;
      lpEvent: LpEvent;
    };

export type ReadResult<T> = { ok: true; value: T } | { ok: false; error: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses JSON without ever echoing the input in the error (SEC-13). */
function parseJson(text: string): ReadResult<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, error: 'body is not valid JSON' };
  }
}

const isNumericId = (value: unknown): boolean =>
  (typeof value === 'number' && Number.isFinite(value)) ||
  (typeof value === 'string' && /^[0-9]+$/.test(value));

/** Reads an E3 body: `{sdes?, context: {type, skillId, engagementId, …}}`. */
export function readCreateConversation(text: string): ReadResult<CreateConversationRequest> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const body = parsed.value;
  if (!isObject(body)) return { ok: false, error: 'body must be a JSON object' };
  const { context, sdes } = body;
  if (!isObject(context)) return { ok: false, error: 'context must be an object' };
  // The OpenAPI requires type, skillId and engagementId; a conformant service is lenient about
  // absence (type then defaults to MESSAGING) but refuses values no source documents.
  const type = context.type ?? 'MESSAGING';
  if (type !== 'MESSAGING' && type !== 'CHAT') {
    return { ok: false, error: 'context.type must be MESSAGING or CHAT' };
  }
  for (const key of ['skillId', 'engagementId', 'campaignId'] as const) {
    if (context[key] !== undefined && !isNumericId(context[key])) {
      return { ok: false, error: `context.${key} must be a number or a numeric string` };
    }
  }
  if (sdes !== undefined && !isObject(sdes)) return { ok: false, error: 'sdes must be an object' };
  return {
    ok: true,
    value: { type, context, ...(sdes === undefined ? {} : { sdes }) },
  };
}

/** Reads an E4 body: `{type, source?, data, context: {lpEvent}}`. */
export function readConversationEvent(text: string): ReadResult<ConversationEvent> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const body = parsed.value;
  if (!isObject(body)) return { ok: false, error: 'body must be a JSON object' };
  const { type, data = {}, context } = body;
  if (!isObject(context) || !isObject(context.lpEvent)) {
    return { ok: false, error: 'context.lpEvent must be an object' };
  }
  if (!isObject(data)) return { ok: false, error: 'data must be an object' };
  const lpEvent = context.lpEvent;
  switch (type) {
    case 'TEXT':
      if (typeof data.message !== 'string') {
        return { ok: false, error: 'data.message must be a string' };
      }
      return { ok: true, value: { type, message: data.message, lpEvent } };
    case 'RICH_CONTENT':
      if (!isObject(data.content)) return { ok: false, error: 'data.content must be an object' };
      return { ok: true, value: { type, content: data.content, lpEvent } };
    case 'START':
      return { ok: true, value: { type, lpEvent } };
    case 'CLOSE_CONVERSATION':
    case 'CONVERSATION':
    case 'hosted-file':
      return { ok: true, value: { type, data, lpEvent } };
    default:
      return { ok: false, error: 'unsupported event type' };
  }
}
