import {
  assertNever,
  type BotLogEntry,
  type CreateTpbBotOptions,
  createTpbBot,
  exchangeEvidence,
  type ReplyParts,
  type TpbBot,
} from '../../mocks/index.ts';
import type { ControlTranscript, Evidence, TPBBotConfig } from '../../schemas/index.ts';
import { faasLimitMs } from '../config/defaults.ts';
import { HarnessError } from '../harness-error.ts';
import { type EngineTarget, engineTarget } from './candidate-target.ts';
import type { ErrorResponseLog } from './error-response-log.ts';
import type { RunContext } from './run-context.ts';

export type Channel = 'messaging' | 'chat';

/** One reply the candidate gave during the session, whatever triggered it. */
export interface ObservedReply {
  conversationId: string;
  channel: Channel;
  /** The utterance key, `sweep`, `welcome`, `rich-content` or `file`. */
  trigger: string;
  /** The vendor event it answered: text, welcome, rich-content, file. */
  event: string;
  /** The reply as the candidate gave it (Custom Endpoint body, function output). */
  raw: unknown;
  /** Its parts as the engine read them, each value as it came: what the reply rules judge. */
  parts: ReplyParts;
  /** The HTTP exchanges of that call (none for an in-process function). */
  evidence: Evidence[];
}

/** One conversation the harness ran, as the platform saw it. */
export interface SessionConversation {
  conversationId: string;
  channel: Channel;
  trigger: string;
  transcript: ControlTranscript;
  log: BotLogEntry[];
}

export interface Session {
  /** Whether the engine's start (Test Connection) passed; without it nothing below ran. */
  started: boolean;
  startDetail: string;
  /** The engine's log of the start (Test Connection exchanges). */
  startLog: BotLogEntry[];
  replies: ObservedReply[];
  conversations: SessionConversation[];
}

/** Sentences every candidate gets, whatever it declared. */
export const sweepSentences = ['Hello there', 'What can you do for me?', 'Thank you, that is all'];

/** The skill the session's bot takes conversations from, and its escalation skill. */
export const sessionSkill = 'tpb-conformance-bot';
export const escalationSkill = 'tpb-conformance-escalation';

interface Plan {
  trigger: string;
  channel: Channel;
  steps: Array<
    | { text: string }
    | { richContent: Record<string, unknown> }
    | { file: { relativePath: string; fileType: string; caption: string } }
  >;
}

/** The session bot's configuration; suites that need their own bot start from it. */
export function botConfig(
  context: RunContext,
  overrides: Partial<TPBBotConfig> = {},
): TPBBotConfig {
  const base = engineVendor(calledByEngine(context), context);
  return {
    ...base,
    escalation: {
      skill: escalationSkill,
      customerMessage: 'Transferring you to an agent.',
      agentMessage: 'The bot escalated this conversation.',
    },
    requestTimeoutMs: context.timeoutMs,
    retryPausesMs: [0, 0],
    faasTimeoutMs: faasLimitMs(context),
    ...overrides,
  };
}

let nextBot = 1;

/**
 * Adds and starts an engine bot for the candidate on a skill of its own. `engine` swaps the
 * engine's clock, or the function a faas bot invokes (e.g. a wrapper that can play unreachable).
 */
export async function startCandidateBot(
  context: RunContext,
  skill: string,
  overrides: Partial<TPBBotConfig> = {},
  engine: Pick<CreateTpbBotOptions, 'clock' | 'fn'> = {},
): Promise<{ bot: TpbBot; ok: boolean; detail: string }> {
  context.cloud.account.directory.addSkill(skill);
  const bot = createTpbBot(context.cloud, botConfig(context, overrides), {
    skill,
    username: `tpb-conformance-${nextBot++}`,
    ...engineOptions(calledByEngine(context), context),
    ...engine,
  });
  const start = await bot.start();
  return { bot, ...start };
}

const engineErrors =
  (log: ErrorResponseLog): NonNullable<CreateTpbBotOptions['onExchange']> =>
  (_exchange, result) =>
    log.record('engine', result);

