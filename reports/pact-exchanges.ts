import {
  type EvidenceHeaders,
  type HTTPEvidence,
  type Report,
  validate,
} from '../schemas/index.ts';

/** The Custom Endpoint routes a contract covers: E2, E3 and E4. */
export type ContractRoute = 'state' | 'conversation' | 'event';

/** An event type a contract covers: what the platform sends in every conversation. */
export type ContractEventType = 'TEXT' | 'START';

/**
 * One exchange the platform made with the bot and the bot answered well, read back from the
 * HTTP evidence of a report: the raw material of one Pact interaction.
 */
export interface ContractExchange {
  route: ContractRoute;
  /** The request path below the Base URL, as sent (`/v1/bots/{botId}/environments/…`). */
  path: string;
  /** The path of the bot's environment below the Base URL, without a trailing slash. */
  environmentPath: string;
  query?: Record<string, string[]>;
  /** E3 and E4: the conversation the request names. */
  convId?: string;
  /** E3: the type in the body; E4: the type its conversation was created with, when seen. */
  conversationType?: 'MESSAGING' | 'CHAT';
  /** E4 only. */
  eventType?: ContractEventType;
  request: { method: string; headers: EvidenceHeaders; body?: unknown };
  response: { status: number; headers: EvidenceHeaders; body?: unknown };
}

type Json = { ok: true; value: unknown } | { ok: false };

/** A body as JSON: absent or empty is `undefined`, anything unreadable is not ok. */
function readJson(text: string | undefined): Json {
  if (text === undefined || text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function queryOf(url: URL): Record<string, string[]> | undefined {
  if (url.search === '') return undefined;
  const query: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) query[name] = [...(query[name] ?? []), value];
  return query;
}

/**
 * Reads one piece of HTTP evidence as a contract exchange: a request to the configured bot and
 * environment, complete (no error, no truncated body), well formed (its body matches the schema
 * of what the platform sends) and answered well (the status and body a conformant bot gives).
 * Probes of the harness (wrong bot, broken bodies, unknown keys) fall out on the way.
 */
function readExchange(
  evidence: HTTPEvidence,
  base: URL,
  environmentPath: string,
): ContractExchange | undefined {
  const { request, response } = evidence;
  if (!response || evidence.error !== undefined) return undefined;
  if (request.body?.truncated || response.body?.truncated) return undefined;
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return undefined;
  }
  const basePath = base.pathname.replace(/\/+$/, '');
  if (url.origin !== base.origin || !url.pathname.startsWith(`${environmentPath}/`)) {
    return undefined;
  }
  const requestBody = readJson(request.body?.text);
  const responseBody = readJson(response.body?.text);
  if (!requestBody.ok || !responseBody.ok) return undefined;
  const rest = url.pathname.slice(environmentPath.length);
  const query = queryOf(url);
  const exchange = {
    path: url.pathname.slice(basePath.length),
    environmentPath: environmentPath.slice(basePath.length),
    ...(query ? { query } : {}),
    request: {
      method: request.method,
      headers: request.headers,
      ...(requestBody.value === undefined ? {} : { body: requestBody.value }),
    },
    response: {
      status: response.status,
      headers: response.headers,
      ...(responseBody.value === undefined ? {} : { body: responseBody.value }),
    },
  };

  if (rest === '/state') {
    if (request.method !== 'GET' || response.status !== 200) return undefined;
    const state = validate('ce-bot-state', responseBody.value);
    return state.ok && state.value.state === 'online' ? { route: 'state', ...exchange } : undefined;
  }
  const [, segment, events] = /^\/conversations\/([^/]+)(\/events)?$/.exec(rest) ?? [];
  const convId = segment === undefined ? undefined : decodeSegment(segment);
  if (convId === undefined) return undefined;

  if (events === undefined) {
    if (request.method !== 'PUT' || response.status < 200 || response.status > 299) {
      return undefined;
    }
    const body = validate('ce-conversation', requestBody.value);
    if (!body.ok) return undefined;
    const conversationType = body.value.context.type === 'CHAT' ? 'CHAT' : 'MESSAGING';
    return { route: 'conversation', convId, conversationType, ...exchange };
  }

  if (request.method !== 'POST' || response.status !== 200) return undefined;
  const event = validate('ce-event', requestBody.value);
  if (!event.ok || (event.value.type !== 'TEXT' && event.value.type !== 'START')) return undefined;
  if (!validate('ce-event-response', responseBody.value).ok) return undefined;
  return { route: 'event', convId, eventType: event.value.type, ...exchange };
}

const routeOrder: Record<ContractRoute, number> = { state: 0, conversation: 1, event: 2 };

/** Exchanges that are the same interaction: same route, conversation type or event type. */
function interactionKey(exchange: ContractExchange): string {
  switch (exchange.route) {
    case 'state':
      return 'state';
    case 'conversation':
      return `conversation ${exchange.conversationType}`;
    case 'event':
      return `event ${exchange.eventType}`;
  }
}

/**
 * The Custom Endpoint exchanges of a run worth a contract, one per distinct interaction, in the
 * order a conversation has them (E2, then E3 by conversation type, then E4 by event type) and,
 * within a route, in the order the run first saw them. Empty for any target but a Custom
 * Endpoint. Expects a prepared report (secrets redacted, bodies cut).
 */
export function contractExchanges(report: Report): ContractExchange[] {
  const { target } = report;
  if (target.kind !== 'custom-endpoint') return [];
  let base: URL;
  try {
    base = new URL(target.baseUrl);
  } catch {
    return [];
  }
  const environmentPath = `${base.pathname.replace(/\/+$/, '')}/v1/bots/${encodeURIComponent(target.botId)}/environments/${encodeURIComponent(target.environment)}`;
  const conversationTypes = new Map<string, 'MESSAGING' | 'CHAT'>();
  const chosen = new Map<string, ContractExchange>();
  for (const finding of report.results) {
    for (const evidence of finding.evidence) {
      if (evidence.kind !== 'http') continue;
      const exchange = readExchange(evidence, base, environmentPath);
      if (!exchange) continue;
      if (exchange.route === 'conversation' && exchange.convId && exchange.conversationType) {
        if (!conversationTypes.has(exchange.convId)) {
          conversationTypes.set(exchange.convId, exchange.conversationType);
        }
      }
      const key = interactionKey(exchange);
      if (!chosen.has(key)) chosen.set(key, exchange);
    }
  }
  return [...chosen.values()]
    .map((exchange) => {
      const conversationType =
        exchange.route === 'event' && exchange.convId
          ? conversationTypes.get(exchange.convId)
          : undefined;
      return conversationType ? { ...exchange, conversationType } : exchange;
    })
    .sort((a, b) => routeOrder[a.route] - routeOrder[b.route]);
}
