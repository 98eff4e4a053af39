import { type EvidenceHeaders, type Report, validate } from '../schemas/index.ts';
import type {
  PactContract,
  PactInteraction,
  PactMatcher,
  PactMatcherList,
  PactMatchingRules,
  PactProviderState,
  PactRequest,
} from './pact-contract.ts';
import { type ContractExchange, contractExchanges } from './pact-exchanges.ts';
import { type PreparedReport, prepareInput, prepareReport } from './prepare-report.ts';
import { ReportError } from './report-error.ts';
import type { ReportInput } from './report-input.ts';
import type { Reporter } from './reporter.ts';

/** The consumer of every contract: the platform that calls the bot. */
export const pactConsumerName = 'LivePerson-Third-Party-Bots';

/**
 * Provider states the interactions name. Each carries `params`: `convId`, and for
 * `conversationExists` the `conversationType` to create it with when the run saw it.
 */
export const pactProviderStates = {
  conversationExists: 'conversation exists',
  conversationAbsent: 'conversation does not exist',
} as const;

/** Stands in for the Sentinel bearer, which no report holds; the header is matched by regex. */
export const pactBearerExample = 'Bearer sentinel-access-token';

const requestHeaderNames: Record<string, string> = {
  accept: 'Accept',
  'content-type': 'Content-Type',
};

const rules = (...matchers: PactMatcher[]): PactMatcherList => ({ matchers, combine: 'AND' });
const byType = (): PactMatcherList => rules({ match: 'type' });
const byRegex = (regex: string): PactMatcherList => rules({ match: 'regex', regex });

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A JSON content type matched on its media type, whatever its parameters. */
function contentType(headers: EvidenceHeaders): { value: string; rule?: PactMatcherList } | null {
  const value = headers['content-type'];
  if (value === undefined) return null;
  return /^application\/json\b/i.test(value)
    ? { value, rule: byRegex('^application/json(;.*)?$') }
    : { value };
}

function requestOf(exchange: ContractExchange): PactInteraction['request'] {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(exchange.request.headers)) {
    const canonical = requestHeaderNames[name];
    if (canonical && value !== undefined) headers[canonical] = value;
  }
  headers.Authorization = pactBearerExample;
  const matchingRules: PactMatchingRules = {
    header: { Authorization: byRegex('^Bearer .+$') },
  };
  const conversationPath = `^${escapeRegex(exchange.environmentPath)}/conversations/[^/]+`;
  if (exchange.route === 'conversation') matchingRules.path = byRegex(`${conversationPath}$`);
  if (exchange.route === 'event') {
    matchingRules.path = byRegex(`${conversationPath}/events$`);
    // lpEvent is raw platform data and the consumer's words vary: their shape is the contract.
    matchingRules.body = {
      '$.context.lpEvent': byType(),
      ...(exchange.eventType === 'TEXT' ? { '$.data.message': byType() } : {}),
    };
  }
  return {
    // Only GET, PUT and POST exchanges are picked; the schema check before writing holds us to it.
    method: exchange.request.method as PactRequest['method'],
    path: exchange.path,
    ...(exchange.query ? { query: exchange.query } : {}),
    headers,
    ...(exchange.request.body === undefined ? {} : { body: exchange.request.body }),
    matchingRules,
  };
}

function responseOf(exchange: ContractExchange): PactInteraction['response'] {
  const { response } = exchange;
  // A body's media type is part of the contract; an empty answer's header is not.
  const type = response.body === undefined ? null : contentType(response.headers);
  const body: Record<string, PactMatcherList> = {};
  if (response.body !== undefined) {
    // Bot replies vary from run to run and bot to bot: their shape is the contract, not the text.
    body.$ = byType();
    if (exchange.route === 'state') body['$.state'] = byRegex('^online$');
  }
  const matchingRules: PactMatchingRules = {
    ...(type?.rule ? { header: { 'Content-Type': type.rule } } : {}),
    ...(Object.keys(body).length > 0 ? { body } : {}),
  };
  return {
    status: response.status,
    ...(type ? { headers: { 'Content-Type': type.value } } : {}),
    ...(response.body === undefined ? {} : { body: response.body }),
    ...(Object.keys(matchingRules).length > 0 ? { matchingRules } : {}),
  };
}

function interactionHead(exchange: ContractExchange): {
  description: string;
  providerStates?: PactProviderState[];
} {
  const convId = exchange.convId ?? '';
  switch (exchange.route) {
    case 'state':
      return { description: 'a state check of the bot' };
    case 'conversation':
      return {
        description: `a request to create a ${exchange.conversationType} conversation`,
        providerStates: [{ name: pactProviderStates.conversationAbsent, params: { convId } }],
      };
    case 'event':
      return {
        description: `a ${exchange.eventType} event for a created conversation`,
        providerStates: [
          {
            name: pactProviderStates.conversationExists,
            params: {
              convId,
              ...(exchange.conversationType ? { conversationType: exchange.conversationType } : {}),
            },
          },
        ],
      };
  }
}

/**
 * The Pact contract (specification V3) of a Custom Endpoint run: consumer
 * `LivePerson-Third-Party-Bots`, provider the bot id, and one interaction per distinct exchange
 * the platform had with the bot (E2 state, E3 per conversation type, E4 TEXT and START), taken
 * from the report's HTTP evidence. Undefined for other targets, or when no exchange qualifies.
 *
 * @see https://github.com/pact-foundation/pact-specification/tree/version-3
 */
export function buildPactContract(input: ReportInput): PactContract | undefined {
  return contractOf(prepareReport(input.report));
}

/** `buildPactContract` of a prepared report. */
function contractOf(report: Report): PactContract | undefined {
  if (report.target.kind !== 'custom-endpoint') return undefined;
  const exchanges = contractExchanges(report);
  if (exchanges.length === 0) return undefined;
  return {
    consumer: { name: pactConsumerName },
    provider: { name: report.target.botId },
    interactions: exchanges.map((exchange) => ({
      ...interactionHead(exchange),
      request: requestOf(exchange),
      response: responseOf(exchange),
    })),
    metadata: {
      pactSpecification: { version: '3.0.0' },
      'tpb-conformance': { version: report.tool.version },
    },
  };
}

/**
 * pact.json: `buildPactContract` as JSON, or undefined when the run has no contract to give
 * (not a Custom Endpoint, or no well-formed exchange in the evidence).
 */
function renderPact({ report }: PreparedReport): string | undefined {
  const contract = contractOf(report);
  if (!contract) return undefined;
  const checked = validate('pact-contract', contract);
  if (!checked.ok) {
    throw new ReportError(
      'TPB_REPORT_INVALID',
      `Failed to write pact.json: the contract does not match schemas/pact-contract.schema.json (${checked.issues.map((issue) => issue.message).join('; ')}). This is a bug in tpb-conformance; please report it.`,
      checked.issues,
    );
  }
  return `${JSON.stringify(contract, null, 2)}\n`;
}

export const pactReporter = { fileName: 'pact.json', render: renderPact } satisfies Reporter;

/**
 * pact.json of a report not yet prepared (`pactReporter` renders a prepared one).
 *
 * @example
 * const pact = renderPactContract({ report });
 * if (pact !== undefined) await writeFile('tpb-report/pact.json', pact);
 */
export function renderPactContract(input: ReportInput): string | undefined {
  return renderPact(prepareInput(input));
}