/** The target the engine calls; a check that reaches the engine for a connector is a harness bug. */
export function calledByEngine(context: RunContext): EngineTarget {
  const target = engineTarget(context.target);
  if (target) return target;
  throw new HarnessError(
    'TPB_INTERNAL',
    `Failed to add an engine bot: the engine does not call a ${context.target.kind} target. Skip the check for this kind before it asks for the engine.`,
  );
}

/** The wizard's vendor settings for the target, as the engine's bot config states them. */
function engineVendor(
  target: EngineTarget,
  context: RunContext,
): Pick<TPBBotConfig, 'kind' | 'customEndpoint' | 'faas' | 'escalation'> {
  const escalation = { skill: escalationSkill };
  switch (target.kind) {
    case 'custom-endpoint':
      return {
        kind: 'custom-endpoint',
        customEndpoint: {
          baseUrl: target.address.baseUrl,
          botId: target.address.botId,
          environment: target.address.environment,
          clientId: context.cloud.app.clientId,
          clientSecret: context.cloud.app.clientSecret,
        },
        escalation,
      };
    case 'faas':
      return {
        kind: 'faas',
        // An in-process function (`fn`) is handed to the engine beside the config.
        faas:
          'url' in target.faas
            ? { url: target.faas.url }
            : { module: 'module' in target.faas ? target.faas.module : 'in-process' },
        escalation,
      };
    default:
      return assertNever(target);
  }
}

/** What the engine needs beside the config to call the target. */
function engineOptions(target: EngineTarget, context: RunContext): CreateTpbBotOptions {
  switch (target.kind) {
    case 'custom-endpoint':
      return {
        tokens: context.minter ?? { token: () => context.bearer() },
        // The candidate's error responses to the engine count for SEC-12/13 like those to the harness.
        onExchange: engineErrors(target.errorResponses),
        gate: target.interruption,
      };
    case 'faas':
      return 'fn' in target.faas ? { fn: target.faas.fn } : {};
    default:
      return assertNever(target);
  }
}

/**
 * Runs the conversations every candidate gets through the engine: each declared utterance and
 * the default sweep in each conversation type the bot is configured for (a chat welcome with
 * each chat), and in messaging consumer rich content and a file.
 * Every reply is kept, whatever triggered it, for the reply rules.
 */
export async function runSession(context: RunContext): Promise<Session> {
  for (const skill of context.skills) context.cloud.account.directory.addSkill(skill);
  context.cloud.account.directory.addSkill(escalationSkill);
  // Sessions of several candidates may share one mock cloud (tests): each gets its own skill.
  const { directory } = context.cloud.account;
  let skill = sessionSkill;
  for (let n = 2; directory.skillByName(skill); n += 1) skill = `${sessionSkill}-${n}`;
  const { bot, ok, detail } = await startCandidateBot(context, skill);
  const startLog = [...bot.log.entries];
  if (!ok) {
    await bot.stop();
    return { started: false, startDetail: detail, startLog, replies: [], conversations: [] };
  }
  const plans: Plan[] = [];
  for (const channel of context.conversationTypes) {
    for (const [key, text] of Object.entries(context.utterances)) {
      if (text) plans.push({ trigger: key, channel, steps: [{ text }] });
    }
    for (const text of sweepSentences) plans.push({ trigger: 'sweep', channel, steps: [{ text }] });
  }
  // Consumer rich content and files are messaging features (FLOW-05, CE-EVENT-04).
  if (context.conversationTypes.includes('messaging')) addMessagingContent(plans);

  const conversations: SessionConversation[] = [];
  const running = plans.map(async (plan) => {
    const conversationId = await runPlan(context, bot, skill, plan);
    conversations.push({
      conversationId,
      channel: plan.channel,
      trigger: plan.trigger,
      transcript: context.cloud.consumer.transcript(conversationId),
      log: bot.log.forConversation(conversationId),
    });
  });
  await Promise.all(running);
  await bot.stop();
  const replies = conversations.flatMap((conversation) => observedReplies(conversation));
  return { started: true, startDetail: detail, startLog, replies, conversations };
}

