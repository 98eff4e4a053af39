/**
 * The UpdateConversationField requests the connector sent for one conversation, and their items
 * in words: what UMS-09 (transfer) and UMS-10 (close) judge.
 *
 * @see docs/spec/ums.md#9-updateconversationfield §9 (UpdateConversationField items)
 */
import type { TrafficEntry } from '../../mocks/index.ts';
import type { ConnectorRecorder } from './connector-recorder.ts';
import { conversationOf } from './connector-session.ts';
import { bodyOf, compact, isRecord, isRequest, umsTypes } from './ums-frames.ts';

/** One UpdateConversationField request with its items (undefined when not an array). */
export interface FieldRequest {
  entry: TrafficEntry;
  items: Array<Record<string, unknown>> | undefined;
  /** The raw `conversationField`. */
  raw: unknown;
  code: number | undefined;
}

/** The UpdateConversationField requests about `conversationId` sent at or after `since`. */
export function fieldRequests(
  recorder: ConnectorRecorder,
  conversationId: string,
  since: number,
): FieldRequest[] {
  return recorder.entries
    .filter(
      (entry) =>
        isRequest(entry, umsTypes.updateConversationField) &&
        entry.at >= since &&
        conversationOf(entry) === conversationId,
    )
    .map((entry) => {
      const raw = bodyOf(entry)?.conversationField;
      return {
        entry,
        raw,
        items: Array.isArray(raw) ? raw.filter(isRecord) : undefined,
        code: recorder.responseTo(entry)?.code,
      };
    });
}

/** `ParticipantsChange REMOVE ASSIGNED_AGENT`. */
export function removesAssignedAgent(item: Record<string, unknown>): boolean {
  return (
    item.field === 'ParticipantsChange' && item.type === 'REMOVE' && item.role === 'ASSIGNED_AGENT'
  );
}

/** `Skill UPDATE <skillId>`. */
export function updatesSkill(item: Record<string, unknown>): boolean {
  return item.field === 'Skill' && item.type === 'UPDATE' && item.skill !== undefined;
}

/** `ParticipantsChange SUGGEST ASSIGNED_AGENT <userId>`. */
export function suggestsAgent(item: Record<string, unknown>): boolean {
  return item.field === 'ParticipantsChange' && item.type === 'SUGGEST';
}

/** A request's items, compactly: `[ParticipantsChange REMOVE ASSIGNED_AGENT, Skill UPDATE 1000002]`. */
export function describeItems(request: FieldRequest): string {
  if (!request.items) return `conversationField ${compact(request.raw, 80)} (not an array)`;
  const words = request.items.map((item) => {
    switch (item.field) {
      case 'ParticipantsChange':
        return `ParticipantsChange ${item.type} ${item.role}${item.userId !== undefined ? ` ${item.userId}` : ''}`;
      case 'Skill':
        return `Skill ${item.type} ${compact(item.skill, 40)}`;
      case 'ConversationStateField':
        return `ConversationStateField ${item.conversationState}`;
      case 'DialogChange':
        return `DialogChange ${item.type} ${compact(item.dialog, 80)}`;
      default:
        return String(item.field);
    }
  });
  return `[${words.join(', ')}]`;
}
