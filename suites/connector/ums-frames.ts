/**
 * Reading the mock UMS traffic log the way the UMS rules need it: request frames by type, their
 * bodies, the response the mock gave each, and frames as evidence.
 *
 * @see docs/spec/ums.md#52-frames §5.2 (frames), §7 (requests)
 */
import { type TrafficEntry, trafficEvidence } from '../../mocks/index.ts';
import type { Evidence } from '../../schemas/index.ts';

export const umsTypes = {
  getClock: '.GetClock',
  setAgentState: '.ams.routing.SetAgentState',
  subscribeRoutingTasks: '.ams.routing.SubscribeRoutingTasks',
  updateRingState: '.ams.routing.UpdateRingState',
  subscribeExConversations: '.ams.aam.SubscribeExConversations',
  updateConversationField: '.ams.cm.UpdateConversationField',
  publishEvent: '.ams.ms.PublishEvent',
  routingTaskNotification: '.ams.routing.RoutingTaskNotification',
} as const;

const parsed = new WeakMap<TrafficEntry, unknown>();

/** The JSON frame of an entry (undefined for pings, opens, closes, cut or non-JSON frames). */
export function frameOf(entry: TrafficEntry): Record<string, unknown> | undefined {
  if (entry.event !== 'frame' || entry.text === undefined || entry.truncated) return undefined;
  if (!parsed.has(entry)) {
    let value: unknown;
    try {
      value = JSON.parse(entry.text);
    } catch {
      value = undefined;
    }
    parsed.set(entry, value);
  }
  const value = parsed.get(entry);
  return isRecord(value) ? value : undefined;
}

/** The body of a request frame, when it is an object. */
export function bodyOf(entry: TrafficEntry): Record<string, unknown> | undefined {
  const body = frameOf(entry)?.body;
  return isRecord(body) ? body : undefined;
}

/** Whether the entry is a request of `type` the connector sent. */
export function isRequest(entry: TrafficEntry, type: string): boolean {
  return (
    entry.direction === 'received' &&
    entry.event === 'frame' &&
    entry.kind === 'req' &&
    entry.type === type
  );
}

/** A frame entry as `ums` evidence; a note for the other entries (open, close, ping). */
export function entryEvidence(entry: TrafficEntry): Evidence {
  return (
    trafficEvidence(entry) ?? {
      kind: 'note',
      text: `${new Date(entry.at).toISOString()} ${entry.connectionId} ${entry.direction} ${entry.event}${entry.code !== undefined ? ` ${entry.code}` : ''}${entry.text ? ` ${entry.text}` : ''}`,
    }
  );
}

/** Evidence for a few entries: the first `limit` of them. */
export function entriesEvidence(entries: readonly TrafficEntry[], limit = 8): Evidence[] {
  return entries.slice(0, limit).map(entryEvidence);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A compact JSON for messages. */
export function compact(value: unknown, max = 160): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** Milliseconds as a short human figure: "850 ms", "12.3 s". */
export function ms(value: number): string {
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`;
}
