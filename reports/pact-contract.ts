// The shape of a Pact file, specification V3, as far as pact.json uses it. Pact is an external
// format with its own specification, so it is typed here rather than generated from a schema in
// schemas/ (which holds the platform's wire shapes and our own formats).
// https://github.com/pact-foundation/pact-specification/tree/version-3

/** One matcher: `type` (same JSON type, cascading to children) or `regex`. */
export type PactMatcher = { match: 'type' } | { match: 'regex'; regex: string };

/** The matchers at one path, all of which must hold. */
export interface PactMatcherList {
  matchers: PactMatcher[];
  combine: 'AND';
}

/** V3 matching rules by category: the path itself, headers by name, body by JSONPath. */
export interface PactMatchingRules {
  path?: PactMatcherList;
  header?: Record<string, PactMatcherList>;
  body?: Record<string, PactMatcherList>;
}

/** A provider state with its parameters, set up by the provider before the interaction. */
export interface PactProviderState {
  name: string;
  params?: Record<string, string>;
}

export interface PactRequest {
  method: string;
  path: string;
  query?: Record<string, string[]>;
  headers?: Record<string, string>;
  body?: unknown;
  matchingRules?: PactMatchingRules;
}

export interface PactResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  matchingRules?: PactMatchingRules;
}

export interface PactInteraction {
  description: string;
  providerStates?: PactProviderState[];
  request: PactRequest;
  response: PactResponse;
}

/** A whole Pact file: one consumer, one provider, their interactions. */
export interface PactContract {
  consumer: { name: string };
  provider: { name: string };
  interactions: PactInteraction[];
  metadata: {
    pactSpecification: { version: '3.0.0' };
    'tpb-conformance': { version: string };
  };
}
