/**
 * The provider states the platform's contract names, as declarative sentences, and what a
 * provider must do for each. docs/pact.md says the same for people; a state handler written
 * against these constants cannot drift from the contract.
 *
 * Both carry the param `convId`, the example conversation id. A provider's state handler may
 * answer with a JSON object `{"convId": "<id>"}`: the Verifier then sends that id instead of the
 * example (Pact's provider-state injection), so a long-lived provider verified again and again
 * never sees the same conversation twice.
 */
export const providerStates = {
  /** The provider creates the conversation (MESSAGING unless `conversationType` says CHAT). */
  conversationExists: 'a conversation exists',
  /** The provider holds no conversation with the id it answers (or the example id). */
  conversationAbsent: 'no conversation exists',
} as const;

export type ProviderState = (typeof providerStates)[keyof typeof providerStates];
