import type { ControlTranscript, Report } from '../../schemas/index.ts';
import { boundedTranscript } from './bounded-transcript.ts';
import type { BuiltContext } from './build-context.ts';
import type { RunContext } from './run-context.ts';
import { type RunOptions, runRules } from './runner.ts';

export interface Certification {
  report: Report;
  /** The conversations run through the engine, when a check asked for them. */
  conversations?: ControlTranscript[];
}

/**
 * Checks the rules against a built context the way `tpb-conformance run` does: the engine session
 * stays lazy, so its conversations are reported only when a check asked for them.
 */
export async function certify(
  built: BuiltContext,
  options: Omit<RunOptions, 'target'>,
): Promise<Certification> {
  const shared = built.context;
  let sessionRan = false;
  const context: RunContext = {
    ...shared,
    session: () => {
      sessionRan = true;
      return shared.session();
    },
  };
  const report = await runRules(context, {
    ...options,
    target: built.target,
  });
  if (!sessionRan) return { report };
  const session = await shared.session();
  return {
    report,
    conversations: session.conversations.map((c) => boundedTranscript(c.transcript)),
  };
}
