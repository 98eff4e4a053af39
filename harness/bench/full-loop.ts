import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../config/resolve-config.ts';
import { type LoadRun, runLoad } from '../load/run-load.ts';
import { buildContext } from '../runner/build-context.ts';
import type { RunContext } from '../runner/run-context.ts';
import { loopConcurrency } from './custom-endpoint-caller.ts';
import { benchBot } from './event-exchange.ts';
import type { Side } from './measure.ts';

/** A run context whose candidate is the Custom Endpoint at `origin`, and how to stop it all. */
export interface LoopContext {
  context: RunContext;
  close(): Promise<void>;
}

/**
 * Builds the run context `tpb-conformance load` would for a Custom Endpoint at `origin`: the
 * config resolved as a config file's (no TPB_* variable), signed with a key made for the run
 * (row (a)'s endpoint checks no token), then the mock cloud started by `buildContext`.
 */
export async function loopContext(origin: string): Promise<LoopContext> {
  const dir = await mkdtemp(join(tmpdir(), 'tpb-bench-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = join(dir, 'private.pem');
  await writeFile(signingKey, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const config = await resolveConfig({
    env: {},
    cwd: dir,
    given: {
      kind: 'custom-endpoint',
      baseUrl: origin,
      botId: benchBot.botId,
      environment: benchBot.environment,
      signingKey,
    },
  });
  const built = await buildContext(config);
  return {
    context: built.context,
    close: async () => {
      await built.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Fails unless every planned turn got its bot message: a row's figure is of turns that worked. */
export function assertClean(result: LoadRun, what: string): void {
  const failed = result.turnsPlanned - result.turns;
  if (!result.started || failed > 0) {
    throw new Error(
      `Failed to measure ${what}: ${result.started ? `${failed} of ${result.turnsPlanned} turn(s) got no bot message` : `the bot did not start (${result.startDetail})`}. Expected every turn answered; run \`tpb-conformance load\` against the same endpoint to see why.`,
    );
  }
}

/**
 * Row (c): the whole loop, consumer simulator -> UMS -> engine -> candidate -> consumer, with
 * `loopConcurrency` conversations talking at once, no think time: a round of `count` turns is
 * `count / loopConcurrency` turns in each conversation.
 */
export function fullLoopSide(loop: LoopContext, opsPerRound: number): Side {
  return {
    name: 'c',
    opsPerRound,
    run: async (count) => {
      const result = await runLoad(loop.context, {
        conversations: loopConcurrency,
        turns: Math.ceil(count / loopConcurrency),
        rampUpMs: 0,
        thinkTimeMs: 0,
      });
      assertClean(result, 'the full loop');
    },
  };
}
