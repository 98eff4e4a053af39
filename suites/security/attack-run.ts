import { HarnessError, type RunContext, scenarioKey } from '../../harness/index.ts';
import {
  callEveryRoute,
  callRoute,
  directHttp,
  isSuccess,
  type RouteAnswer,
  reportSecrets,
  routeMissingStatuses,
} from '../custom-endpoint-auth/index.ts';
import {
  type Attack,
  type AttackRuleId,
  attackRuleIds,
  buildAttacks,
  type TokenMaterial,
  tokenMaterial,
} from './attack-tokens.ts';

/** What the attacks are aimed at: a conversation made with a valid token, and E1's baseline. */
export interface AttackTarget {
  /** E4 attacks go to this conversation. */
  e4ConvId: string;
  /** The PUT that created it with a valid token. */
  setup: RouteAnswer;
  /** Whether that PUT succeeded (2xx, or 409 "already exists"). */
  setupOk: boolean;
  /** E1 with a valid token. */
  e1Baseline: RouteAnswer;
  /** E1 answered a valid request as a route it does not serve (404, 405, 501). */
  e1Unserved: boolean;
  /** What evidence must not show (see `reportSecrets`). */
  secrets: string[];
}

/** One attack and the four routes' answers to it. */
export interface AttackResult {
  attack: Attack;
  answers: RouteAnswer[];
}

/** The attacks of one rule as sent, or why they were not. */
export interface RuleRun {
  ruleId: AttackRuleId;
  results: AttackResult[];
  skippedReason?: string;
  notes: string[];
  /** SEC-09: requests the attacker's key host received while the attacks ran. */
  keyHostFetches: string[];
  target: AttackTarget;
}

interface SecurityState {
  target?: Promise<AttackTarget>;
  material?: Promise<TokenMaterial>;
  rules: Map<AttackRuleId, Promise<RuleRun>>;
}

/**
 * One per run: the SEC checks share the target, the token material and every exchange, so that
 * SEC-12 and SEC-13 inspect exactly the answers the attack rules judged.
 */
const securityStateKey = scenarioKey<SecurityState>('SEC attacks');

function stateOf(context: RunContext): SecurityState {
  return context.scenarios.once(securityStateKey, () => ({ rules: new Map() }));
}

const noHttp =
  'Failed to run the SEC attacks: the run has no Custom Endpoint to call. Check directHttp() before attacking.';

/** An auth refusal should be quick; a hanging candidate must not hold a run for long. */
const attackTimeoutMs = (context: RunContext): number => Math.min(context.timeoutMs, 15_000);

async function makeTarget(context: RunContext): Promise<AttackTarget> {
  const http = directHttp(context);
  if (!http) throw new HarnessError('TPB_INTERNAL', noHttp);
  const token = await context.bearer();
  const [setup, e1Baseline] = await Promise.all([
    callRoute(http, 'E3', { token }),
    callRoute(http, 'E1', { token }),
  ]);
  return {
    e4ConvId: setup.convId as string,
    setup,
    setupOk: isSuccess(setup.response) || setup.response.status === 409,
    e1Baseline,
    e1Unserved: routeMissingStatuses.includes(e1Baseline.response.status ?? 0),
    secrets: await reportSecrets(context),
  };
}

async function runRule(context: RunContext, ruleId: AttackRuleId): Promise<RuleRun> {
  const state = stateOf(context);
  const http = directHttp(context);
  if (!http) throw new HarnessError('TPB_INTERNAL', noHttp);
  state.target ??= makeTarget(context);
  state.material ??= tokenMaterial(context);
  const target = await state.target;
  const built = await buildAttacks(ruleId, await state.material);
  const run: RuleRun = {
    ruleId,
    results: [],
    notes: built.notes,
    keyHostFetches: [],
    target,
    ...(built.missing !== undefined ? { skippedReason: built.missing } : {}),
  };
  try {
    // One attack at a time, its four routes at once: a candidate sees a burst of at most four.
    for (const attack of built.attacks) {
      const answers = await callEveryRoute(http, attack.credentials, {
        e4ConvId: target.e4ConvId,
        timeoutMs: attackTimeoutMs(context),
      });
      run.results.push({ attack, answers });
    }
  } finally {
    if (built.host) {
      run.keyHostFetches = built.host.fetches();
      await built.host.close();
    }
  }
  return run;
}

/** The attacks of one rule against every route, made once per run. */
export function attackRule(context: RunContext, ruleId: AttackRuleId): Promise<RuleRun> {
  const state = stateOf(context);
  let run = state.rules.get(ruleId);
  if (!run) {
    run = runRule(context, ruleId);
    state.rules.set(ruleId, run);
  }
  return run;
}

/** Every attack rule's run, in catalogue order (made now where a rule has not run yet). */
export async function allAttackRuns(context: RunContext): Promise<RuleRun[]> {
  const runs: RuleRun[] = [];
  for (const ruleId of attackRuleIds) runs.push(await attackRule(context, ruleId));
  return runs;
}
