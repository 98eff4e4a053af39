/**
 * UMS-10: a close is `ConversationStateField CLOSE`, or `DialogChange UPDATE` closing the main
 * dialog (`dialogId` = `convId`); after a close or a transfer the connector publishes nothing more
 * into that conversation. Judged on the conversations of the declared close and transfer
 * utterances; whatever it published there after its closing (or transferring) request fails.
 *
 * @see docs/spec/ums.md#9-updateconversationfield §9 (ConversationStateField, DialogChange)
 */
import { type Check, fail, pass, skipped } from '../../harness/index.ts';
import type { TrafficEntry } from '../../mocks/index.ts';
import {
  connectorSession,
  conversationOf,
  type ScriptedConversation,
} from './connector-session.ts';
import { describeItems, type FieldRequest, fieldRequests } from './conversation-field-requests.ts';
import { notConnected } from './not-ready.ts';
import { entriesEvidence, isRecord, isRequest, ms, umsTypes } from './ums-frames.ts';

export const closeFieldsCheck: Check = {
  ruleId: 'UMS-10',
  async run(context) {
    const { close, transfer } = context.utterances;
    if (!close && !transfer) {
      return skipped(
        'UMS-10: no close utterance (--utterance close=…) and no transfer utterance (--utterance transfer=…) were declared, so the connector was never asked to close or transfer.',
      );
    }
    const session = connectorSession(context);
    const result = await session.conversations();
    if (!result.ready.opened || !result.ran) {
      return notConnected('UMS-10', session, result.ready, 'a close');
    }
    const { recorder } = session;
    const expected =
      'UpdateConversationField [ConversationStateField CLOSE] or [DialogChange UPDATE {dialogId: convId, state: "CLOSE"}], then no PublishEvent into that conversation';
    const advice =
      'Close with updateConversationField({conversationId, conversationField: [{field: "ConversationStateField", conversationState: "CLOSE"}]}) and publish nothing into a conversation after closing or transferring it.';
    const notes: string[] = [];

    const closing = result.conversations.find((c) => c.purpose === 'close');
    let closedBy: FieldRequest | undefined;
    if (close) {
      if (!closing?.action) {
        const actual = closing
          ? `the connector never took the close conversation ${closing.conversationId}, so "${close}" could not be sent`
          : 'the close conversation did not run';
        return fail(`UMS-10: expected ${expected}, got ${actual}. ${advice}`, {
          expected,
          actual,
          evidence: session.outputEvidence(),
        });
      }
      const requests = fieldRequests(recorder, closing.conversationId, closing.action.sentAt);
      closedBy = requests.find(
        (request) => closes(request, closing.conversationId) && (request.code ?? 500) < 300,
      );
      if (!closedBy) {
        const actual =
          requests.length === 0
            ? `no UpdateConversationField within ${ms(session.timings.replyWithinMs)} after "${close}"`
            : `${requests.map((r) => `${describeItems(r)} answered ${r.code ?? 'nothing'}`).join(' then ')}${requests.some(leaves) ? ' (leaving the conversation does not close it)' : ''}`;
        return fail(`UMS-10: expected ${expected}, got ${actual}. ${advice}`, {
          expected,
          actual,
          evidence: entriesEvidence(withResponses(recorder, requests)),
        });
      }
      notes.push(`closed conversation ${closing.conversationId} with ${describeItems(closedBy)}`);
    } else {
      notes.push('no close utterance was declared, so only publishing after a transfer was judged');
    }

    const transferring = result.conversations.find((c) => c.purpose === 'transfer');
    const ends: Array<{ conversation: ScriptedConversation; entry: TrafficEntry; what: string }> =
      [];
    if (closing && closedBy)
      ends.push({ conversation: closing, entry: closedBy.entry, what: 'close' });
    if (transferring?.action) {
      const moved = fieldRequests(
        recorder,
        transferring.conversationId,
        transferring.action.sentAt,
      ).find((request) => (request.code ?? 500) < 300);
      if (moved) ends.push({ conversation: transferring, entry: moved.entry, what: 'transfer' });
    }
    for (const end of ends) {
      const late = recorder.entries.filter(
        (entry: TrafficEntry) =>
          isRequest(entry, umsTypes.publishEvent) &&
          // Log order, not clock: both may fall in the same millisecond.
          entry.seq > end.entry.seq &&
          conversationOf(entry) === end.conversation.conversationId,
      );
      if (late.length > 0) {
        const actual = `${late.length} PublishEvent request(s) into conversation ${end.conversation.conversationId} after its ${end.what}, the first ${ms((late[0]?.at ?? end.entry.at) - end.entry.at)} later`;
        return fail(`UMS-10: expected ${expected}, got ${actual}. ${advice}`, {
          expected,
          actual,
          evidence: entriesEvidence(withResponses(recorder, late)),
        });
      }
      if (end.what === 'transfer') notes.push('published nothing after the transfer');
    }
    return pass(`UMS-10: the connector ${notes.join('; ')}.`);
  },
};

/** Whether a request closes the conversation (or its main dialog). */
function closes(request: FieldRequest, conversationId: string): boolean {
  return (request.items ?? []).some((item) => {
    if (item.field === 'ConversationStateField') return item.conversationState === 'CLOSE';
    if (item.field !== 'DialogChange' || item.type !== 'UPDATE' || !isRecord(item.dialog)) {
      return false;
    }
    return item.dialog.dialogId === conversationId && item.dialog.state === 'CLOSE';
  });
}

function leaves(request: FieldRequest): boolean {
  return (request.items ?? []).some(
    (item) => item.field === 'ParticipantsChange' && item.type === 'REMOVE',
  );
}

function withResponses(
  recorder: ReturnType<typeof connectorSession>['recorder'],
  entries: Array<TrafficEntry | FieldRequest>,
): TrafficEntry[] {
  return entries.flatMap((item) => {
    const entry = 'entry' in item ? item.entry : item;
    const response = recorder.responseTo(entry);
    return response ? [entry, response] : [entry];
  });
}
