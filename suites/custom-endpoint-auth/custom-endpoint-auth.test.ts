/**
 * Custom Endpoint API §7 Authentication (7.1 token acquisition and caching, 7.2 token format,
 * 7.3 what a CE must verify), §9 status codes, §10 D21: the CE-AUTH rules.
 * @see docs/spec/custom-endpoint.md
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type BuiltContext, type RunContext, rules, withDefaults } from '../../harness/index.ts';
import { validate } from '../../schemas/index.ts';
import { brokenContext, builtInContext } from '../test-support/contexts.ts';
import { ceAuthChecks, createConversationBody, textEventBody } from './index.ts';
import {
  exampleContext,
  hookedContext,
  singleUseTokens,
  withoutE1Context,
} from './test-support/fixtures.ts';

const built: BuiltContext[] = [];
afterEach(async () => {
  for (const context of built.splice(0)) await context.dispose();
});

async function use(context: Promise<BuiltContext>): Promise<RunContext> {
  const ready = await context;
  built.push(ready);
  return ready.context;
}

/** The check of a rule; its outcomes' evidence must match the evidence schema. */
function check(ruleId: string) {
  const found = ceAuthChecks.find((candidate) => candidate.ruleId === ruleId);
  if (!found) throw new Error(`No check for ${ruleId}`);
  return {
    async run(context: RunContext) {
      const outcome = await found.run(context);
      for (const evidence of outcome.evidence ?? []) {
        expect(validate('evidence', evidence).issues, ruleId).toEqual([]);
      }
      return outcome;
    },
  };
}

describe('CE-AUTH checks', () => {
  it('has exactly one check per CE-AUTH rule of the catalogue', () => {
    const ids = rules.filter((rule) => rule.id.startsWith('CE-AUTH-')).map((rule) => rule.id);
    expect(ceAuthChecks.map((candidate) => candidate.ruleId)).toEqual(ids);
  });

  it('sends request bodies that match the engine schemas', () => {
    expect(validate('ce-conversation', createConversationBody()).issues).toEqual([]);
    expect(validate('ce-event', textEventBody('c-1')).issues).toEqual([]);
  });

  it('CE-AUTH-01 … CE-AUTH-04: the built-in example passes (CE-AUTH-04 reports acceptance)', async () => {
    const context = await use(builtInContext());
    const kidBefore = context.cloud.sentinel.activeKid;
    const outcomes = [];
    for (const candidate of ceAuthChecks) outcomes.push(await check(candidate.ruleId).run(context));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['pass', 'pass', 'pass', 'info']);
    expect(outcomes[3]?.message).toMatch(/was accepted/);
    // CE-AUTH-03 rotates the mock Sentinel and restores the key later checks rely on.
    expect(context.cloud.sentinel.activeKid).toBe(kidBefore);
    expect(context.cloud.sentinel.jwks().keys).toHaveLength(2);
  });

  it('CE-AUTH-01 fails a bot that refuses valid tokens', async () => {
    const context = await use(brokenContext('rejects-valid-tokens'));
    const outcome = await check('CE-AUTH-01').run(context);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^CE-AUTH-01: expected a valid mock-Sentinel token .* got E1 401/,
    );
    expect(outcome.evidence?.some((evidence) => evidence.kind === 'http')).toBe(true);
  });

  it('CE-AUTH-01 passes with a warning when E1 is not served', async () => {
    const context = await use(withoutE1Context());
    const outcome = await check('CE-AUTH-01').run(context);
    expect(outcome.status).toBe('pass-with-warning');
    expect(outcome.warnings?.[0]).toMatch(/E1 answered E1 404/);
  });

  it('CE-AUTH-02 fails a bot that refuses valid tokens', async () => {
    const context = await use(brokenContext('rejects-valid-tokens'));
    const outcome = await check('CE-AUTH-02').run(context);
    expect(outcome.status).toBe('fail');
  });

  it('CE-AUTH-02 fails a bot that accepts each token only once', async () => {
    const context = await use(hookedContext(singleUseTokens()));
    const outcome = await check('CE-AUTH-02').run(context);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(/accepted first and refused later/);
  });

  it('CE-AUTH-03 fails a bot that pinned the first Sentinel key instead of selecting by kid', async () => {
    const context = await use(
      exampleContext((cloud) => ({ auth: { publicKeyPem: cloud.sentinel.publicKeyPem() } })),
    );
    expect((await check('CE-AUTH-01').run(context)).status).toBe('pass');
    const outcome = await check('CE-AUTH-03').run(context);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^CE-AUTH-03: expected a token signed with the newly published key/,
    );
  });

  it('CE-AUTH-03 and CE-AUTH-04 are skipped, saying why, without the key the candidate trusts', async () => {
    const context = await use(builtInContext());
    const { minter: _minter, ...rest } = context;
    const realSentinel: RunContext = { ...rest };
    const rotation = await check('CE-AUTH-03').run(realSentinel);
    expect(rotation.status).toBe('skipped');
    expect(rotation.message).toMatch(/real Sentinel/);
    const audience = await check('CE-AUTH-04').run(realSentinel);
    expect(audience.status).toBe('skipped');
    expect(audience.message).toMatch(/--token-url/);
  });

  it('CE-AUTH-03 is skipped for a candidate that pins a static key (--signing-key)', async () => {
    const context = await use(builtInContext());
    const config = withDefaults({ ...context.config, signingKey: 'k.pem' });
    const pinned: RunContext = { ...context, config };
    const outcome = await check('CE-AUTH-03').run(pinned);
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toMatch(/--signing-key/);
  });

  it('CE-AUTH-04 reports a bot that scopes tokens to its account as refusing the other account', async () => {
    const context = await use(exampleContext(() => ({ accountId: '12345678' })));
    expect((await check('CE-AUTH-01').run(context)).status).toBe('pass');
    const outcome = await check('CE-AUTH-04').run(context);
    expect(outcome.status).toBe('info');
    expect(outcome.message).toMatch(
      /^CE-AUTH-04: a valid token whose aud is "le87654321" .* was refused/,
    );
  });
});
