import type { HarnessUtterances } from '../../schemas/index.ts';

/**
 * What the example bots understand. The custom endpoint and the function both pick their reply
 * by looking for a trigger word in the consumer's text (case-insensitive "contains"), so a
 * harness run can drive every behaviour with the sentences of `exampleUtterances`.
 */
export type ExampleIntent =
  | 'transfer'
  | 'close-without-survey'
  | 'close'
  | 'ttr'
  | 'structured-content'
  | 'quick-replies'
  | 'delay'
  | 'private-text'
  | 'invoke-function'
  | 'encoded-metadata'
  | 'file'
  | 'rich-content'
  | 'fallback';

/** The text TPB sends in place of a consumer file (tpb-platform.md §6). */
export const sendFileIdentifier = 'com.liveperson.bot-connectors.consumer.send-file';

/** The text TPB sends in place of consumer rich content to vendors other than CE (§6). */
export const sendRichContentIdentifier = 'com.liveperson.bot-connectors.consumer.send-rich-content';

/**
 * Trigger words, first match wins. "survey" comes before "close" so that "close without survey"
 * closes without the post-conversation survey.
 */
const triggers: ReadonlyArray<readonly [word: string, intent: ExampleIntent]> = [
  ['transfer', 'transfer'],
  ['survey', 'close-without-survey'],
  ['close', 'close'],
  ['urgent', 'ttr'],
  ['card', 'structured-content'],
  ['options', 'quick-replies'],
  ['wait', 'delay'],
  ['note', 'private-text'],
  ['function', 'invoke-function'],
  ['metadata', 'encoded-metadata'],
];

/** Classifies a consumer text into the example bots' intent (`fallback` when no word matches). */
export function classifyText(text: string): ExampleIntent {
  const trimmed = text.trim();
  if (trimmed === sendFileIdentifier) return 'file';
  if (trimmed === sendRichContentIdentifier) return 'rich-content';
  const lower = trimmed.toLowerCase();
  for (const [word, intent] of triggers) if (lower.includes(word)) return intent;
  return 'fallback';
}

/**
 * One example sentence per harness utterance key, for `--utterance key=sentence` or the config
 * file's `utterances`. Each sentence holds exactly one trigger word.
 */
export const exampleUtterances = {
  transfer: 'Please transfer me to a human',
  close: 'Please close the conversation',
  ttr: 'This is urgent',
  'structured-content': 'Show me a card',
  'quick-replies': 'Give me some options',
  delay: 'Wait a moment',
  'private-text': 'Leave a note for the agent',
  'invoke-function': 'Call the function',
  'encoded-metadata': 'Send some metadata',
  fallback: 'Hello there',
} as const satisfies Required<HarnessUtterances>;

/** Human-readable names of the intents, used as the intent description / intentName. */
export const intentDescriptions: Readonly<Record<ExampleIntent | 'welcome' | 'event', string>> = {
  transfer: 'Transfer to a human agent',
  'close-without-survey': 'Close the conversation without a survey',
  close: 'Close the conversation',
  ttr: 'Raise the urgency of the conversation',
  'structured-content': 'Show a card',
  'quick-replies': 'Offer quick replies',
  delay: 'Pause before answering',
  'private-text': 'Leave a note for agents',
  'invoke-function': 'Invoke a LivePerson Function',
  'encoded-metadata': 'Send encoded metadata',
  file: 'Acknowledge a consumer file',
  'rich-content': 'Acknowledge consumer rich content',
  fallback: 'Echo the consumer',
  welcome: 'Welcome the consumer',
  event: 'Acknowledge a conversation event',
};
