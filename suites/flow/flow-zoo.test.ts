// Spec: rules.md FLOW; STYLE.md rule 15 (golden corpus). Every broken bot of the zoo that lists a
// FLOW rule fails exactly that check through the engine: a failed start (FLOW-01), a PUT that
// fails or a conversation the bot forgets (FLOW-02, FLOW-09), a crashing or empty welcome
// (FLOW-03, FLOW-04), a broken transfer (FLOW-06) and every escalation code (FLOW-10).
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { buildContext, type CheckOutcome } from '../../harness/index.ts';
import { brokenBots } from '../../mocks/index.ts';
import { validate } from '../../schemas/index.ts';
import { brokenContext } from '../test-support/contexts.ts';
import { flowChecks } from './index.ts';

/** Zoo bots that time out answer over a short timeout, so that three attempts stay quick. */
const shortTimeouts: Record<string, { timeoutMs: number; delayMs?: number }> = {
  'never-answers': { timeoutMs: 500 },
  'slow-answers': { timeoutMs: 500, delayMs: 1000 },
};

const zoo = brokenBots
  .map((bot) => ({ bot, rules: bot.rules.filter((rule) => rule.startsWith('FLOW-')) }))
  .filter(({ rules }) => rules.length > 0);

async function outcomesOf(name: string, rules: readonly string[]) {
  const timing = shortTimeouts[name];
  const built = await brokenContext(
    name,
    timing ? { timeoutMs: timing.timeoutMs } : {},
    timing?.delayMs,
  );
  try {
    const outcomes: Array<[string, CheckOutcome | undefined]> = [];
    for (const ruleId of rules) {
      const check = flowChecks.find((candidate) => candidate.ruleId === ruleId);
      outcomes.push([ruleId, await check?.run(built.context)]);
    }
    return outcomes;
  } finally {
    await built.dispose();
  }
}

// One test for the whole zoo, its bots run side by side: each has its own mock cloud, and most
// of a session is waiting (DELAY, timeouts). Every expectation names the bot and the rule.
it('FLOW-01, FLOW-02, FLOW-03, FLOW-04, FLOW-06, FLOW-09 and FLOW-10 fail for every zoo bot that lists them', {
  timeout: 30_000,
}, async () => {
  const results = await Promise.all(
    zoo.map(async ({ bot, rules }) => ({ bot, outcomes: await outcomesOf(bot.name, rules) })),
  );
  for (const { bot, outcomes } of results) {
    for (const [ruleId, outcome] of outcomes) {
      const label = `${ruleId} for ${bot.name}: ${outcome?.message}`;
      expect(outcome?.status, label).toBe('fail');
      expect(outcome?.message, label).toMatch(new RegExp(`^${ruleId}: expected `));
      expect(outcome?.evidence?.length, `${label} (evidence)`).toBeGreaterThan(0);
      for (const item of outcome?.evidence ?? []) {
        expect(validate('evidence', item).issues, `${label} (evidence schema)`).toEqual([]);
      }
      if (ruleId === 'FLOW-10' && bot.escalationCode) {
        expect(outcome?.actual, label).toContain(bot.escalationCode);
      }
    }
  }
  expect(results.flatMap(({ outcomes }) => outcomes.map(([ruleId]) => ruleId))).toEqual(
    expect.arrayContaining([
      'FLOW-01',
      'FLOW-02',
      'FLOW-03',
      'FLOW-04',
      'FLOW-06',
      'FLOW-09',
      'FLOW-10',
    ]),
  );
});

it('FLOW-01 fails a LivePerson Function that calls back with null (zoo: returns-null)', async () => {
  const built = await buildContext({
    kind: 'faas',
    function: fileURLToPath(new URL('./returns-null-function.ts', import.meta.url)),
    timeoutMs: 2000,
  });
  try {
    const check = flowChecks.find((candidate) => candidate.ruleId === 'FLOW-01');
    const outcome = await check?.run(built.context);
    expect(outcome?.status).toBe('fail');
    expect(outcome?.actual).toContain('missing-response-body');
  } finally {
    await built.dispose();
  }
});
