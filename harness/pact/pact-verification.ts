import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Finding, Report } from '../../schemas/index.ts';
import { HarnessError } from '../harness-error.ts';
import { ruleById } from '../rules/index.ts';
import { buildReport } from '../runner/runner.ts';
import type { VerifierInput, VerifierOutput } from './pact-verifier-process.ts';
import { contractInteractions } from './platform-contract.ts';

/**
 * The rule id of an interaction the platform's contract does not have (a pact from another
 * tool): it is still verified and reported, under this id, which the catalogue does not hold.
 */
const foreignInteractionRuleId = 'PACT-01';

const ruleOfInteraction = new Map<string, string>(
  Object.values(contractInteractions).map(({ description, ruleId }) => [description, ruleId]),
);

export interface InteractionOutcome {
  description: string;
  /** The pact it came from, when a verification covers more than one. */
  pact?: string;
  passed: boolean;
  /** What the Verifier found wrong, one line per mismatch. */
  mismatches: string[];
}

interface CoreResult {
  interactionResults?: { description: string; result: string }[];
  errors?: {
    interaction: string;
    mismatch?: { message?: string; mismatches?: { mismatch?: string; path?: string }[] };
  }[];
  output?: string[];
}

// Next to this module: .ts from the sources (run through tsx), .js once built.
const processFile = fileURLToPath(
  new URL(
    `./pact-verifier-process${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
    import.meta.url,
  ),
);
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs Pact's Verifier over `pactUrls` against a live Custom Endpoint, in a child process (see
 * pact-verifier-process.ts), and gives the outcome of every interaction. Throws a HarnessError
 * when the Verifier could not run at all (no interaction verified).
 */
export async function verifyPacts(
  input: Omit<VerifierInput, 'resultFile'>,
): Promise<{ interactions: InteractionOutcome[]; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tpb-pact-verify-'));
  try {
    const resultFile = join(dir, 'result.json');
    const loader = processFile.endsWith('.ts') ? ['--import', 'tsx'] : [];
    try {
      await promisify(execFile)(process.execPath, [...loader, processFile], {
        cwd: packageRoot,
        env: {
          PATH: process.env.PATH ?? '',
          TPB_PACT_VERIFIER_INPUT: JSON.stringify({ ...input, resultFile }),
        },
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (cause) {
      throw new HarnessError('TPB_INTERNAL', `Failed to run the Pact Verifier: ${String(cause)}.`, {
        cause,
      });
    }
    const output = JSON.parse(await readFile(resultFile, 'utf8')) as VerifierOutput;
    const core = (typeof output.result === 'object' ? output.result : {}) as CoreResult;
    const results = core.interactionResults ?? [];
    if (results.length === 0) {
      throw new HarnessError(
        'TPB_INPUT_UNREADABLE',
        `Failed to verify ${input.pactUrls.join(', ')}: the Verifier checked no interaction (${typeof output.result === 'string' ? output.result : 'empty contract'}). Pass pact files written by "tpb-conformance pact generate".`,
      );
    }
    const errors = core.errors ?? [];
    const interactions = results.map(({ description, result }) => ({
      description,
      passed: result === 'OK',
      mismatches: errors
        .filter((error) => error.interaction.endsWith(` - ${description}`))
        .flatMap(
          (error) =>
            error.mismatch?.mismatches?.map((m) =>
              `${m.path ?? ''} ${m.mismatch ?? ''}`.trim(),
            ) ?? [error.mismatch?.message ?? 'failed'],
        ),
    }));
    // The core colours its text for a terminal; the report keeps it plain.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colour codes
    const text = (core.output ?? []).join('\n').replace(/\u001b\[[0-9;]*m/g, '');
    return { interactions, output: text };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Our report of a verification: one finding per interaction, under the catalogue rule the
 * interaction carries (`contractInteractions`) and titled with the interaction, so report.json,
 * junit.xml and the HTML name the one that failed. Every interaction is MUST, whatever its rule's
 * level in a run: a contract holds or it does not, as Pact and the broker see it (decision 0019).
 */
export function verificationReport(
  verified: { interactions: InteractionOutcome[]; output: string },
  target: Report['target'],
  startedAt: Date,
): Report {
  const results: Finding[] = verified.interactions.map(
    ({ description, pact, passed, mismatches }) => {
      const ruleId = ruleOfInteraction.get(description) ?? foreignInteractionRuleId;
      const rule = ruleById(ruleId);
      return {
        ruleId,
        title: `${rule ? `${rule.title}: ` : ''}Pact interaction "${description}"${pact ? ` (${pact})` : ''}`,
        ...(rule ? { docs: [...rule.docs] } : {}),
        level: 'MUST',
        status: passed ? 'pass' : 'fail',
        message: passed
          ? `The provider honours the contract's interaction "${description}".`
          : `${ruleId}: the provider breaks the contract's interaction "${description}": ${mismatches.join('; ') || 'see the Verifier output'}. Fix the answer, then run "tpb-conformance pact verify" again.`,
        expected: `the response the contract's interaction "${description}" allows`,
        ...(passed
          ? {}
          : { actual: mismatches.join('; ') || 'a response the contract does not allow' }),
        evidence: passed ? [] : [{ kind: 'note', text: verified.output || mismatches.join('\n') }],
      };
    },
  );
  return buildReport(results, { strict: false, target }, startedAt);
}
