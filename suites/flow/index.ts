import type { Check } from '../../harness/index.ts';
import { flow01BotStart } from './flow-01-bot-start.ts';
import { flow02ReplyOrder } from './flow-02-reply-order.ts';
import { flow03ChatWelcome } from './flow-03-chat-welcome.ts';
import { flow04WelcomeOnTransfer } from './flow-04-welcome-on-transfer.ts';
import { flow05ConsumerContent } from './flow-05-consumer-content.ts';
import { flow06Transfer } from './flow-06-transfer.ts';
import { flow07Close } from './flow-07-close.ts';
import { flow08Ttr } from './flow-08-ttr.ts';
import { flow09NotFoundRecovery } from './flow-09-not-found-recovery.ts';
import { flow10NoEscalation } from './flow-10-no-escalation.ts';
import { flow11RetriedEvent } from './flow-11-retried-event.ts';
import { flow12VendorInterruption } from './flow-12-vendor-interruption.ts';

export { type FaultMode, FaultProxy, type ProxiedRequest } from './fault-proxy.ts';

/** FLOW: conversation-level behaviour through the mock platform, one check per rule. */
export const flowChecks: readonly Check[] = [
  flow01BotStart,
  flow02ReplyOrder,
  flow03ChatWelcome,
  flow04WelcomeOnTransfer,
  flow05ConsumerContent,
  flow06Transfer,
  flow07Close,
  flow08Ttr,
  flow09NotFoundRecovery,
  flow10NoEscalation,
  flow11RetriedEvent,
  flow12VendorInterruption,
];
