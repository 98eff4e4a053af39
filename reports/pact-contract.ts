// The Pact V3 subset pact.json uses is our output format, so its types come from
// schemas/pact-contract.schema.json like every other file format of the harness.
export type {
  PactContract,
  PactInteraction,
  PactMatcher,
  PactMatcherList,
  PactMatchingRules,
  PactProviderState,
  PactRequest,
  PactResponse,
} from '../schemas/index.ts';
