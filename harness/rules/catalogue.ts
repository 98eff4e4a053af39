/**
 * The rule catalogue: every check the harness runs, in catalogue order. This is the source of
 * truth: `docs/rules.md` is rendered from here (`npm run gen`), and each rule links to the public
 * documentation of its sources, so a reader of a finding can go straight to LivePerson's page.
 * @see docs/rules.md (generated from this catalogue)
 * @see docs/spec/README.md (the platform facts the rules rest on)
 */
import { deepFreeze } from '../../mocks/index.ts';
import type { Rule, RuleGroup, RuleGroupInfo, Source, SourceKey } from './rule.ts';

/** The twelve groups in catalogue order, with their headings and the notes that apply to them. */
export const groups: readonly RuleGroupInfo[] = deepFreeze<RuleGroupInfo[]>([
  {
    group: 'CE-ROUTE',
    title: 'Custom Endpoint routes and transport',
  },
  {
    group: 'CE-AUTH',
    title: "accepting the platform's credentials",
  },
  {
    group: 'CE-STATE',
    title: 'environments and bot state',
  },
  {
    group: 'CE-CONV',
    title: 'create conversation (PUT)',
  },
  {
    group: 'CE-EVENT',
    title: 'send conversation event (POST)',
  },
  {
    group: 'BOT-REPLY',
    title: 'vendor-neutral reply content',
    note: 'Checked on every reply after mapping to the neutral model (`docs/spec/tpb-platform.md` §2).',
  },
  {
    group: 'BOT-SC',
    title: 'structured content, quick replies, metadata, encodedMetadata',
  },
  {
    group: 'FLOW',
    title: 'conversation-level behaviour through the mock platform',
    note: "Triggers for transfer, close and TTR come from the candidate's manifest (declared utterances).",
  },
  {
    group: 'LIMIT',
    title: 'the 999 open-conversation cap and capacity',
  },
  {
    group: 'FAAS',
    title: 'LivePerson Functions-style functions',
  },
  {
    group: 'UMS',
    title: 'connectors logging in to the mock UMS as a bot agent',
  },
  {
    group: 'SEC',
    title: 'token attacks and error hygiene (Custom Endpoint)',
    note: 'Each attack is sent to every route with an otherwise valid request. "401" means: 401 passes; 403 passes with a warning; 400 passes with a warning only where noted; 2xx or 5xx fails.',
  },
]);

/** A page of LivePerson's developer documentation, by its permalink. */
function developers(page: string): string {
  return `https://developers.liveperson.com/${page}.html`;
}

/** An IETF RFC on the RFC Editor's site. */
function rfc(number: number): string {
  return `https://www.rfc-editor.org/rfc/rfc${number}`;
}

/** Where LivePerson publishes the Custom Endpoint OpenAPI file and its reference service. */
const referenceService =
  'https://github.com/LivePersonInc/third-party-bots-custom-endpoint-reference-service';

/**
 * The source table: what each key of a rule's `sources` stands for, and where it is published.
 * Rules take their documentation links from here, so each URL is written once.
 */
export const sources: readonly Source[] = deepFreeze<Source[]>([
  {
    key: 'OAS',
    title: 'Custom Endpoint OpenAPI (v1.json)',
    docs: [referenceService],
  },
  {
    key: 'REF',
    title:
      'the public reference implementation (Third-Party Bots Custom Endpoint Reference Service: code and README)',
    docs: [referenceService],
  },
  {
    key: 'CE-INTRO',
    title: 'LivePerson developer docs: Third-Party Bots > Custom Endpoint > Introduction',
    docs: [developers('third-party-bots-custom-endpoint-introduction')],
  },
  {
    key: 'CE-SI',
    title: 'LivePerson developer docs: Third-Party Bots > Custom Endpoint > Service Implementation',
    docs: [developers('third-party-bots-custom-endpoint-service-implementation')],
  },
  {
    key: 'CE-BC',
    title: 'LivePerson developer docs: Third-Party Bots > Custom Endpoint > Basic Content',
    docs: [developers('third-party-bots-custom-endpoint-basic-content')],
  },
  {
    key: 'CE-AF',
    title: 'LivePerson developer docs: Third-Party Bots > Custom Endpoint > Advanced Features',
    docs: [developers('third-party-bots-custom-endpoint-advanced-features')],
  },
  {
    key: 'GS',
    title: 'LivePerson developer docs: Third-Party Bots > Getting Started',
    docs: [developers('third-party-bots-getting-started')],
  },
  {
    key: 'BT',
    title: 'LivePerson developer docs: Third-Party Bots > Bot Types',
    docs: [developers('third-party-bots-bot-types')],
  },
  {
    key: 'ERR',
    title: 'LivePerson developer docs: Third-Party Bots > Bot Conversation Errors',
    docs: [developers('third-party-bots-bot-conversation-errors')],
  },
  {
    key: 'CT',
    title: 'LivePerson developer docs: Third-Party Bots > Conversation Tester',
    docs: [developers('third-party-bots-conversation-tester')],
  },
  {
    key: 'PAPI',
    title: 'LivePerson developer docs: Third-Party Bots > Public API',
    docs: [developers('third-party-bots-public-api')],
  },
  {
    key: 'BSD',
    title: 'LivePerson developer docs: Third-Party Bots > Bot Status Dashboard',
    docs: [developers('third-party-bots-bot-status-dashboard')],
  },
  {
    key: 'DF-BC',
    title: 'LivePerson developer docs: Third-Party Bots > Google Dialogflow ES > Basic Content',
    docs: [developers('third-party-bots-google-dialogflow-es-basic-content')],
  },
  {
    key: 'CI',
    title: 'LivePerson developer docs: Third-Party Bots > Custom Integration',
    docs: [developers('third-party-bots-custom-integration')],
  },
  {
    key: 'FN-INTRO',
    title: 'LivePerson developer docs: Third-Party Bots > LivePerson Functions > Introduction',
    docs: [developers('third-party-bots-liveperson-functions-introduction')],
  },
  {
    key: 'FN-BC',
    title: 'LivePerson developer docs: Third-Party Bots > LivePerson Functions > Basic Content',
    docs: [developers('third-party-bots-liveperson-functions-basic-content')],
  },
  {
    key: 'FN-AF',
    title: 'LivePerson developer docs: Third-Party Bots > LivePerson Functions > Advanced Features',
    docs: [developers('third-party-bots-liveperson-functions-advanced-features')],
  },
  {
    key: 'FN-ES',
    title: 'LivePerson developer docs: LivePerson Functions > Event Sources > Third-Party Bots',
    docs: [developers('liveperson-functions-event-sources-third-party-bots')],
  },
  {
    key: 'FAAS-UG',
    title: 'LivePerson developer docs: Function as a Service User Guide (External Invocation)',
    docs: [developers('function-as-a-service-user-guide')],
  },
  {
    key: 'BC-GS',
    title:
      'LivePerson developer docs: Bot Connectors > Getting Started (older revision; escalation settings)',
    docs: [developers('bot-connectors-getting-started')],
  },
  {
    key: 'OAUTH',
    title: 'LivePerson developer docs: API Guidelines > OAuth 2.0 Client Credentials',
    docs: [developers('oauth-2-0-client-credentials')],
  },
  {
    key: 'RETRY',
    title: 'LivePerson developer docs: API Guidelines > Retry Policy Recommendations',
    docs: [developers('guides-retry-policy')],
  },
  {
    key: 'DOMAIN',
    title: 'LivePerson developer docs: API Guidelines > Domain API',
    docs: [developers('domain-api')],
  },
  {
    key: 'LOGIN',
    title: 'LivePerson developer docs: Login Service API (User Login, Application Login, Refresh)',
    docs: [developers('login-service-api-overview')],
  },
  {
    key: 'AGENT-API',
    title: 'LivePerson developer docs: Messaging Agent SDK and agent-messaging API schemas',
    docs: [developers('messaging-agent-sdk-overview')],
  },
  {
    key: 'SDK',
    title: 'node-agent-sdk 1.2.0 (npm package source and README)',
    docs: ['https://github.com/LivePersonInc/node-agent-sdk'],
  },
  {
    key: 'JP',
    title: 'json-pollock schemas (rich_content.json)',
    docs: ['https://github.com/LivePersonInc/json-pollock'],
  },
  {
    key: 'RCV',
    title: '@livepersoninc/rich-content-validator 1.1.2',
    docs: ['https://www.npmjs.com/package/@livepersoninc/rich-content-validator'],
  },
  {
    key: 'RFC',
    title:
      'IETF RFC 7519 (JWT), RFC 7515 (JWS), RFC 8725 (JWT Best Current Practices), RFC 7235 (HTTP authentication)',
    docs: [rfc(7519), rfc(7515), rfc(8725), rfc(7235)],
  },
  {
    key: 'OWASP',
    title: 'OWASP Application Security Verification Standard, error handling and logging',
    docs: ['https://owasp.org/www-project-application-security-verification-standard/'],
  },
  {
    key: 'POLICY',
    title: 'harness policy where no source gives a number (value stated in the rule)',
    docs: [],
  },
]);

