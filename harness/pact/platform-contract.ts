import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { MatchersV3, PactV4, type V3MockServer } from '@pact-foundation/pact';
import {
  type ConversationInfo,
  CustomEndpointClient,
  CustomEndpointVendor,
  type VendorEvent,
} from '../../mocks/index.ts';
import { type PactContract, validate } from '../../schemas/index.ts';
import { HarnessError } from '../harness-error.ts';
import { toolVersion } from '../tool-version.ts';
import { providerStates } from './provider-states.ts';

const { eachLike, fromProviderState, integer, like, matchStatus, regex, string } = MatchersV3;

/** The consumer of every contract: the platform that calls the bot. */
export const pactConsumerName = 'LivePerson-Third-Party-Bots';

/**
 * The bot and environment in the contract's example paths. Paths are matched by regex, so any
 * bot id and environment satisfy the contract; `pact verify` sends the candidate's own.
 */
const contractBot = { botId: 'tpb-example-bot', environment: 'draft' } as const;

const exampleConvId = 'a1b2c3d4-0000-4000-8000-00000000c0de';
const botPath = `/v1/bots/${contractBot.botId}/environments/${contractBot.environment}`;
const bearer = regex('^Bearer .+$', 'Bearer sentinel-access-token');
const jsonType = regex('^application/json(;.*)?$', 'application/json');

/** The conversation path, with the id the provider state hands back (or the example). */
const conversationPath = (suffix = '') =>
  fromProviderState(
    `${botPath}/conversations/\${convId}${suffix}`,
    `${botPath}/conversations/${exampleConvId}${suffix}`,
  );

const conversation: ConversationInfo = {
  conversationId: exampleConvId,
  channel: 'messaging',
  skillId: '1234567',
  consumerId: 'c0n5umer-0000-4000-8000-000000000001',
  engagementId: 1,
};

/** A messaging ContentEvent as the connector passes it through (custom-endpoint.md §6.2). */
const lpEvent = (event: Record<string, unknown>) => ({
  sequence: 1,
  serverTimestamp: 1_767_225_600_000,
  event,
  conversationId: exampleConvId,
  dialogId: exampleConvId,
  metadata: [],
  messageAudience: 'ALL',
  originatorId: conversation.consumerId,
});
const textLpEvent = lpEvent({ type: 'ContentEvent', message: 'Hi', contentType: 'text/plain' });
const mapContent = { type: 'map', la: 52.52, lo: 13.4 };

/**
 * What the platform needs from an event reply (§6.3): a non-empty `response` whose items have a
 * known upper-case type and a data object, and an `analytics` object. The text is the bot's own.
 */
const replyBody = {
  response: eachLike({
    type: regex('^(TEXT|STRUCTURED_CONTENT|DELAY|ACTION)$', 'TEXT'),
    // Any data object: what it must hold depends on the item type, which the engine checks.
    data: like({}),
  }),
  analytics: like({}),
};

const eventRequest =
  (body: unknown) =>
  (builder: {
    headers(headers: Record<string, unknown>): unknown;
    jsonBody(body: unknown): unknown;
  }) => {
    builder.headers({ Authorization: bearer, 'Content-Type': jsonType });
    builder.jsonBody(body);
  };

/**
 * Every interaction of the contract, by description, with the catalogue rule it carries: a
 * verification's findings are reported under these rules (docs/rules.md).
 */
export const contractInteractions = {
  state: { description: 'a state check of the bot', ruleId: 'CE-STATE-02' },
  create: { description: 'a request to create a MESSAGING conversation', ruleId: 'CE-CONV-01' },
  text: { description: 'a TEXT event from the consumer', ruleId: 'CE-EVENT-02' },
  start: { description: 'a START event that opens the conversation', ruleId: 'CE-EVENT-05' },
  startWithLast: {
    description: "a START event carrying the consumer's last message",
    ruleId: 'CE-EVENT-05',
  },
  richContent: { description: 'a RICH_CONTENT event from the consumer', ruleId: 'CE-EVENT-04' },
  unknownConversation: {
    description: 'an event for a conversation that was never created',
    ruleId: 'CE-EVENT-01',
  },
  noToken: { description: 'a state check without a token', ruleId: 'SEC-01' },
} as const;

