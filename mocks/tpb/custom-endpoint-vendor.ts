import type {
  CustomEndpointCreateConversationRequestBody,
  CustomEndpointEventRequestBody,
} from '../../schemas/index.ts';
import type { CustomEndpointClient } from './custom-endpoint-client.ts';
import { customEndpointErrorCode } from './custom-endpoint-escalation.ts';
import { readCustomEndpointReply } from './reply-parse-custom-endpoint.ts';
import {
  type ConversationInfo,
  consumerFileIdentifier,
  type Vendor,
  type VendorEvent,
  type VendorOutcome,
} from './vendor.ts';

/** The engagement id the mock reports when a consumer opened without one (mock design). */
const defaultEngagementId = 1;

/**
 * The Custom Endpoint vendor (custom-endpoint.md §8): PUT once per conversation, then one POST per
 * event, with the client's timeouts, retries and 404 recovery; replies parsed into the neutral model.
 */
export class CustomEndpointVendor implements Vendor {
  constructor(
    readonly client: CustomEndpointClient,
    readonly options: { engagementAttributes: boolean },
  ) {}

  async testConnection() {
    const check = await this.client.checkState();
    return {
      ok: check.ok,
      detail: check.ok
        ? 'state online'
        : `${check.reason}${'state' in check && check.state ? ` (state "${check.state}")` : ''}`,
      exchanges: check.exchanges,
    };
  }

  async deliver(conversation: ConversationInfo, event: VendorEvent): Promise<VendorOutcome> {
    const outcome = await this.client.deliverEvent(
      conversation.conversationId,
      this.#conversationBody(conversation),
      eventBody(event),
    );
    if (!outcome.ok) {
      const status = outcome.status ?? 0;
      return {
        ok: false,
        code: customEndpointErrorCode(outcome.reason),
        detail: outcome.detail,
        exchanges: outcome.exchanges,
        unreachable:
          outcome.reason === 'timeout' ||
          outcome.reason === 'unreachable' ||
          status === 429 ||
          status >= 500,
      };
    }
    const { parsed, parts } = readCustomEndpointReply(outcome.body);
    return parsed.ok
      ? { ok: true, reply: parsed.reply, raw: outcome.body, parts, exchanges: outcome.exchanges }
      : {
          ok: false,
          raw: outcome.body,
          parts,
          code: parsed.code,
          detail: parsed.detail,
          exchanges: outcome.exchanges,
          unreachable: false,
        };
  }

  forget(conversationId: string): void {
    this.client.forget(conversationId);
  }

  close(): Promise<void> {
    return this.client.close();
  }

  #conversationBody(conversation: ConversationInfo): CustomEndpointCreateConversationRequestBody {
    return {
      context: {
        type: conversation.channel === 'chat' ? 'CHAT' : 'MESSAGING',
        skillId: conversation.skillId,
        engagementId: conversation.engagementId ?? defaultEngagementId,
        ...(conversation.campaignId !== undefined ? { campaignId: conversation.campaignId } : {}),
        ...(conversation.visitor ? { visitor: conversation.visitor } : {}),
      },
      ...(this.options.engagementAttributes ? { sdes: conversation.sdes ?? {} } : {}),
    };
  }
}

/** The POST body TPB sends for one event (custom-endpoint.md §6.1; the preferred variants). */
function eventBody(event: VendorEvent): CustomEndpointEventRequestBody {
  const context = { lpEvent: event.lpEvent };
  switch (event.kind) {
    case 'text':
      return { type: 'TEXT', source: 'CONSUMER', data: { message: event.text }, context };
    case 'file':
      return {
        type: 'TEXT',
        source: 'CONSUMER',
        data: { message: consumerFileIdentifier },
        context,
      };
    case 'rich-content':
      return {
        type: 'RICH_CONTENT',
        source: 'CONSUMER',
        data: { content: event.content },
        context,
      };
    case 'welcome':
      return {
        type: 'START',
        source: 'CONVERSATION',
        data: {},
        context: {
          lpEvent: {
            ...event.lpEvent,
            ...(event.lastConsumerMessage !== undefined
              ? { lastConsumerMessage: event.lastConsumerMessage }
              : {}),
          },
        },
      };
  }
}