const sourceDocs: ReadonlyMap<SourceKey, readonly string[]> = new Map(
  sources.map((source) => [source.key, source.docs]),
);

/** A rule as the catalogue states it; its documentation links follow from its sources. */
function withDocs(rule: Omit<Rule, 'docs'>): Rule {
  const docs = new Set(rule.sources.flatMap((key) => sourceDocs.get(key) ?? []));
  return { ...rule, docs: [...docs] };
}

/** Every rule, in catalogue order. */
export const rules: readonly Rule[] = deepFreeze<Rule[]>(
  (
    [
      // CE-ROUTE
      {
        id: 'CE-ROUTE-01',
        group: 'CE-ROUTE',
        title: 'Routes served',
        level: 'MUST',
        check:
          'E2 (`GET …/state`), E3 (`PUT …/conversations/{convId}`) and E4 (`POST …/conversations/{convId}/events`) are served under `{BaseUrl}/v1/bots/{botId}/environments/{environment}` (no 404/405 for the configured bot, environment and a created conversation).',
        targets: ['custom-endpoint'],
        sources: ['OAS', 'CE-SI'],
      },
      {
        id: 'CE-ROUTE-02',
        group: 'CE-ROUTE',
        title: 'Environments route served',
        level: 'SHOULD',
        check: 'E1 (`GET {BaseUrl}/v1/bots/{botId}/environments`) is served.',
        targets: ['custom-endpoint'],
        sources: ['OAS', 'CE-SI'],
      },
      {
        id: 'CE-ROUTE-03',
        group: 'CE-ROUTE',
        title: 'Answered within 60 s',
        level: 'MUST',
        check: "Every request is answered within 60 s (the platform's per-request timeout).",
        targets: ['custom-endpoint'],
        sources: ['CE-SI'],
      },
      {
        id: 'CE-ROUTE-04',
        group: 'CE-ROUTE',
        title: 'Route latency',
        level: 'SHOULD',
        check: 'p95 latency of E2, E3 and E4 for a single conversation is ≤ 5 s (configurable).',
        targets: ['custom-endpoint'],
        sources: ['CE-SI', 'POLICY'],
      },
      {
        id: 'CE-ROUTE-05',
        group: 'CE-ROUTE',
        title: 'JSON response bodies',
        level: 'MUST',
        check:
          'Every 200 response of E1, E2 and E4 has a body that parses as JSON (a non-JSON `Content-Type` is a warning).',
        targets: ['custom-endpoint'],
        sources: ['OAS'],
      },
      {
        id: 'CE-ROUTE-06',
        group: 'CE-ROUTE',
        title: 'Bot ID format',
        level: 'MUST',
        check: 'The configured `botId` matches `^[A-Za-z0-9-]+$` and has at most 36 characters.',
        targets: ['custom-endpoint'],
        sources: ['OAS', 'CE-INTRO'],
      },
      // CE-AUTH
      {
        id: 'CE-AUTH-01',
        group: 'CE-AUTH',
        title: 'Valid token accepted',
        level: 'MUST',
        check:
          'A valid mock-Sentinel token (RS256, `iss` `Sentinel`, `aud` = account, `azp` = client id, scope `thirdpartybots.customendpoint.bot`, unexpired) is accepted on all four routes.',
        targets: ['custom-endpoint'],
        sources: ['CE-SI', 'OAUTH', 'REF'],
      },
      {
        id: 'CE-AUTH-02',
        group: 'CE-AUTH',
        title: 'Same token reused',
        level: 'MUST',
        check:
          'The same token is accepted on many requests and conversations until it expires (the platform caches its bearer).',
        targets: ['custom-endpoint'],
        sources: ['CE-SI'],
      },
      {
        id: 'CE-AUTH-03',
        group: 'CE-AUTH',
        title: 'Rotated key accepted',
        level: 'SHOULD',
        check:
          'In JWKS mode the key is selected by `kid`: after the mock rotates to a second published key, tokens signed with it are accepted.',
        targets: ['custom-endpoint'],
        sources: ['OAUTH', 'RFC'],
      },
      {
        id: 'CE-AUTH-04',
        group: 'CE-AUTH',
        title: 'Other account refused',
        level: 'INFO',
        check:
          'Reports whether a valid token whose `aud` names another account is refused for the configured bot (account scoping is brand-defined).',
        targets: ['custom-endpoint'],
        sources: ['CE-SI', 'REF'],
      },
      // CE-STATE
      {
        id: 'CE-STATE-01',
        group: 'CE-STATE',
        title: 'Bot state shape',
        level: 'MUST',
        check:
          'E2 returns 200 with `{state, version}`, `state` ∈ `online`, `offline`, `error`, `maintenance` and `version` a string.',
        targets: ['custom-endpoint'],
        sources: ['OAS'],
      },
      {
        id: 'CE-STATE-02',
        group: 'CE-STATE',
        title: 'Bot state online',
        level: 'MUST',
        check:
          'E2 for the configured bot and environment returns `state: "online"` (exact, lower case).',
        targets: ['custom-endpoint'],
        sources: ['CE-SI', 'CE-INTRO'],
      },
      {
        id: 'CE-STATE-03',
        group: 'CE-STATE',
        title: 'Unknown bot state is 404',
        level: 'MUST',
        check:
          'E2 returns 404 for an unknown bot and for an unknown environment of the configured bot.',
        targets: ['custom-endpoint'],
        sources: ['OAS'],
      },
      {
        id: 'CE-STATE-04',
        group: 'CE-STATE',
        title: 'Environment list',
        level: 'SHOULD',
        check:
          'E1 returns 200 with a JSON array of strings that contains the configured environment, and 404 for an unknown bot.',
        targets: ['custom-endpoint'],
        sources: ['OAS', 'CE-SI'],
      },
      {
        id: 'CE-STATE-05',
        group: 'CE-STATE',
        title: 'Draft environment listed',
        level: 'SHOULD',
        check: 'The E1 array contains `draft`.',
        targets: ['custom-endpoint'],
        sources: ['CE-SI', 'REF'],
      },
      {
        id: 'CE-STATE-06',
        group: 'CE-STATE',
        title: 'Semantic version',
        level: 'INFO',
        check: 'Reports whether `version` is a semantic version (the reference returns `"1.0"`).',
        targets: ['custom-endpoint'],
        sources: ['OAS', 'REF'],
      },
      // CE-CONV
      {
        id: 'CE-CONV-01',
        group: 'CE-CONV',
        title: 'Conversation created',
        level: 'MUST',
        check:
          'A PUT with a valid body returns 2xx (200 preferred; 201 or 204 pass with a warning).',
        targets: ['custom-endpoint'],
        sources: ['OAS', 'REF'],
      },
      {
        id: 'CE-CONV-02',
        group: 'CE-CONV',
        title: 'SDES optional',
        level: 'MUST',
        check:
          'A PUT is accepted both without `sdes` and with `sdes` holding `authenticatedSdes` / `unauthenticatedSdes` objects.',
        targets: ['custom-endpoint'],
        sources: ['CE-SI', 'OAS', 'REF'],
      },
      {
        id: 'CE-CONV-03',
        group: 'CE-CONV',
        title: 'Conversation context accepted',
        level: 'MUST',
        check:
          'A PUT is accepted with `context.type` `CHAT` or `MESSAGING`, with `skillId`/`engagementId`/`campaignId` as numbers or numeric strings, and with unknown context keys (`assignedAgentId`, `visitor`, …).',
        targets: ['custom-endpoint'],
        sources: ['CE-SI', 'OAS'],
      },
      {
        id: 'CE-CONV-04',
        group: 'CE-CONV',
        title: 'Repeated PUT',
        level: 'MUST',
        check:
          'A repeated PUT for an existing conversation returns 409 (preferred) or 2xx (warning), never 5xx, and the next POST still returns 200.',
        targets: ['custom-endpoint'],
        sources: ['OAS', 'REF'],
      },
      {
        id: 'CE-CONV-05',
        group: 'CE-CONV',
        title: 'Conversation state kept',
        level: 'MUST',
        check:
          "After a PUT, POSTs for that `convId` return 200 for the conversation's lifetime (the candidate keeps per-conversation state).",
        targets: ['custom-endpoint'],
        sources: ['CE-SI'],
      },
      {
        id: 'CE-CONV-06',
        group: 'CE-CONV',
        title: 'PUT for unknown bot is 404',
        level: 'SHOULD',
        check: 'A PUT for an unknown bot or environment returns 404 (a 2xx is reported as INFO).',
        targets: ['custom-endpoint'],
        sources: ['OAS', 'REF'],
      },
      {
        id: 'CE-CONV-07',
        group: 'CE-CONV',
        title: 'Conversations scoped',
        level: 'SHOULD',
        check:
          'Conversations are scoped per (botId, environment, convId): a POST under another environment for a `convId` created elsewhere returns 404.',
        targets: ['custom-endpoint'],
        sources: ['OAS', 'REF'],
      },
      // CE-EVENT
      {
        id: 'CE-EVENT-01',
        group: 'CE-EVENT',
        title: 'Unknown conversation is 404',
        level: 'MUST',
        check:
          'A POST for a `convId` never created returns 404, and a POST for an unknown bot or environment returns 404.',
        targets: ['custom-endpoint'],
        sources: ['OAS', 'CE-SI'],
      },
      {
        id: 'CE-EVENT-02',
        group: 'CE-EVENT',
        title: 'Text event answered',
        level: 'MUST',
        check:
          'A TEXT event returns 200 with an object holding `response` (array) and `analytics` (object).',
        targets: ['custom-endpoint'],
        sources: ['OAS'],
      },
      {
        id: 'CE-EVENT-03',
        group: 'CE-EVENT',
        title: 'Reply items well-formed',
        level: 'MUST',
        check:
          "Every `response[]` item is `{type, data}` with `type` ∈ `TEXT`, `STRUCTURED_CONTENT`, `DELAY`, `ACTION` (exact case) and the type's required field present (`message` string, `structuredContent` object, `seconds`, `name`).",
        targets: ['custom-endpoint'],
        sources: ['OAS'],
      },
      {
        id: 'CE-EVENT-04',
        group: 'CE-EVENT',
        title: 'Rich content event answered',
        level: 'MUST',
        check:
          'A `RICH_CONTENT` event (`data.content`, messaging) returns 200 with a valid, non-empty reply.',
        targets: ['custom-endpoint'],
        sources: ['CE-AF', 'OAS'],
        conversationTypes: ['messaging'],
      },
      {
        id: 'CE-EVENT-05',
        group: 'CE-EVENT',
        title: 'START event answered',
        level: 'SHOULD',
        check:
          'A `START` event returns 200 with a valid reply, with and without `context.lpEvent.lastConsumerMessage`.',
        targets: ['custom-endpoint'],
        sources: ['REF'],
      },
      {
        id: 'CE-EVENT-06',
        group: 'CE-EVENT',
        title: 'Variant events answered',
        level: 'SHOULD',
        check:
          'OpenAPI-only and survey events (`CONVERSATION` with `STARTED`/`TRANSFERRED`/`CLOSED`, `hosted-file`, `CLOSE_CONVERSATION`) get 200 with a valid body or a 4xx, never a 5xx.',
        targets: ['custom-endpoint'],
        sources: ['OAS', 'REF'],
      },
      {
        id: 'CE-EVENT-07',
        group: 'CE-EVENT',
        title: 'Tolerant reading',
        level: 'MUST',
        check:
          'Unknown extra keys in the body and in `context.lpEvent`, the chat lpEvent shape, and presence or absence of `source` do not change a 200 outcome.',
        targets: ['custom-endpoint'],
        sources: ['CE-SI', 'REF'],
      },
      {
        id: 'CE-EVENT-08',
        group: 'CE-EVENT',
        title: 'Malformed events get 4xx',
        level: 'SHOULD',
        check:
          'Malformed bodies (invalid JSON, missing `context`, missing `data.message`, unknown `type`) get a 4xx, never a 5xx.',
        targets: ['custom-endpoint'],
        sources: ['OAS', 'REF'],
      },
      // BOT-REPLY
      {
        id: 'BOT-REPLY-01',
        group: 'BOT-REPLY',
        title: 'Reply not empty',
        level: 'MUST',
        check:
          'Every reply holds at least one message item (text, structured content, quick replies, private text or delay) or one supported action; otherwise the mock escalates with `…verify-ai-response.missing-action-and-messages`.',
        targets: ['custom-endpoint', 'faas'],
        sources: ['GS', 'ERR', 'FN-AF'],
      },
      {
        id: 'BOT-REPLY-02',
        group: 'BOT-REPLY',
        title: 'One action at most',
        level: 'MUST',
        check: 'A reply carries at most one action.',
        targets: ['custom-endpoint', 'faas'],
        sources: ['CE-BC', 'FN-BC', 'ERR'],
      },
      {
        id: 'BOT-REPLY-03',
        group: 'BOT-REPLY',
        title: 'Action name supported',
        level: 'MUST',
        check:
          "The action name is supported by the target's wire format in exact case (custom-endpoint: `TRANSFER`, `CLOSE_CONVERSATION`, `CHANGE_TTR`, `INVOKE_FUNCTION`; faas: `TRANSFER`, `CLOSE_CONVERSATION`, `CHANGE_TTR`, `INVOCATION`); an unsupported action beside messages is a warning (ignored), without messages it fails (`…no-messages-and-not-supported-action`).",
        targets: ['custom-endpoint', 'faas'],
        sources: ['OAS', 'FN-BC', 'FN-AF', 'CT', 'ERR'],
        features: ['transfer', 'close', 'ttr', 'invoke-function'],
      },
      {
        id: 'BOT-REPLY-04',
        group: 'BOT-REPLY',
        title: 'Transfer skill named',
        level: 'MUST',
        check:
          '`TRANSFER` carries a non-empty skill name (custom-endpoint `skillName`, faas `skill`) and optionally a non-empty string `agentId`; a custom-endpoint `agentId` without `skillName` passes with a warning.',
        targets: ['custom-endpoint', 'faas'],
        sources: ['CE-BC', 'FN-BC', 'OAS'],
        features: ['transfer'],
      },
      {
        id: 'BOT-REPLY-05',
        group: 'BOT-REPLY',
        title: 'Transfer skill exists',
        level: 'MUST',
        check:
          'The `TRANSFER` skill name exists on the mock account with exactly that case (else `…transfer-skill-not-existing`).',
        targets: ['custom-endpoint', 'faas'],
        sources: ['ERR', 'FN-BC'],
        features: ['transfer'],
      },
      {
        id: 'BOT-REPLY-06',
        group: 'BOT-REPLY',
        title: 'Close parameters',
        level: 'MUST',
        check: '`CLOSE_CONVERSATION` parameters, when present, hold only a boolean `withoutPcs`.',
        targets: ['custom-endpoint', 'faas'],
        sources: ['OAS', 'FN-BC'],
        features: ['close'],
      },
      {
        id: 'BOT-REPLY-07',
        group: 'BOT-REPLY',
        title: 'TTR type',
        level: 'MUST',
        check:
          '`CHANGE_TTR` `ttrType` is `URGENT`, `NORMAL` or `PRIORITIZED`; `CUSTOM` with a non-empty `value` and any use in a chat conversation pass with a warning.',
        targets: ['custom-endpoint', 'faas'],
        sources: ['FN-BC', 'OAS', 'PAPI'],
        features: ['ttr'],
      },
      {
        id: 'BOT-REPLY-08',
        group: 'BOT-REPLY',
        title: 'Function invocation parameters',
        level: 'MUST',
        check:
          '`INVOKE_FUNCTION` / `INVOCATION` has a UUID `lambdaUuid`, a boolean `failOnError` if present, and an object `payload` (a JSON-string payload, or a missing payload on custom-endpoint, passes with a warning).',
        targets: ['custom-endpoint', 'faas'],
        sources: ['OAS', 'FN-AF', 'CI'],
        features: ['invoke-function'],
      },
      {
        id: 'BOT-REPLY-09',
        group: 'BOT-REPLY',
        title: 'Delay item',
        level: 'MUST',
        check:
          'A delay item has a whole number of seconds ≥ 1 (custom-endpoint `seconds`, faas `delay`) and a boolean `typing` if present.',
        targets: ['custom-endpoint', 'faas'],
        sources: ['OAS', 'FN-AF'],
        features: ['delay'],
      },
      {
        id: 'BOT-REPLY-10',
        group: 'BOT-REPLY',
        title: 'Private text',
        level: 'MUST',
        check:
          'Private text has non-empty text and `messageAudience` exactly `AGENTS_AND_MANAGERS`; a custom-endpoint TEXT `messageAudience`, if present, is `ALL` or `AGENTS_AND_MANAGERS`.',
        targets: ['custom-endpoint', 'faas'],
        sources: ['CE-AF', 'FN-AF', 'OAS'],
        features: ['private-text'],
      },
      {
        id: 'BOT-REPLY-11',
        group: 'BOT-REPLY',
        title: 'Text not empty',
        level: 'SHOULD',
        check: 'Text messages are neither empty nor whitespace-only.',
        targets: ['custom-endpoint', 'faas', 'connector'],
        sources: ['DF-BC', 'POLICY'],
      },
      {
        id: 'BOT-REPLY-12',
        group: 'BOT-REPLY',
        title: 'Intent info well-formed',
        level: 'MUST',
        check:
          'Intent info is well-formed: custom-endpoint intents have an `id` without whitespace, a string `description` and `confidenceScore` in [0, 1]; faas `intentId` is a string ≤ 256 with `confidenceScore` in [0, 1] and `intentName` ≤ 256.',
        targets: ['custom-endpoint', 'faas'],
        sources: ['OAS', 'FN-BC'],
      },
      {
        id: 'BOT-REPLY-13',
        group: 'BOT-REPLY',
        title: 'Intent info present',
        level: 'SHOULD',
        check:
          'Replies carry intent info (custom-endpoint: ≥ 1 entry in `analytics.intents`; faas: `intentId` + `confidenceScore`).',
        targets: ['custom-endpoint', 'faas'],
        sources: ['GS', 'CE-BC', 'FN-BC'],
      },
      // BOT-SC
      {
        id: 'BOT-SC-01',
        group: 'BOT-SC',
        title: 'Rich content schema',
        level: 'MUST',
        check:
          'Every structured-content body (other than a quick-replies wrapper) validates against the json-pollock root schema.',
        targets: ['custom-endpoint', 'faas', 'connector'],
        sources: ['JP', 'CE-BC', 'FN-BC'],
        features: ['structured-content'],
      },
      {
        id: 'BOT-SC-02',
        group: 'BOT-SC',
        title: 'Rich content valid for channel',
        level: 'SHOULD',
        check:
          "Bodies and metadata validate with the rich-content validator for the run's channel (`validateBody`, `validateMetadata`; default channel `web`); metadata failures on `appleBusinessChat` are reported as INFO only.",
        targets: ['custom-endpoint', 'faas', 'connector'],
        sources: ['RCV', 'GS'],
        features: ['structured-content'],
      },
      {
        id: 'BOT-SC-03',
        group: 'BOT-SC',
        title: 'Quick replies in messaging only',
        level: 'MUST',
        check:
          'Quick replies are sent only in messaging conversations (in chat the mock escalates with `…verify-ai-response.quick-replies-not-supported`).',
        targets: ['custom-endpoint', 'faas'],
        sources: ['ERR', 'CE-BC', 'FN-BC'],
        features: ['quick-replies'],
        conversationTypes: ['chat'],
      },
      {
        id: 'BOT-SC-04',
        group: 'BOT-SC',
        title: 'Quick replies shape',
        level: 'MUST',
        check:
          'A quick-replies item has a non-empty string `message` and `quickReplies` with `type: "quickReplies"`, an integer `itemsPerRow` and a non-empty `replies` array (connector: a `ContentEvent` carrying `message` and `quickReplies`).',
        targets: ['custom-endpoint', 'faas', 'connector'],
        sources: ['CE-BC', 'FN-BC', 'SDK'],
        features: ['quick-replies'],
      },
      {
        id: 'BOT-SC-05',
        group: 'BOT-SC',
        title: 'Quick replies valid for channel',
        level: 'SHOULD',
        check:
          "The unwrapped `quickReplies` object validates with `validateQuickReply` for the run's channel.",
        targets: ['custom-endpoint', 'faas', 'connector'],
        sources: ['RCV'],
        features: ['quick-replies'],
      },
      {
        id: 'BOT-SC-06',
        group: 'BOT-SC',
        title: 'HTTPS images',
        level: 'MUST',
        check: 'Every image URL in structured content uses `https://`.',
        targets: ['custom-endpoint', 'faas', 'connector'],
        sources: ['CE-BC', 'FN-BC'],
        features: ['structured-content'],
      },
      {
        id: 'BOT-SC-07',
        group: 'BOT-SC',
        title: 'Allowed image hosts and HTTPS links',
        level: 'SHOULD',
        check:
          "Image hosts are on the run's allow-list (exact host, no wildcards) and link URIs use `https://`.",
        targets: ['custom-endpoint', 'faas', 'connector'],
        sources: ['CE-BC', 'FN-BC'],
        features: ['structured-content'],
      },
      {
        id: 'BOT-SC-08',
        group: 'BOT-SC',
        title: 'Structured content size',
        level: 'SHOULD',
        check: 'Each serialized structured-content body is ≤ 15000 bytes.',
        targets: ['custom-endpoint', 'faas', 'connector'],
        sources: ['PAPI'],
        features: ['structured-content'],
      },
      {
        id: 'BOT-SC-09',
        group: 'BOT-SC',
        title: 'Metadata shape',
        level: 'MUST',
        check:
          '`metadata` is an array of objects, each with a non-empty string `type` (a single object passes with a warning).',
        targets: ['custom-endpoint', 'faas', 'connector'],
        sources: ['CE-BC', 'FN-BC', 'SDK'],
        features: ['structured-content'],
      },
      {
        id: 'BOT-SC-10',
        group: 'BOT-SC',
        title: 'Encoded metadata valid',
        level: 'MUST',
        check: '`encodedMetadata` is valid base64 and ≤ 5000 characters.',
        targets: ['custom-endpoint', 'faas', 'connector'],
        sources: ['CE-AF', 'FN-AF'],
        features: ['encoded-metadata'],
      },
      {
        id: 'BOT-SC-11',
        group: 'BOT-SC',
        title: 'No encoded metadata in chat',
        level: 'SHOULD',
        check: '`encodedMetadata` is not sent in chat conversations.',
        targets: ['custom-endpoint', 'faas'],
        sources: ['CE-AF', 'FN-AF'],
        features: ['encoded-metadata'],
        conversationTypes: ['chat'],
      },
      // FLOW
      {
        id: 'FLOW-01',
        group: 'FLOW',
        title: 'Bot starts',
        level: 'MUST',
        check:
          'Test Connection and bot start pass: custom-endpoint: token then E2 `online`; faas: a test invocation returns a body within 30 s.',
        targets: ['custom-endpoint', 'faas'],
        sources: ['CE-SI', 'CE-INTRO', 'ERR'],
      },
      {
        id: 'FLOW-02',
        group: 'FLOW',
        title: 'Reply order',
        level: 'MUST',
        check:
          "The consumer receives each reply's messages in reply order before the reply's action takes effect; for custom-endpoint, no POST after the conversation's successful PUT gets 404.",
        targets: ['custom-endpoint', 'faas'],
        sources: ['CE-SI', 'FN-BC'],
      },
      {
        id: 'FLOW-03',
        group: 'FLOW',
        title: 'Chat welcome answered',
        level: 'MUST',
        check:
          'In a chat conversation the welcome event is answered with at least one consumer-visible message.',
        targets: ['custom-endpoint', 'faas'],
        sources: ['CI', 'FN-BC', 'BT'],
        conversationTypes: ['chat'],
      },
      {
        id: 'FLOW-04',
        group: 'FLOW',
        title: 'Welcome on transfer answered',
        level: 'SHOULD',
        check:
          'In messaging with "Welcome Message" enabled, the welcome-on-transfer event, with and without `lastConsumerMessage`, is answered without error escalation.',
        targets: ['custom-endpoint', 'faas'],
        sources: ['FN-AF', 'REF', 'BT'],
        conversationTypes: ['messaging'],
      },
      {
        id: 'FLOW-05',
        group: 'FLOW',
        title: 'Consumer content answered',
        level: 'MUST',
        check:
          'Consumer rich content (messaging) and consumer files are answered without error escalation (custom-endpoint/faas: RICH_CONTENT or the `…send-rich-content` identifier, the `…send-file` identifier; connector: RichContentEvent and hosted-file ContentEvent).',
        targets: ['custom-endpoint', 'faas', 'connector'],
        sources: ['GS', 'CE-AF', 'FN-AF'],
        conversationTypes: ['messaging'],
      },
      {
        id: 'FLOW-06',
        group: 'FLOW',
        title: 'Transfer',
        level: 'MUST',
        check:
          'A declared transfer trigger moves the conversation to the declared skill (and agent, when declared) and the bot stops being its assigned agent.',
        targets: ['custom-endpoint', 'faas', 'connector'],
        sources: ['CE-BC', 'FN-BC', 'SDK'],
        features: ['transfer'],
      },
      {
        id: 'FLOW-07',
        group: 'FLOW',
        title: 'Close',
        level: 'MUST',
        check:
          'A declared close trigger closes the conversation; a post-conversation survey dialog opens unless `withoutPcs: true` (connector: `DialogChange` vs `ConversationStateField`).',
        targets: ['custom-endpoint', 'faas', 'connector'],
        sources: ['CE-BC', 'FN-BC', 'SDK'],
        features: ['close'],
      },
      {
        id: 'FLOW-08',
        group: 'FLOW',
        title: 'TTR change',
        level: 'SHOULD',
        check:
          "A declared TTR trigger sets the conversation's TTR to the requested type (messaging).",
        targets: ['custom-endpoint', 'faas', 'connector'],
        sources: ['CE-BC', 'FN-BC'],
        features: ['ttr'],
        conversationTypes: ['messaging'],
      },
      {
        id: 'FLOW-09',
        group: 'FLOW',
        title: '404 recovery',
        level: 'MUST',
        check:
          '404 recovery: when the mock skips the PUT of a conversation, the POST gets 404, the mock re-sends PUT and POST once, and the repeated POST gets 200.',
        targets: ['custom-endpoint'],
        sources: ['CE-SI'],
      },
      {
        id: 'FLOW-10',
        group: 'FLOW',
        title: 'No error escalation',
        level: 'MUST',
        check:
          'No scripted turn is error-escalated by the mock — in particular no reply is empty or holds only unsupported actions (`…missing-action-and-messages`, `…no-messages-and-not-supported-action`), and none triggers `…quick-replies-not-supported`, `…send-message`, `…transfer-skill-not-existing`, `…aivendor.faas.*` or a mock CE code; every escalation is recorded with its code, the configured customer and agent messages and the transfer to the default escalation skill.',
        targets: ['custom-endpoint', 'faas'],
        sources: ['GS', 'ERR', 'BC-GS'],
      },
      {
        id: 'FLOW-11',
        group: 'FLOW',
        title: 'Retried event answered',
        level: 'SHOULD',
        check:
          "When the mock's fault proxy discards the first response to an event (simulated timeout or 5xx), the identical retried request gets 200 (no 5xx, no 409).",
        targets: ['custom-endpoint'],
        sources: ['CE-SI', 'RETRY'],
      },
      {
        id: 'FLOW-12',
        group: 'FLOW',
        title: 'Vendor interruption recovery',
        level: 'SHOULD',
        check:
          'Vendor interruption: while the candidate is unreachable the mock escalates new conversations without calling it; once reachable, the next conversation is served normally without restarting the candidate.',
        targets: ['custom-endpoint', 'faas'],
        sources: ['GS', 'BSD'],
      },
      // LIMIT
      {
        id: 'LIMIT-01',
        group: 'LIMIT',
        title: '999 conversations served',
        level: 'MUST',
        check:
          'With 999 conversations open on one bot, every event of every conversation gets a valid reply within the platform timeout (60 s custom-endpoint, 30 s faas, reply timeout for connectors) and none is error-escalated.',
        targets: ['custom-endpoint', 'faas', 'connector'],
        sources: ['GS', 'ERR'],
      },
      {
        id: 'LIMIT-02',
        group: 'LIMIT',
        title: 'Conversation 1000 escalated',
        level: 'MUST',
        check:
          'Conversation #1000 is error-escalated by the mock with `…conversation-limit-checker.max-conv-limit-reached` and the candidate receives no call for it.',
        targets: ['custom-endpoint', 'faas'],
        sources: ['GS', 'ERR'],
      },
      {
        id: 'LIMIT-03',
        group: 'LIMIT',
        title: 'Served at the cap',
        level: 'MUST',
        check:
          'While #1000 is escalated, the 999 open conversations keep being answered as in LIMIT-01.',
        targets: ['custom-endpoint', 'faas'],
        sources: ['GS', 'ERR'],
      },
      {
        id: 'LIMIT-04',
        group: 'LIMIT',
        title: 'Cap counts open conversations',
        level: 'MUST',
        check:
          'After one of the 999 conversations closes, a new conversation is accepted and served normally (the cap counts open conversations).',
        targets: ['custom-endpoint', 'faas'],
        sources: ['ERR'],
      },
      {
        id: 'LIMIT-05',
        group: 'LIMIT',
        title: 'Latency at recommended load',
        level: 'SHOULD',
        check:
          'At 250 concurrent open conversations (the recommended load per bot) p95 reply latency is ≤ 5 s (configurable) and no event fails.',
        targets: ['custom-endpoint', 'faas', 'connector'],
        sources: ['GS', 'POLICY'],
      },
      {
        id: 'LIMIT-06',
        group: 'LIMIT',
        title: 'Capacity measurements',
        level: 'INFO',
        check:
          'p50/p95/p99/max latency and error and timeout counts at 250 and at 999 concurrent conversations are reported.',
        targets: ['custom-endpoint', 'faas', 'connector'],
        sources: ['GS'],
      },
      // FAAS
      {
        id: 'FAAS-01',
        group: 'FAAS',
        title: 'Invocation answered',
        level: 'MUST',
        check:
          'For a well-formed invocation (`{timestamp, headers, payload:{message, convId, context:{lpEvent, lpSdes?}, event?}}`) the function calls back with a non-null object (no body → `…aivendor.faas.missing-response-body`).',
        targets: ['faas'],
        sources: ['CI', 'FN-AF', 'ERR', 'FAAS-UG'],
      },
      {
        id: 'FAAS-02',
        group: 'FAAS',
        title: 'Invocation within 30 s',
        level: 'MUST',
        check: 'Every invocation completes within 30 s (else `…aivendor.faas.invoke-lambda`).',
        targets: ['faas'],
        sources: ['ERR'],
      },
      {
        id: 'FAAS-03',
        group: 'FAAS',
        title: 'Invocation within 1 s',
        level: 'SHOULD',
        check: 'Every invocation completes within 1 s.',
        targets: ['faas'],
        sources: ['FN-INTRO', 'CI'],
      },
      {
        id: 'FAAS-04',
        group: 'FAAS',
        title: 'Output shape',
        level: 'MUST',
        check:
          'The output holds only `messages` (array of: string, `{structuredContent, metadata?, encodedMetadata?}`, `{delay, typing?}`, `{text, messageAudience}`) and `context` (object); any other item shape fails.',
        targets: ['faas'],
        sources: ['CI', 'FN-BC', 'FN-AF'],
      },
      {
        id: 'FAAS-05',
        group: 'FAAS',
        title: 'Function action names',
        level: 'MUST',
        check:
          'Actions are given as `context.action` plus `context.actionParameters` with faas names (`INVOCATION`, `skill`); custom-endpoint names (`INVOKE_FUNCTION`, `skillName`) or a top-level `action` count as unsupported.',
        targets: ['faas'],
        sources: ['CI', 'FN-BC'],
      },
      {
        id: 'FAAS-06',
        group: 'FAAS',
        title: 'Function chat welcome answered',
        level: 'MUST',
        check:
          'A chat welcome invocation (`event.name` set, empty `message`) is answered with ≥ 1 message.',
        targets: ['faas'],
        sources: ['CI', 'FN-BC'],
        conversationTypes: ['chat'],
      },
      {
        id: 'FAAS-07',
        group: 'FAAS',
        title: 'Legacy structured content',
        level: 'SHOULD',
        check:
          'A legacy single structured content in `context.structuredContent` (+ `context.metadata`) is accepted with a warning (it is rendered after all `messages`).',
        targets: ['faas'],
        sources: ['CI', 'FN-BC'],
      },
      {
        id: 'FAAS-08',
        group: 'FAAS',
        title: 'No error callback',
        level: 'MUST',
        check:
          'The function never calls back with an error for a well-formed invocation (an error is a failed invocation and escalates).',
        targets: ['faas'],
        sources: ['ERR', 'CI'],
      },
      {
        id: 'FAAS-09',
        group: 'FAAS',
        title: 'Tolerant input',
        level: 'MUST',
        check:
          'Invocations without `context.lpSdes`, with an empty `message`, or with unknown keys in `lpEvent` are answered without error.',
        targets: ['faas'],
        sources: ['FN-AF', 'BT'],
      },
      // UMS
      {
        id: 'UMS-01',
        group: 'UMS',
        title: 'Hosts from CSDS',
        level: 'MUST',
        check:
          'The connector reaches login/refresh and the socket only through hosts returned by the mock CSDS (`agentVep`; `asyncMessagingEnt` or `facadeMsg`), i.e. it connects fully when every CSDS entry points at the mock and all other hosts are unreachable.',
        targets: ['connector'],
        sources: ['DOMAIN', 'SDK'],
      },
      {
        id: 'UMS-02',
        group: 'UMS',
        title: 'Login and brand socket',
        level: 'MUST',
        check:
          'The connector authenticates by agentVep login (password, API-key or SAML body) or a pre-issued bearer, and opens `wss://{host}/ws_api/account/{accountId}/messaging/brand/{bearer}` with `v=2` or `v=2.1`.',
        targets: ['connector'],
        sources: ['LOGIN', 'SDK'],
      },
      {
        id: 'UMS-03',
        group: 'UMS',
        title: 'Online and subscribed',
        level: 'MUST',
        check:
          'Within 10 s of the socket opening (configurable) it sets `availability: "ONLINE"` with SetAgentState and subscribes (SubscribeExConversations with `convState` containing `OPEN` and/or SubscribeRoutingTasks).',
        targets: ['connector'],
        sources: ['SDK', 'AGENT-API'],
      },
      {
        id: 'UMS-04',
        group: 'UMS',
        title: 'Rings accepted',
        level: 'MUST',
        check:
          'When routing tasks are used, a WAITING ring is accepted with UpdateRingState `ACCEPTED` for that `ringId` before `ringExpiration`.',
        targets: ['connector'],
        sources: ['SDK', 'AGENT-API'],
      },
      {
        id: 'UMS-05',
        group: 'UMS',
        title: 'Publishes in owned conversations',
        level: 'MUST',
        check:
          'It publishes only into conversations where it is an active participant (assigned through a ring or added with ParticipantsChange ADD); other publishes get 403 from the mock and fail the rule.',
        targets: ['connector'],
        sources: ['SDK', 'AGENT-API'],
      },
      {
        id: 'UMS-06',
        group: 'UMS',
        title: 'Replies in time',
        level: 'MUST',
        check:
          'Every consumer text message in a conversation it owns is answered with at least one PublishEvent within the reply timeout (30 s, configurable).',
        targets: ['connector'],
        sources: ['POLICY', 'GS'],
      },
      {
        id: 'UMS-07',
        group: 'UMS',
        title: 'PublishEvent shape',
        level: 'MUST',
        check:
          'PublishEvent bodies are `{dialogId, event}` with a valid event (`ContentEvent` `text/plain` with a non-empty string `message` and optional `quickReplies`, `RichContentEvent` with `content`, `AcceptStatusEvent`, `ChatStateEvent`); structured-content metadata travels in the envelope `metadata` array; private text uses `messageAudience: "AGENTS_AND_MANAGERS"`.',
        targets: ['connector'],
        sources: ['SDK', 'AGENT-API'],
      },
      {
        id: 'UMS-08',
        group: 'UMS',
        title: 'No echo',
        level: 'MUST',
        check:
          'It does not answer events it originated (no echo loop): events whose originator is its own PId or old id get no reply.',
        targets: ['connector'],
        sources: ['SDK'],
      },
      {
        id: 'UMS-09',
        group: 'UMS',
        title: 'Transfer fields',
        level: 'MUST',
        check:
          "Transfers use one UpdateConversationField with an array `conversationField`: to a skill `ParticipantsChange REMOVE ASSIGNED_AGENT` + `Skill UPDATE <skillId>`; to an agent additionally `ParticipantsChange SUGGEST` role `ASSIGNED_AGENT` with the agent's `{accountId}.{userId}`.",
        targets: ['connector'],
        sources: ['SDK', 'AGENT-API'],
        features: ['transfer'],
      },
      {
        id: 'UMS-10',
        group: 'UMS',
        title: 'Close fields',
        level: 'MUST',
        check:
          'Closes use `ConversationStateField` `CLOSE` or `DialogChange` `UPDATE` closing the main dialog (`dialogId` = `convId`); after a close or transfer it publishes nothing more into that conversation.',
        targets: ['connector'],
        sources: ['SDK', 'ERR'],
        features: ['transfer', 'close'],
      },
      {
        id: 'UMS-11',
        group: 'UMS',
        title: 'Single session',
        level: 'MUST',
        check: 'It never holds more than one authenticated session per bot user at a time.',
        targets: ['connector'],
        sources: ['GS'],
      },
      {
        id: 'UMS-12',
        group: 'UMS',
        title: 'Reconnects',
        level: 'MUST',
        check:
          'After the mock closes the socket (1006, 1011, and 4401 with the bearer revoked) it reconnects — logging in again after 4401/4407 — re-subscribes, restores ONLINE and answers again within 60 s, waiting longer between successive failed attempts.',
        targets: ['connector'],
        sources: ['SDK', 'RETRY'],
      },
      {
        id: 'UMS-13',
        group: 'UMS',
        title: 'Session kept alive',
        level: 'MUST',
        check:
          'It stays authenticated beyond the session TTL the mock issues: it refreshes (`{csrf}` + session cookie) before expiry, or logs in again after a refresh answered 401.',
        targets: ['connector'],
        sources: ['LOGIN', 'SDK'],
      },
      {
        id: 'UMS-14',
        group: 'UMS',
        title: 'Socket kept alive',
        level: 'SHOULD',
        check:
          'It keeps the socket alive with `.GetClock` at least every 60 s (30 s recommended) or with websocket pings.',
        targets: ['connector'],
        sources: ['RETRY', 'SDK'],
      },
      // SEC
      {
        id: 'SEC-01',
        group: 'SEC',
        title: 'Missing token refused',
        level: 'MUST',
        check: 'A request without `Authorization` is rejected: 401 (403 warning).',
        targets: ['custom-endpoint'],
        sources: ['OAS', 'REF'],
      },
      {
        id: 'SEC-02',
        group: 'SEC',
        title: 'Malformed token refused',
        level: 'MUST',
        check:
          'Malformed credentials (empty bearer, non-JWT string, two-segment token, undecodable base64url) are rejected: 401 (400 warning).',
        targets: ['custom-endpoint'],
        sources: ['OAS', 'REF'],
      },
      {
        id: 'SEC-03',
        group: 'SEC',
        title: 'Bad signature refused',
        level: 'MUST',
        check:
          'A token signed by a different RSA key, or whose header or payload was changed after signing, is rejected with 401.',
        targets: ['custom-endpoint'],
        sources: ['REF', 'RFC'],
      },
      {
        id: 'SEC-04',
        group: 'SEC',
        title: 'Wrong issuer refused',
        level: 'MUST',
        check: 'A token whose `iss` is not `Sentinel` is rejected with 401.',
        targets: ['custom-endpoint'],
        sources: ['REF', 'OAUTH'],
      },
      {
        id: 'SEC-05',
        group: 'SEC',
        title: 'Expired token refused',
        level: 'MUST',
        check: 'A token whose `exp` lies in the past (more than 60 s) is rejected with 401.',
        targets: ['custom-endpoint'],
        sources: ['REF', 'RFC'],
      },
      {
        id: 'SEC-06',
        group: 'SEC',
        title: 'Not-yet-valid token refused',
        level: 'MUST',
        check: 'A token whose `nbf` lies in the future (more than 60 s) is rejected with 401.',
        targets: ['custom-endpoint'],
        sources: ['RFC'],
      },
      {
        id: 'SEC-07',
        group: 'SEC',
        title: 'Unsigned token refused',
        level: 'MUST',
        check: 'An unsigned token (`alg: "none"`, empty signature) is rejected with 401.',
        targets: ['custom-endpoint'],
        sources: ['REF', 'RFC'],
      },
      {
        id: 'SEC-08',
        group: 'SEC',
        title: 'Algorithm confusion refused',
        level: 'MUST',
        check:
          'A token with `alg: "HS256"` keyed with the Sentinel RSA public key (key confusion), or with any algorithm other than RS256, is rejected with 401.',
        targets: ['custom-endpoint'],
        sources: ['REF', 'RFC'],
      },
      {
        id: 'SEC-09',
        group: 'SEC',
        title: 'Foreign key refused',
        level: 'MUST',
        check:
          'A token with an unknown `kid`, or carrying its own key or key location (`jwk`, `jku`, `x5u` headers), signed by a key the mock does not publish, is rejected with 401.',
        targets: ['custom-endpoint'],
        sources: ['OAUTH', 'RFC'],
      },
      {
        id: 'SEC-10',
        group: 'SEC',
        title: 'Wrong scope refused',
        level: 'SHOULD',
        check:
          'A token without `scope`, or with a scope other than the Custom Endpoint scopes (e.g. `msg.consumer`), is rejected with 401.',
        targets: ['custom-endpoint'],
        sources: ['REF', 'CE-INTRO'],
      },
      {
        id: 'SEC-11',
        group: 'SEC',
        title: 'Deprecated scope accepted',
        level: 'SHOULD',
        check: 'A token with the deprecated scope `ihub.tpb.customendpoint` is accepted.',
        targets: ['custom-endpoint'],
        sources: ['REF', 'CE-INTRO'],
      },
      {
        id: 'SEC-12',
        group: 'SEC',
        title: 'No secrets in errors',
        level: 'MUST',
        check: 'No error response echoes the bearer token, a client secret or key material.',
        targets: ['custom-endpoint'],
        sources: ['OWASP'],
      },
      {
        id: 'SEC-13',
        group: 'SEC',
        title: 'No stack traces in errors',
        level: 'SHOULD',
        check: 'No error response contains a stack trace or a server file path.',
        targets: ['custom-endpoint'],
        sources: ['OWASP', 'REF'],
      },
      {
        id: 'SEC-14',
        group: 'SEC',
        title: 'Scheme word handling',
        level: 'INFO',
        check:
          'Reports how the scheme word is handled: lower-case `bearer` (expected to be accepted) and other words such as `Basic <valid JWT>`.',
        targets: ['custom-endpoint'],
        sources: ['RFC', 'REF'],
      },
    ] satisfies Omit<Rule, 'docs'>[]
  ).map(withDocs),
);

const byId: ReadonlyMap<string, Rule> = new Map(rules.map((rule) => [rule.id, rule]));

/** The rule with this exact ID, or `undefined`. */
export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}

/** The rules of one group, in catalogue order. */
export function rulesInGroup(group: RuleGroup): Rule[] {
  return rules.filter((rule) => rule.group === group);
}

/**
 * The rules whose ID matches at least one pattern, in catalogue order and each once. A pattern is
 * an ID in which `*` stands for any run of characters (including none); matching is
 * case-sensitive and covers the whole ID. No patterns match no rules.
 * @example matchRules(['CE-*', 'SEC-0*', 'BOT-SC-06'])
 */
export function matchRules(patterns: readonly string[]): Rule[] {
  const matchers = patterns.map(patternToRegExp);
  return rules.filter((rule) => matchers.some((matcher) => matcher.test(rule.id)));
}

function patternToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'u');
}
