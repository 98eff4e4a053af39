import type { Clock } from '../platform/clock.ts';
import type { BotLog } from './bot-log.ts';
import type { ResolvedBotConfig } from './engine-defaults.ts';
import type { FaasInvoker } from './faas-invoker.ts';
import type { UmsClient } from './ums-client.ts';
import type { ConversationInfo, Vendor } from './vendor.ts';

/**
 * What the platform side of Third-Party Bots knows beyond the bot's own socket: it records runtime
 * errors on the conversation, resolves skill names (cached account skills) and reads the
 * conversation's context and SDES.
 */
export interface PlatformServices {
  recordError(
    conversationId: string,
    code: string,
    detail: string,
  ): { errorId: string } | undefined;
  skillId(name: string): string | undefined;
  conversation(conversationId: string): ConversationInfo | undefined;
}

/** Everything a conversation of the bot needs. */
export interface BotContext {
  config: ResolvedBotConfig;
  vendor: Vendor;
  ums: UmsClient;
  platform: PlatformServices;
  functions: ReadonlyMap<string, FaasInvoker>;
  clock: Clock;
  log: BotLog;
}
