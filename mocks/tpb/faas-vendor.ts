import type { FaaSBotInvocationInput } from '../../schemas/index.ts';
import { faasMissingResponseBody } from '../platform/error-codes.ts';
import type { FaasInvoker } from './faas-invoker.ts';
import { readFaasReply } from './reply-parse-faas.ts';
import {
  type ConversationInfo,
  consumerFileIdentifier,
  consumerRichContentIdentifier,
  type Vendor,
  type VendorEvent,
  type VendorOutcome,
} from './vendor.ts';

/** The welcome event's name; undocumented for Functions, the mock sends WELCOME (tpb-platform.md §14). */
export const faasWelcomeEventName = 'WELCOME';

/** The LivePerson Functions vendor (tpb-platform.md §3.2): one invocation per event, 30 s cap. */
export class FaasVendor implements Vendor {
  constructor(
    readonly invoker: FaasInvoker,
    readonly options: { engagementAttributes: boolean },
  ) {}

  /** Test Connection: a welcome invocation must come back with a body in time. */
  async testConnection() {
    const result = await this.invoker.invoke({
      message: '',
      convId: 'test-connection',
      event: { name: faasWelcomeEventName },
      context: { lpEvent: {} },
    });
    if (!result.ok)
      return { ok: false, detail: `${result.code}: ${result.detail}`, exchanges: result.exchanges };
    const answered = result.output !== null && result.output !== undefined;
    return {
      ok: answered,
      detail: answered ? 'answered' : faasMissingResponseBody,
      exchanges: result.exchanges,
    };
  }

  async deliver(conversation: ConversationInfo, event: VendorEvent): Promise<VendorOutcome> {
    const result = await this.invoker.invoke(this.#input(conversation, event));
    if (!result.ok) {
      return {
        ok: false,
        code: result.code,
        detail: result.detail,
        exchanges: result.exchanges,
        unreachable: true,
      };
    }
    const { parsed, parts } = readFaasReply(result.output);
    return parsed.ok
      ? { ok: true, reply: parsed.reply, raw: result.output, parts, exchanges: result.exchanges }
      : {
          ok: false,
          raw: result.output,
          parts,
          code: parsed.code,
          detail: parsed.detail,
          exchanges: result.exchanges,
          unreachable: false,
        };
  }

  forget(): void {}

  close(): Promise<void> {
    return this.invoker.close();
  }

  #input(conversation: ConversationInfo, event: VendorEvent): FaaSBotInvocationInput {
    const message =
      event.kind === 'text'
        ? event.text
        : event.kind === 'file'
          ? consumerFileIdentifier
          : event.kind === 'rich-content'
            ? consumerRichContentIdentifier
            : '';
    const lpEvent =
      event.kind === 'welcome' && event.lastConsumerMessage !== undefined
        ? {
            ...event.lpEvent,
            type: 'ContentEvent',
            content: 'welcome',
            lastConsumerMessage: event.lastConsumerMessage,
          }
        : event.lpEvent;
    return {
      message,
      convId: conversation.conversationId,
      ...(event.kind === 'welcome' ? { event: { name: faasWelcomeEventName } } : {}),
      context: {
        lpEvent,
        ...(this.options.engagementAttributes && conversation.sdes
          ? { lpSdes: conversation.sdes }
          : {}),
      },
    };
  }
}
