import { Agent as HttpAgent } from 'undici';
import { type TPBBotConfig, validate } from '../../schemas/index.ts';
import type { MockCloud } from '../cloud/mock-cloud.ts';
import { assertNever } from '../platform/assert-never.ts';
import type { Clock } from '../platform/clock.ts';
import type { PlatformServices } from './bot-context.ts';
import {
  CustomEndpointClient,
  type CustomEndpointClientOptions,
} from './custom-endpoint-client.ts';
import { CustomEndpointVendor } from './custom-endpoint-vendor.ts';
import { engineDefaults, type ResolvedBotConfig, resolveBotConfig } from './engine-defaults.ts';
import {
  createFaasInvoker,
  type FaasFunction,
  type FaasInvoker,
  type FaasTarget,
} from './faas-invoker.ts';
import { FaasVendor } from './faas-vendor.ts';
import { SentinelTokenCache } from './sentinel-token-cache.ts';
import { TpbBot } from './tpb-bot.ts';
import type { Vendor } from './vendor.ts';

export interface CreateTpbBotOptions {
  /** The skill the bot takes conversations from (created when missing); default the cloud's first skill. */
  skill?: string;
  /** Login name of the bot user (created on the cloud's account); default `tpb-bot-<n>`. */
  username?: string;
  /** An in-process function for a faas bot, instead of `config.faas`. */
  fn?: FaasFunction;
  /** The engine's clock: DELAY, retry pauses, health checks, restarts. */
  clock?: Clock;
  /** Where Custom Endpoint bearers come from instead of the mock Sentinel (a key the candidate pins, a real Sentinel). */
  tokens?: { token(): Promise<string> };
  /** Called with every Custom Endpoint exchange as it completes (the harness inspects errors). */
  onExchange?: CustomEndpointClientOptions['onExchange'];
  /** Decides whether each Custom Endpoint request goes out (the harness's interruption). */
  gate?: CustomEndpointClientOptions['gate'];
}

let nextBot = 1;

/**
 * Adds a Third-Party Bot to the mock cloud, as LivePerson's bot wizard does: a bot user on the
 * account (its skill, escalation skill and messages, conversation limit) and the engine that will
 * log in as that user. Call `start()` on the result.
 *
 * @example
 * const bot = createTpbBot(cloud, { kind: 'custom-endpoint', customEndpoint: {...}, escalation: { skill: 'human' } });
 * await bot.start();
 */
export function createTpbBot(
  cloud: MockCloud,
  given: TPBBotConfig,
  options: CreateTpbBotOptions = {},
): TpbBot {
  const checked = validate('tpb-bot-config', given);
  if (!checked.ok) {
    throw new TypeError(
      `Failed to add the bot: its configuration is invalid: ${checked.issues.map((issue) => issue.message).join('; ')}.`,
    );
  }
  const config = resolveBotConfig(given);
  const { directory, conversations } = cloud.account;
  const skill = options.skill ?? [...directory.skills.values()][0]?.name ?? 'bot';
  const agent = directory.addAgent({
    loginName: options.username ?? `tpb-bot-${nextBot++}`,
    isBot: true,
    skills: [skill],
    escalationSkill: config.escalation.skill,
    escalationMessages: {
      ...(config.escalation.customerMessage
        ? { customerMessage: config.escalation.customerMessage }
        : {}),
      ...(config.escalation.agentMessage ? { agentMessage: config.escalation.agentMessage } : {}),
      ...(config.escalation.failureMessage
        ? { failureMessage: config.escalation.failureMessage }
        : {}),
    },
    ...(config.maxOpenConversations ? { maxOpenConversations: config.maxOpenConversations } : {}),
  });
  const dispatcher = new HttpAgent({ connect: { ca: cloud.certificates.caCertPem } });
  const { engagementAttributes } = config;
  const invoker = (target: FaasTarget): FaasInvoker =>
    createFaasInvoker(target, { timeoutMs: config.faasTimeoutMs, dispatcher });
  let vendor: Vendor;
  switch (config.kind) {
    case 'custom-endpoint': {
      // validate() above enforces the schema's rule: a custom-endpoint bot has its settings.
      const settings = config.customEndpoint as NonNullable<ResolvedBotConfig['customEndpoint']>;
      const tokens =
        options.tokens ??
        new SentinelTokenCache({
          tokenUrl: cloud.urls.tokenUrl,
          clientId: settings.clientId,
          clientSecret: settings.clientSecret,
          dispatcher,
          ...(options.clock ? { clock: options.clock } : {}),
        });
      const client = new CustomEndpointClient({
        baseUrl: settings.baseUrl,
        botId: settings.botId,
        environment: settings.environment,
        tokens,
        requestTimeoutMs: config.requestTimeoutMs,
        maxAttempts: engineDefaults.maxAttempts,
        retryPausesMs: config.retryPausesMs,
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.onExchange ? { onExchange: options.onExchange } : {}),
        ...(options.gate ? { gate: options.gate } : {}),
      });
      vendor = new CustomEndpointVendor(client, { engagementAttributes });
      break;
    }
    case 'faas': {
      const target: FaasTarget | undefined = options.fn
        ? { fn: options.fn }
        : config.faas?.module
          ? { module: config.faas.module }
          : config.faas?.url
            ? { url: config.faas.url }
            : undefined;
      if (!target)
        throw new TypeError(
          'Failed to add the bot: a faas bot needs `faas.module`, `faas.url` or an `fn`.',
        );
      vendor = new FaasVendor(invoker(target), { engagementAttributes });
      break;
    }
    default:
      return assertNever(config.kind);
  }
  const functions = new Map<string, FaasInvoker>();
  for (const [lambdaUuid, where] of Object.entries(config.functions ?? {})) {
    if (where)
      functions.set(
        lambdaUuid,
        invoker(/^https?:\/\//.test(where) ? { url: where } : { module: where }),
      );
  }
  const platform: PlatformServices = {
    recordError: (conversationId, code, detail) => {
      const conversation = conversations.get(conversationId);
      return conversation ? conversations.recordError(conversation, code, detail) : undefined;
    },
    skillId: (name) => directory.skillByName(name)?.id,
    conversation: (conversationId) => {
      const conversation = conversations.get(conversationId);
      if (!conversation) return undefined;
      const { context } = conversation;
      return {
        conversationId,
        channel: conversation.channel,
        skillId: conversation.skillId,
        consumerId: conversation.consumerId,
        ...(context.engagementId !== undefined ? { engagementId: context.engagementId } : {}),
        ...(context.campaignId !== undefined ? { campaignId: context.campaignId } : {}),
        ...(context.sdes ? { sdes: context.sdes } : {}),
        ...(context.visitor ? { visitor: context.visitor } : {}),
      };
    },
  };
  return new TpbBot({
    config,
    vendor,
    functions,
    platform,
    ums: {
      csdsDomain: cloud.urls.csdsDomain,
      accountId: cloud.account.accountId,
      username: agent.loginName,
      password: agent.password,
      ca: cloud.certificates.caCertPem,
    },
    ...(options.clock ? { clock: options.clock } : {}),
  });
}
