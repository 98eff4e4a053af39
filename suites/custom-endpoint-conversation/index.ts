import type { Check } from '../../harness/index.ts';
import { conversationScopeCheck, keepsConversationCheck } from './conversation-scope.ts';
import {
  conversationContextCheck,
  createConversationCheck,
  sdesCheck,
} from './create-conversation.ts';
import { repeatedPutCheck } from './repeated-put.ts';
import { unknownBotPutCheck } from './unknown-bot-put.ts';

export { conversationScopeCheck, keepsConversationCheck } from './conversation-scope.ts';
export {
  contextVariants,
  conversationContextCheck,
  createConversationCheck,
  putSuccessWarning,
  sdesCheck,
} from './create-conversation.ts';
export { repeatedPutCheck } from './repeated-put.ts';
export { unknownBotPutCheck } from './unknown-bot-put.ts';

/** CE-CONV: create conversation (PUT), one check per rule. */
export const ceConvChecks: readonly Check[] = [
  createConversationCheck,
  sdesCheck,
  conversationContextCheck,
  repeatedPutCheck,
  keepsConversationCheck,
  unknownBotPutCheck,
  conversationScopeCheck,
];