const eventBodies: { description: string; event: VendorEvent; body: unknown }[] = [
  {
    description: contractInteractions.text.description,
    event: { kind: 'text', text: 'Hi', lpEvent: textLpEvent },
    body: {
      type: 'TEXT',
      source: 'CONSUMER',
      data: { message: string('Hi') },
      context: { lpEvent: like(textLpEvent) },
    },
  },
  {
    description: contractInteractions.start.description,
    event: { kind: 'welcome', lpEvent: textLpEvent },
    body: {
      type: 'START',
      source: 'CONVERSATION',
      data: {},
      context: { lpEvent: like(textLpEvent) },
    },
  },
  {
    description: contractInteractions.startWithLast.description,
    event: { kind: 'welcome', lastConsumerMessage: 'I need help', lpEvent: textLpEvent },
    body: {
      type: 'START',
      source: 'CONVERSATION',
      data: {},
      context: { lpEvent: like({ ...textLpEvent, lastConsumerMessage: 'I need help' }) },
    },
  },
  {
    description: contractInteractions.richContent.description,
    event: {
      kind: 'rich-content',
      content: mapContent,
      lpEvent: lpEvent({ type: 'RichContentEvent', content: mapContent }),
    },
    body: {
      type: 'RICH_CONTENT',
      source: 'CONSUMER',
      data: { content: like(mapContent) },
      context: { lpEvent: like(lpEvent({ type: 'RichContentEvent', content: mapContent })) },
    },
  },
];

/** Our engine's caller, pointed at Pact's mock server: one attempt, no pause. */
function platformClient(mockServer: V3MockServer, token = 'sentinel-access-token') {
  return new CustomEndpointClient({
    baseUrl: mockServer.url,
    ...contractBot,
    tokens: { token: async () => token },
    requestTimeoutMs: 10_000,
    maxAttempts: 1,
    retryPausesMs: [0],
  });
}

/** Runs `call` on a fresh client and closes it; throws when the caller did not get `want`. */
async function drive(
  mockServer: V3MockServer,
  call: (
    client: CustomEndpointClient,
  ) => Promise<{ ok: boolean; detail?: string; reason?: string }>,
  want: 'ok' | string,
  token?: string,
): Promise<void> {
  const client = platformClient(mockServer, token);
  try {
    const outcome = await call(client);
    const got = outcome.ok ? 'ok' : (outcome.reason ?? 'failed');
    if (got !== want) {
      throw new Error(`the caller got ${got}, expected ${want}: ${outcome.detail ?? ''}`);
    }
  } finally {
    await client.close();
  }
}

/** Records every interaction of the platform's contract on `pact`, each driven by our caller. */
async function recordInteractions(pact: PactV4): Promise<void> {
  await pact
    .addInteraction()
    .uponReceiving(contractInteractions.state.description)
    .withRequest(
      'GET',
      regex(`^/v1/bots/[A-Za-z0-9-]{1,36}/environments/[^/]+/state$`, `${botPath}/state`),
      (builder) => {
        builder.headers({ Authorization: bearer });
      },
    )
    .willRespondWith(200, (builder) => {
      builder.headers({ 'Content-Type': jsonType });
      builder.jsonBody({ state: regex('^online$', 'online'), version: string('1.0.0') });
    })
    .executeTest((server) => drive(server, (client) => client.checkState(), 'ok'));

  await pact
    .addInteraction()
    .given(providerStates.conversationAbsent, { convId: exampleConvId })
    .uponReceiving(contractInteractions.create.description)
    .withRequest('PUT', conversationPath(), (builder) => {
      builder.headers({ Authorization: bearer, 'Content-Type': jsonType });
      builder.jsonBody({
        context: { type: 'MESSAGING', skillId: like('1234567'), engagementId: integer(1) },
      });
    })
    // §9: 200 is preferred, 201 and 204 are allowed; the platform takes each as created.
    .willRespondWith(matchStatus(200, [200, 201, 204]))
    .executeTest((server) =>
      drive(
        server,
        (client) =>
          client.createConversation(exampleConvId, {
            context: { type: 'MESSAGING', skillId: '1234567', engagementId: 1 },
          }),
        'ok',
      ),
    );

  for (const { description, event, body } of eventBodies) {
    await pact
      .addInteraction()
      .given(providerStates.conversationExists, {
        convId: exampleConvId,
        conversationType: 'MESSAGING',
      })
      .uponReceiving(description)
      .withRequest('POST', conversationPath('/events'), eventRequest(body))
      .willRespondWith(200, (builder) => {
        builder.headers({ 'Content-Type': jsonType });
        builder.jsonBody(replyBody);
      })
      .executeTest(async (server) => {
        const client = platformClient(server);
        try {
          // The conversation exists: the engine goes straight to the POST.
          client.markCreated(exampleConvId);
          const outcome = await new CustomEndpointVendor(client, {
            engagementAttributes: false,
          }).deliver(conversation, event);
          // The example item's data is empty (the matcher's example), so the engine may refuse
          // its content; what must hold is that a JSON reply came back over HTTP.
          if (!outcome.ok && outcome.raw === undefined) {
            throw new Error(`the caller got no reply: ${outcome.detail}`);
          }
        } finally {
          await client.close();
        }
      });
  }

  await pact
    .addInteraction()
    .given(providerStates.conversationAbsent, { convId: exampleConvId })
    .uponReceiving(contractInteractions.unknownConversation.description)
    .withRequest('POST', conversationPath('/events'), eventRequest(eventBodies[0]?.body))
    .willRespondWith(404)
    .executeTest((server) =>
      drive(
        server,
        (client) =>
          client.sendEvent(exampleConvId, {
            type: 'TEXT',
            source: 'CONSUMER',
            data: { message: 'Hi' },
            context: { lpEvent: textLpEvent },
          }),
        'http-404',
      ),
    );

  await pact
    .addInteraction()
    .uponReceiving(contractInteractions.noToken.description)
    .withRequest(
      'GET',
      regex(`^/v1/bots/[A-Za-z0-9-]{1,36}/environments/[^/]+/state$`, `${botPath}/state`),
    )
    // §9: 401 is preferred, 403 is allowed; anything else lets callers in without a token.
    .willRespondWith(matchStatus(401, [401, 403]))
    // The platform always sends a bearer; an empty one is the closest our caller comes to none.
    .executeTest((server) => drive(server, (client) => client.checkState(), 'http-401', ''));
}

