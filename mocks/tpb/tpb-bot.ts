import { EventEmitter } from 'node:events';
import type { UMSExConversationChange } from '../../schemas/index.ts';
import { type Clock, type ClockTimer, systemClock } from '../platform/clock.ts';
import type { BotContext, PlatformServices } from './bot-context.ts';
import { BotLog, type BotState } from './bot-log.ts';
import { ConversationRunner } from './conversation-runner.ts';
import type { ResolvedBotConfig } from './engine-defaults.ts';
import type { FaasInvoker } from './faas-invoker.ts';
import { UmsClient, type UmsClientOptions } from './ums-client.ts';
import type { ConversationInfo, Vendor } from './vendor.ts';

export interface TpbBotOptions {
  config: ResolvedBotConfig;
  vendor: Vendor;
  /** How the bot agent logs in to UMS: over the real protocol, like any connector. */
  ums: UmsClientOptions;
  platform: PlatformServices;
  functions?: ReadonlyMap<string, FaasInvoker>;
  clock?: Clock;
}

export interface StartResult {
  ok: boolean;
  detail: string;
}

/**
 * One Third-Party Bot: the platform's connector between UMS and a vendor (tpb-platform.md §§1, 9).
 * It starts only after a passing Test Connection, logs in to UMS as its bot agent, accepts the
 * conversations routed to it and runs each through the vendor. States: offline, online, vendor
 * interruption (new conversations escalated at once; a health check every interval brings it
 * back), service interruption (UMS lost; a restart attempt every interval).
 */
export class TpbBot extends EventEmitter<{
  state: [to: BotState, from: BotState, reason: string];
}> {
  readonly log: BotLog;
  readonly runners = new Map<string, ConversationRunner>();
  readonly clock: Clock;
  #state: BotState = 'offline';
  #ums: UmsClient | undefined;
  #timer: ClockTimer | undefined;
  #interruptionCode = '';
  #stopped = false;

  constructor(readonly options: TpbBotOptions) {
    super();
    this.clock = options.clock ?? systemClock;
    this.log = new BotLog(() => this.clock.now());
  }

  get state(): BotState {
    return this.#state;
  }

  /** The bot agent's UMS client, once started. */
  get ums(): UmsClient | undefined {
    return this.#ums;
  }

  /** Test Connection, then UMS login; the bot stays offline when the check fails. */
  async start(): Promise<StartResult> {
    this.#stopped = false;
    const check = await this.#testConnection();
    if (!check.ok) {
      this.log.add({
        kind: 'state',
        from: this.#state,
        to: this.#state,
        reason: `start refused: ${check.detail}`,
      });
      return { ok: false, detail: `Test Connection failed: ${check.detail}` };
    }
    await this.#connect();
    this.#setState('online', 'Test Connection passed');
    return { ok: true, detail: 'online' };
  }

  /** Closes the UMS session and every timer; the bot goes offline. Idempotent. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#clearTimer();
    for (const runner of this.runners.values()) runner.end();
    this.runners.clear();
    const ums = this.#ums;
    this.#ums = undefined;
    if (ums) await ums.close().catch(() => undefined);
    await this.options.vendor.close();
    for (const invoker of this.options.functions?.values() ?? []) await invoker.close();
    this.#setState('offline', 'stopped');
  }

  /** Resolves when every conversation has handled what it was given. */
  async idle(): Promise<void> {
    await Promise.all([...this.runners.values()].map((runner) => runner.idle()));
  }

  async #testConnection(): Promise<StartResult> {
    const result = await this.options.vendor.testConnection();
    for (const exchange of result.exchanges) this.log.add({ kind: 'vendor-call', exchange });
    return { ok: result.ok, detail: result.detail };
  }

  async #connect(): Promise<void> {
    const ums = this.#ums ?? (await UmsClient.connect(this.options.ums));
    if (!this.#ums) {
      this.#ums = ums;
      ums.on('ring', (ring) => {
        ums.acceptRing(ring.ringId).catch(() => undefined);
      });
      ums.on('conversation', (change) => this.#onConversation(change));
      ums.on('message', (event) => {
        this.runners.get(event.conversationId ?? event.dialogId)?.onMessage(event);
      });
      ums.on('closed', ({ code }) => this.#serviceInterruption(`UMS socket closed (${code})`));
    }
    await ums.setAgentState('ONLINE');
    await ums.subscribeExConversations({ convState: ['OPEN'], agentIds: [ums.identity.oldId] });
    await ums.subscribeRoutingTasks();
  }

  #context(ums: UmsClient): BotContext {
    return {
      config: this.options.config,
      vendor: this.options.vendor,
      ums,
      platform: this.options.platform,
      functions: this.options.functions ?? new Map(),
      clock: this.clock,
      log: this.log,
    };
  }

  #onConversation(change: UMSExConversationChange): void {
    const ums = this.#ums;
    if (!ums) return;
    const conversationId = change.result.convId;
    const details = change.result.conversationDetails;
    const mine =
      change.type === 'UPSERT' &&
      details.state === 'OPEN' &&
      (details.participants.ASSIGNED_AGENT ?? []).includes(ums.identity.oldId);
    const runner = this.runners.get(conversationId);
    if (!mine) {
      if (runner) {
        runner.end();
        this.runners.delete(conversationId);
      }
      return;
    }
    if (runner) return;
    const info: ConversationInfo = this.options.platform.conversation(conversationId) ?? {
      conversationId,
      channel: this.options.config.conversationType,
      skillId: details.skillId,
      consumerId: (details.participants.CONSUMER ?? [])[0] ?? '',
    };
    const fresh = new ConversationRunner(this.#context(ums), info, (unreachable, code) =>
      this.#onVendorFailure(unreachable, code),
    );
    this.runners.set(conversationId, fresh);
    if (this.#state === 'vendor-interruption') {
      fresh.escalateNow(
        this.#interruptionCode,
        'the bot is in Vendor Interruption: the vendor is unreachable',
      );
      return;
    }
    ums
      .queryMessages(conversationId, 0)
      .then((history) => fresh.begin(history))
      .catch(() => fresh.begin([]));
  }

  #onVendorFailure(unreachable: boolean, code: string): void {
    if (!unreachable || this.#state !== 'online') return;
    this.#interruptionCode = code;
    this.#setState('vendor-interruption', `vendor failing: ${code}`);
    this.#schedule(this.options.config.healthCheckIntervalMs, async () => {
      const check = await this.#testConnection();
      if (check.ok) this.#setState('online', 'health check passed');
      return check.ok;
    });
  }

  #serviceInterruption(reason: string): void {
    if (this.#stopped || this.#state === 'service-interruption') return;
    this.#clearTimer();
    this.#setState('service-interruption', reason);
    this.#schedule(this.options.config.restartIntervalMs, async () => {
      try {
        await this.#ums?.reconnect();
        await this.#connect();
        this.#setState('online', 'restarted');
        return true;
      } catch {
        return false;
      }
    });
  }

  /** Runs `attempt` every interval on the clock until it succeeds or the bot stops. */
  #schedule(intervalMs: number, attempt: () => Promise<boolean>): void {
    this.#clearTimer();
    this.#timer = this.clock.setTimeout(async () => {
      this.#timer = undefined;
      if (this.#stopped) return;
      if (!(await attempt()) && !this.#stopped) this.#schedule(intervalMs, attempt);
    }, intervalMs);
  }

  #clearTimer(): void {
    if (this.#timer) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #setState(to: BotState, reason: string): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.log.add({ kind: 'state', from, to, reason });
    this.emit('state', to, from, reason);
  }
}