/** Consumer rich content and a consumer file, each in a messaging conversation of its own. */
function addMessagingContent(plans: Plan[]): void {
  plans.push({
    trigger: 'rich-content',
    channel: 'messaging',
    steps: [
      {
        richContent: {
          type: 'vertical',
          elements: [{ type: 'map', la: 40.7128, lo: -74.006, alt: 'Shared location' }],
        },
      },
    ],
  });
  plans.push({
    trigger: 'file',
    channel: 'messaging',
    steps: [
      { file: { relativePath: '/files/receipt.jpg', fileType: 'JPEG', caption: 'my receipt' } },
    ],
  });
}

async function runPlan(
  context: RunContext,
  bot: TpbBot,
  skill: string,
  plan: Plan,
): Promise<string> {
  const { consumer } = context.cloud;
  const { conversationId } = consumer.open({ skill, channel: plan.channel });
  let expected = plan.channel === 'chat' ? 1 : 0;
  if (expected > 0) await settle(context, bot, conversationId, expected);
  for (const step of plan.steps) {
    if (conversationEnded(bot, conversationId)) break;
    if ('text' in step) consumer.sendText(conversationId, step.text);
    else if ('richContent' in step) consumer.sendRichContent(conversationId, step.richContent);
    else consumer.sendFile(conversationId, step.file);
    expected += 1;
    await settle(context, bot, conversationId, expected);
  }
  return conversationId;
}

/**
 * Whether the conversation left the bot: its runner ended, or the bot dropped the runner (a
 * transfer or close it saw) after the runner had logged something.
 */
function conversationEnded(bot: TpbBot, conversationId: string): boolean {
  const runner = bot.runners.get(conversationId);
  return runner ? runner.ended : bot.log.has(conversationId);
}

/** Waits until the bot handed `count` events of the conversation to the vendor and dealt with them. */
async function settle(
  context: RunContext,
  bot: TpbBot,
  conversationId: string,
  count: number,
): Promise<void> {
  const limitMs = context.timeoutMs * 3 + 15_000;
  // Counted as entries arrive: a reply of 10,000 messages logs as many entries.
  let handed = bot.log
    .forConversation(conversationId)
    .filter((entry) => entry.kind === 'vendor-event').length;
  const ended = () => conversationEnded(bot, conversationId);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, limitMs);
    timer.unref();
    function check(entry?: BotLogEntry) {
      if (entry?.conversationId === conversationId && entry.kind === 'vendor-event') handed += 1;
      if (handed >= count || ended()) return done();
      // A runner ends (escalation, close) after its last log entry: look again once it is idle.
      const runner = bot.runners.get(conversationId);
      void runner?.idle().then(() => ended() && done());
    }
    function done() {
      clearTimeout(timer);
      bot.log.off('entry', check);
      resolve();
    }
    bot.log.on('entry', check);
    check();
  });
  await bot.runners.get(conversationId)?.idle();
}

/** The replies of one conversation's log, each with the POST it answered as evidence. */
export function observedReplies(conversation: SessionConversation): ObservedReply[] {
  const replies: ObservedReply[] = [];
  let evidence: Evidence[] = [];
  for (const entry of conversation.log) {
    if (entry.kind === 'vendor-call') evidence.push(exchangeEvidence(entry.exchange));
    if (entry.kind === 'vendor-reply') {
      replies.push({
        conversationId: conversation.conversationId,
        channel: conversation.channel,
        trigger: entry.event === 'welcome' ? 'welcome' : conversation.trigger,
        event: entry.event,
        raw: entry.raw,
        parts: entry.parts,
        evidence: evidence
          .filter((item) => item.kind === 'http' && item.request.method === 'POST')
          .slice(-1),
      });
      evidence = [];
    }
  }
  return replies;
}
