import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeTarget, writeReports } from '../../reports/index.ts';
import { type TextMatch, validate } from '../../schemas/index.ts';
import { configFlagOptions, readCliEnvironment } from '../config/index.ts';
import {
  type NamedTranscript,
  replayRuleId,
  replayTranscripts,
} from '../emulator/replay-transcripts.ts';
import { HarnessError } from '../harness-error.ts';
import type { BuiltContext } from '../runner/build-context.ts';
import { exitCodeOf } from '../runner/runner.ts';
import type { CliIo } from './cli-io.ts';
import { usageError } from './command-args.ts';
import { resolveCommandConfig } from './command-config.ts';
import { jsonFileArguments } from './json-file-arguments.ts';
import { scrubberFor, startCandidate } from './run-certification.ts';

export const replayUsage = `Usage: tpb-conformance replay FILE|DIR... [--text exact|regex|shape] [target options as run]

Replays transcripts recorded by "tpb-conformance emulate" (--record FILE, or the page's Save
transcript) against a bot, through the mock platform as a run calls it, and compares every bot
turn with the recording. A directory stands for its *.json files. Without --kind, the built-in
example bot answers.

Each transcript is one finding, REPLAY-01 "Replay of FILE": it fails at the first turn whose bot
items differ (their kinds and order, a text, a card's structure, quick replies, a transfer's
skill, a TTR, a close, an escalation's code), with the diff of every differing turn and the
first one's requests and replies.

Options:
  --text exact|regex|shape  how texts are compared (default exact): regex reads each recorded
                            text as a regular expression the new text must match; shape takes
                            any non-blank text. A bot item's own "textMatch" wins.
  --kind, --base-url, --bot-id, --environment, --function, the authentication options of
  "tpb-conformance run" (--signing-key, --jwks-port, --token-url, ...), --skill, --timeout-ms,
  --report-dir DIR, --config FILE

Reports: report.json, junit.xml, index.html and summary.md in --report-dir (docs/replay.md).
Exit codes: 0 every transcript matched, 1 one differs, 2 the replay could not run (bad options,
a file that is not a transcript, an unreachable bot).
`;

const textModes: readonly TextMatch[] = ['exact', 'regex', 'shape'];

const options = {
  ...configFlagOptions(),
  config: { type: 'string' },
  text: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The flags and the files; the files are positionals, which parseCommandArgs does not take. */
function parseReplayArgs(args: string[]) {
  try {
    const parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
    return { values: parsed.values as Record<string, unknown>, positionals: parsed.positionals };
  } catch (cause) {
    throw usageError('replay', cause, Object.keys(options));
  }
}

/** Reads and validates every transcript before anything starts; all bad files in one message. */
async function readTranscripts(given: readonly string[], cwd: string): Promise<NamedTranscript[]> {
  const transcripts: NamedTranscript[] = [];
  const problems: string[] = [];
  const files = await jsonFileArguments(
    given,
    cwd,
    'replay',
    'Record a transcript with "tpb-conformance emulate --record FILE".',
  );
  for (const { name, path } of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      problems.push(`${name}: not JSON (${(error as Error).message})`);
      continue;
    }
    const result = validate('emulator-transcript', parsed);
    if (result.ok) transcripts.push({ name, transcript: result.value });
    else problems.push(`${name}: ${result.issues.map((issue) => issue.message).join('; ')}`);
  }
  if (problems.length > 0) {
    throw new HarnessError(
      'TPB_INPUT_UNREADABLE',
      `Failed to replay: not a transcript of schemas/emulator-transcript.schema.json: ${problems.join(' | ')}. Fix the file, or record it again with "tpb-conformance emulate --record FILE".`,
    );
  }
  return transcripts;
}

/** `tpb-conformance replay`: recorded transcripts against a bot, one REPLAY-01 finding each. */
export async function replayCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseReplayArgs(args);
  if (values.help) {
    io.stdout.write(replayUsage);
    return 0;
  }
  const help = 'Run "tpb-conformance replay --help" for its options.';
  const text = (values.text as string | undefined) ?? 'exact';
  if (!textModes.includes(text as TextMatch)) {
    throw new HarnessError(
      'TPB_USAGE',
      `Invalid --text "${text}": use exact, regex or shape. ${help}`,
    );
  }
  if (positionals.length === 0) {
    throw new HarnessError(
      'TPB_USAGE',
      `Missing FILE: the transcripts to replay, as "tpb-conformance emulate --record FILE" writes them. ${help}`,
    );
  }
  const cwd = io.cwd ?? process.cwd();
  const transcripts = await readTranscripts(positionals, cwd);
  const { config } = await resolveCommandConfig(values, io);
  if (config.kind === 'connector') {
    throw new HarnessError(
      'TPB_USAGE',
      `replay plays the platform's bot connector, which calls a Custom Endpoint or a function; a connector logs in to UMS itself and cannot be replayed against. ${help}`,
    );
  }
  const scrubber = await scrubberFor(config, cwd);
  const print = (line: string) => io.stdout.write(scrubber.text(line));
  let built: BuiltContext | undefined;
  try {
    built = await startCandidate(config, {
      cwd,
      path: readCliEnvironment(io.env).path,
      scrubber,
    });
    print(
      `Replaying ${transcripts.length} transcript(s) against ${describeTarget(built.target)}\n`,
    );
    const report = await replayTranscripts(built.context, transcripts, {
      text: text as TextMatch,
      target: built.target,
      onFinding: (finding, { name }) =>
        print(
          `${finding.status === 'pass' ? 'PASS' : 'FAIL'}  ${name}${finding.status === 'pass' ? '' : `: ${finding.actual ?? finding.message}`}\n`,
        ),
    });
    const { files } = await writeReports(resolve(cwd, config.reportDir), {
      report: scrubber.value(report),
    });
    const failed = report.results.filter((finding) => finding.status === 'fail').length;
    print(
      `\nReplay ${failed === 0 ? 'passed' : `failed (${failed} of ${report.results.length} transcripts differ, ${replayRuleId})`}. Reports: ${files.join(', ')}\n`,
    );
    return exitCodeOf(report);
  } catch (error) {
    throw scrubber.error(error);
  } finally {
    await built?.dispose();
  }
}
