import { writeFile } from 'node:fs/promises';
import type { TpbBot } from '../../mocks/index.ts';
import { describeTarget } from '../../reports/index.ts';
import type { EmulatorConsumerInput, EmulatorTranscript, Report } from '../../schemas/index.ts';
import { HarnessError } from '../harness-error.ts';
import type { Check } from '../runner/check.ts';
import type { RunContext } from '../runner/run-context.ts';
import type { Channel } from '../runner/session.ts';
import { toolVersion } from '../tool-version.ts';
import { ConversationDriver, startDriverBot } from './conversation-driver.ts';
import { turnVerdicts } from './turn-verdicts.ts';
import { type TurnView, turnView } from './turn-view.ts';

/** What the page shows: the conversation so far, turn by turn. */
export interface EmulatorState {
  channel: Channel;
  /** Whether a conversation is open (the composer is enabled). */
  open: boolean;
  turns: TurnView[];
}

/** The skill the emulated bot serves. */
const emulatorSkill = 'tpb-conformance-emulator';

/**
 * One emulator: the candidate's engine bot on the mock platform, the conversation being played,
 * its turns as the page shows them and its recording. Inputs are played one at a time, in the
 * order they arrive, so two clicks cannot interleave their turns.
 */
export class EmulatorSession {
  #driver: ConversationDriver;
  #turns: TurnView[] = [];
  #recording: EmulatorTranscript['turns'] = [];
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly context: RunContext,
    readonly bot: TpbBot,
    readonly checks: readonly Check[],
    readonly target: Report['target'],
    readonly recordFile: string | undefined,
    channel: Channel,
  ) {
    this.#driver = new ConversationDriver(context, bot, emulatorSkill, channel);
  }

  /** Starts the candidate's bot; throws when it does not start (Test Connection failed). */
  static async start(options: {
    context: RunContext;
    checks: readonly Check[];
    target: Report['target'];
    channel: Channel;
    recordFile?: string;
  }): Promise<EmulatorSession> {
    const { bot, ok, detail } = await startDriverBot(options.context, emulatorSkill);
    if (!ok) {
      await bot.stop();
      throw new HarnessError(
        'TPB_UNREACHABLE',
        `Failed to start the bot on the mock platform: ${detail}. Check the target with "tpb-conformance test-connection".`,
      );
    }
    const { context, checks, target, recordFile, channel } = options;
    return new EmulatorSession(context, bot, checks, target, recordFile, channel);
  }

  state(): EmulatorState {
    return { channel: this.#driver.channel, open: this.#driver.open, turns: this.#turns };
  }

  /** The conversation so far as a transcript file holds it. */
  transcript(): EmulatorTranscript {
    return {
      format: 'tpb-conformance-transcript',
      version: 1,
      recordedAt: new Date().toISOString(),
      recordedWith: `tpb-conformance ${toolVersion}, ${describeTarget(this.target)}`,
      channel: this.#driver.channel,
      welcomeMessage: true,
      turns: this.#recording,
    };
  }

  /** Ends the conversation being played (closing it if open) and starts afresh on `channel`. */
  restart(channel: Channel): Promise<EmulatorState> {
    return this.#serially(async () => {
      const id = this.#driver.conversationId;
      if (this.#driver.open && id) this.context.cloud.consumer.close(id);
      this.#driver = new ConversationDriver(this.context, this.bot, emulatorSkill, channel);
      this.#turns = [];
      this.#recording = [];
      return this.state();
    });
  }

  /** Plays one consumer input, judges the reply, records the turn. */
  play(input: EmulatorConsumerInput): Promise<EmulatorState> {
    return this.#serially(async () => {
      const played = await this.#driver.play(input);
      const verdicts = await turnVerdicts(
        this.context,
        this.checks,
        this.target,
        played,
        this.#driver.channel,
      );
      this.#turns.push(turnView(played, verdicts));
      this.#recording.push({ consumer: played.consumer, bot: played.bot });
      if (this.recordFile) {
        await writeFile(this.recordFile, `${JSON.stringify(this.transcript(), null, 2)}\n`);
      }
      return this.state();
    });
  }

  async stop(): Promise<void> {
    await this.#queue.catch(() => undefined);
    await this.bot.stop();
  }

  #serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.catch(() => undefined).then(work);
    this.#queue = next;
    return next;
  }
}