/** The run a contract came with: only a run that passed writes one. */
export interface CertifiedRun {
  verdict: 'pass';
  startedAt: string;
  botId: string;
  environment: string;
}

/**
 * On a loaded machine Pact's core can be asked whether its mock server got a request before it
 * has counted one it already answered: the recording then fails with "expected but not
 * received" for a request our caller did send (seen under parallel test runs). Such a recording
 * is tried again on fresh mock servers; any other failure, or the same one three times, is ours.
 */
const recordingAttempts = 3;

/** Records the contract into a fresh directory per attempt (Pact merges into a file it finds). */
async function recordContract(provider: string, scratch: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const dir = join(scratch, String(attempt));
    const pact = new PactV4({ consumer: pactConsumerName, provider, dir, logLevel: 'error' });
    try {
      await recordInteractions(pact);
      return join(dir, `${pactConsumerName}-${provider}.json`);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      if (attempt < recordingAttempts && reason.includes('expected but not received')) continue;
      throw new HarnessError(
        'TPB_INTERNAL',
        `Failed to record the platform contract: ${reason}. This is a bug in tpb-conformance; please report it.`,
        { cause },
      );
    }
  }
}

/**
 * Writes the platform's consumer contract (consumer `LivePerson-Third-Party-Bots`, provider
 * `provider`) into `dir`, recorded by Pact's own library while our engine's Custom Endpoint caller
 * talks to Pact's mock server, and checked against schemas/pact-contract.schema.json. The file is
 * `<consumer>-<provider>.json`, as Pact names it, unless `fileName` says otherwise. Returns its path.
 *
 * @see docs/pact.md
 */
export async function writePlatformContract(options: {
  dir: string;
  provider: string;
  fileName?: string;
  /** The passing run the contract comes with, in its metadata. */
  run?: CertifiedRun;
}): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), 'tpb-pact-'));
  try {
    const recorded = await recordContract(options.provider, scratch);
    const contract = JSON.parse(await readFile(recorded, 'utf8')) as PactContract;
    contract.metadata = {
      ...contract.metadata,
      'tpb-conformance': { version: toolVersion, ...(options.run ? { run: options.run } : {}) },
    };
    const checked = validate('pact-contract', contract);
    if (!checked.ok) {
      throw new HarnessError(
        'TPB_INTERNAL',
        `Failed to write the platform contract: Pact wrote a file that does not match schemas/pact-contract.schema.json (${checked.issues.map((issue) => issue.message).join('; ')}). This is a bug in tpb-conformance; please report it.`,
      );
    }
    await mkdir(options.dir, { recursive: true });
    const file = join(options.dir, options.fileName ?? basename(recorded));
    await writeFile(file, `${JSON.stringify(contract, null, 2)}\n`, 'utf8');
    return file;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
