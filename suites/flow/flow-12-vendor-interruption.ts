// Spec: tpb-platform.md §9 (Vendor Interruption: new conversations are escalated at once; a
// periodic health check brings the bot back) and §7.3; custom-endpoint.md §8.5.

import {
  botConfig,
  type Check,
  type EngineTarget,
  engineTarget,
  escalationEvidence,
  faasLimitMs,
  fail,
  HarnessError,
  pass,
  type RunContext,
  type Signal,
  scenarioLimitMs,
  settleConversation,
  startCandidateBot,
  sweepSentences,
  turnEvidence,
  turnsOf,
  waitUntil,
} from '../../harness/index.ts';
import {
  assertNever,
  exchangeEvidence,
  type FaasFunction,
  type TpbBot,
} from '../../mocks/index.ts';
import type { TPBBotConfig } from '../../schemas/index.ts';
import { connectorSkipped, note, startFailed } from './conversation-turns.ts';
import { FaasGate } from './faas-gate.ts';
import { FaultProxy } from './fault-proxy.ts';

/** How often the bot checks the vendor while interrupted (the platform's 60 s, shortened). */
const healthCheckIntervalMs = 25;

/** Health checks that may reach the candidate, once reachable, before the bot must be online. */
const healthChecksAllowed = 3;

/** The conversation id of the engine's Test Connection invocation of a function. */
const faasTestConnectionId = 'test-connection';

/** Cuts the candidate off from the engine and back: the fault proxy, or the function gate. */
interface Gate {
  overrides: Partial<TPBBotConfig>;
  engine: { fn?: FaasFunction };
  setReachable(reachable: boolean): void;
  /** Calls for the conversation that reached the candidate. */
  reached(conversationId: string): number;
  /** Health checks (Test Connection) that reached the candidate so far. */
  healthChecksReached(): number;
  /** Fires on every call that reaches the gate. */
  signal: readonly [Signal, string];
  /** What the candidate must do to bring the bot back online, as advice. */
  comeBack: string;
  close(): Promise<void>;
}

async function openGate(context: RunContext, target: EngineTarget): Promise<Gate> {
  switch (target.kind) {
    case 'faas': {
      const gate = new FaasGate(target.faas, faasLimitMs(context));
      return {
        overrides: {},
        engine: { fn: gate.fn },
        setReachable: (reachable) => {
          gate.reachable = reachable;
        },
        reached: (id) => gate.invocationsFor(id).filter((call) => call.forwarded).length,
        healthChecksReached: () =>
          gate.invocationsFor(faasTestConnectionId).filter((call) => call.forwarded).length,
        signal: [gate, 'invocation'],
        comeBack: 'Answer the test invocation with an output object.',
        close: () => gate.close(),
      };
    }
    case 'custom-endpoint': {
      const settings = botConfig(context).customEndpoint;
      if (!settings) throw new HarnessError('TPB_INTERNAL', 'FLOW-12: no Custom Endpoint to call.');
      const proxy = await FaultProxy.start(target.address.baseUrl);
      return {
        overrides: { customEndpoint: { ...settings, baseUrl: proxy.baseUrl } },
        engine: {},
        setReachable: (reachable) => {
          proxy.mode = reachable ? 'pass' : 'refuse';
        },
        reached: (id) => proxy.requestsFor(id).filter((request) => request.forwarded).length,
        healthChecksReached: () =>
          proxy.requests.filter((request) => request.forwarded && /\/state$/.test(request.path))
            .length,
        signal: [proxy, 'request'],
        comeBack:
          'Keep answering GET …/state with 200 and {"state": "online"} after an outage, without a restart.',
        close: () => proxy.close(),
      };
    }
    default:
      return assertNever(target);
  }
}

const escalatedOrHanded = (bot: TpbBot, conversationId: string) =>
  bot.log.entries.some(
    (entry) =>
      entry.conversationId === conversationId &&
      (entry.kind === 'escalation' || entry.kind === 'vendor-event'),
  );

/**
 * FLOW-12: the candidate becomes unreachable (CE: the fault proxy drops every connection; faas:
 * the gate fails every invocation). A first conversation fails and puts the bot into Vendor
 * Interruption; the next one must be escalated without any call to the candidate. Then the
 * candidate is reachable again (it was never restarted): the bot's health check must pass and
 * the next conversation must be served normally.
 */
