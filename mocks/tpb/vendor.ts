import type { VendorExchange } from '../http/vendor-exchange.ts';
import type { NeutralReply } from './neutral-reply.ts';
import type { ReplyParts } from './reply-parts.ts';

/** What the engine knows of a conversation when it talks to the vendor. */
export interface ConversationInfo {
  conversationId: string;
  channel: 'messaging' | 'chat';
  skillId: string;
  consumerId: string;
  engagementId?: number;
  campaignId?: number;
  sdes?: {
    authenticatedSdes?: Record<string, unknown>;
    unauthenticatedSdes?: Record<string, unknown>;
  };
  visitor?: Record<string, unknown>;
}

/**
 * One input to the bot: consumer text, rich content, a file, or the welcome event
 * (tpb-platform.md §§5–6). `lpEvent` is the raw connector event passed through.
 */
export type VendorEvent =
  | { kind: 'text'; text: string; lpEvent: Record<string, unknown> }
  | { kind: 'rich-content'; content: Record<string, unknown>; lpEvent: Record<string, unknown> }
  | { kind: 'file'; lpEvent: Record<string, unknown> }
  | { kind: 'welcome'; lastConsumerMessage?: string; lpEvent: Record<string, unknown> };

/** The identifiers TPB puts in the text slot for consumer rich content and files (§6). */
export const consumerRichContentIdentifier =
  'com.liveperson.bot-connectors.consumer.send-rich-content';
export const consumerFileIdentifier = 'com.liveperson.bot-connectors.consumer.send-file';

export type VendorOutcome =
  | {
      ok: true;
      reply: NeutralReply;
      raw: unknown;
      /** The reply's parts as they came, for the checks (read with `reply`, once). */
      parts: ReplyParts;
      exchanges: VendorExchange[];
    }
  | {
      ok: false;
      /** The reply as the vendor gave it, when one arrived. */
      raw?: unknown;
      /** Its parts as they came, when a reply arrived. */
      parts?: ReplyParts;
      code: string;
      detail: string;
      exchanges: VendorExchange[];
      /** The vendor could not be reached or kept failing: the bot goes into Vendor Interruption. */
      unreachable: boolean;
    };

/** A bot vendor as the engine drives it: Custom Endpoint or LivePerson Functions. */
export interface Vendor {
  /** The wizard's Test Connection, also run at every start and as the interruption health check. */
  testConnection(): Promise<{ ok: boolean; detail: string; exchanges: VendorExchange[] }>;
  deliver(conversation: ConversationInfo, event: VendorEvent): Promise<VendorOutcome>;
  /** The conversation ended for the bot: drop what the vendor adapter keeps for it. */
  forget(conversationId: string): void;
  close(): Promise<void>;
}
