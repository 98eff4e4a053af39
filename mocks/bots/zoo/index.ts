export {
  type BrokenBot,
  type BrokenBotOptions,
  type BrokenBotRuleGroup,
  brokenBot,
  brokenBots,
  slowAnswerDefaultDelayMs,
} from './broken-bots.ts';
export { type BrokenFunction, brokenFunctions, type FaasLambda } from './broken-functions.ts';