export const flow12VendorInterruption: Check = {
  ruleId: 'FLOW-12',
  async run(context) {
    const target = engineTarget(context.target);
    if (!target) return connectorSkipped('FLOW-12');
    const gate = await openGate(context, target);
    const skill = 'tpb-conformance-flow-12';
    const limit = scenarioLimitMs(context);
    const text = context.utterances.fallback ?? (sweepSentences[0] as string);
    const { bot, ok, detail } = await startCandidateBot(
      context,
      skill,
      { ...gate.overrides, healthCheckIntervalMs },
      gate.engine,
    );
    try {
      if (!ok) return startFailed('FLOW-12', detail, bot.log.entries);
      const open = () =>
        context.cloud.consumer.open({ skill, channel: 'messaging', text }).conversationId;

      gate.setReachable(false);
      const first = open();
      const interrupted = await waitUntil(
        [[bot, 'state']],
        () => bot.state === 'vendor-interruption',
        limit,
      );
      if (!interrupted) {
        throw new HarnessError(
          'TPB_INTERNAL',
          `FLOW-12: the bot did not enter Vendor Interruption with the candidate unreachable (state ${bot.state}).`,
        );
      }
      const during = open();
      await waitUntil([[bot.log, 'entry']], () => escalatedOrHanded(bot, during), limit);
      await bot.runners.get(during)?.idle();
      const duringTurns = turnsOf(bot.log.forConversation(during));
      const duringEscalation = duringTurns.find((turn) => turn.escalation)?.escalation;
      const handed = duringTurns.filter((turn) => turn.event !== 'none').length;
      const reached = gate.reached(during);
      const evidence = [
        ...turnsOf(bot.log.forConversation(first)).flatMap((turn) =>
          turn.escalation ? [escalationEvidence(first, turn.escalation)] : [],
        ),
        ...(duringEscalation ? [escalationEvidence(during, duringEscalation)] : []),
      ];
      if (!duringEscalation || handed > 0 || reached > 0) {
        return fail(
          `FLOW-12: expected a conversation opened during Vendor Interruption to be escalated without calling the candidate, got ${duringEscalation ? `an escalation with ${duringEscalation.code}` : 'no escalation'}, ${handed} event(s) handed to the vendor and ${reached} call(s) reaching the candidate.`,
          {
            expected: 'escalated at once, no call to the candidate',
            actual: `escalated: ${duringEscalation !== undefined}; events handed: ${handed}; calls reaching the candidate: ${reached}`,
            evidence,
          },
        );
      }

      // Once reachable, each health check reaches the candidate; they run one after the other, so
      // when one more than allowed has arrived, the allowed ones all failed.
      const checksBefore = gate.healthChecksReached();
      gate.setReachable(true);
      await waitUntil(
        [[bot, 'state'], gate.signal],
        () =>
          bot.state === 'online' || gate.healthChecksReached() - checksBefore > healthChecksAllowed,
        limit,
      );
      if (bot.state !== 'online') {
        const checks = bot.log.entries.filter(
          (entry) => entry.kind === 'vendor-call' && entry.conversationId === undefined,
        );
        const last = checks.slice(-3);
        return fail(
          `FLOW-12: expected the bot to come back online once the candidate was reachable again, got state ${bot.state} after ${gate.healthChecksReached() - checksBefore} health checks reached it (one every ${healthCheckIntervalMs} ms). ${gate.comeBack}`,
          {
            expected: 'state online after a passing health check',
            actual: bot.state,
            evidence: [
              ...evidence,
              ...last.flatMap((entry) =>
                entry.kind === 'vendor-call' ? [exchangeEvidence(entry.exchange)] : [],
              ),
            ],
          },
        );
      }
      const after = open();
      await settleConversation(bot, after, 1, limit);
      const afterTurns = turnsOf(bot.log.forConversation(after));
      const served = afterTurns.find((turn) => turn.event === 'text');
      const afterEscalation = afterTurns.find((turn) => turn.escalation)?.escalation;
      // Served normally: the candidate was called and its reply was played, with no escalation.
      // A valid reply may hold only a DELAY (a message item), so nothing visible is required.
      if (!served?.reply?.ok || afterEscalation) {
        return fail(
          `FLOW-12: expected the first conversation after the outage to be served normally, got ${afterEscalation ? `an escalation with ${afterEscalation.code} (${afterEscalation.detail})` : 'no usable reply'}. Recover from an outage without a restart: keep answering new conversations.`,
          {
            expected: 'a valid reply from the candidate, played without escalation',
            actual: afterEscalation?.code ?? 'no usable reply',
            evidence: [
              ...evidence,
              ...(served ? turnEvidence(served) : []),
              ...(afterEscalation ? [escalationEvidence(after, afterEscalation)] : []),
            ],
          },
        );
      }
      return pass(
        `FLOW-12: while the candidate was unreachable the conversation opened in Vendor Interruption was escalated (${duringEscalation.code}) without a call to it; once reachable, the bot's health check passed and the next conversation was served normally.`,
        [
          ...evidence,
          note(`served after the outage: conversation ${after}`),
          ...turnEvidence(served),
        ],
      );
    } finally {
      await bot.stop();
      await gate.close();
    }
  },
};
