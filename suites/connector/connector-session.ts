/**
 * The connector session: one per RunContext (memoized like harness/runner/session.ts). It adds a
 * bot agent with a skill of its own to the mock account, starts the connector command, and drives
 * the scenarios the UMS rules judge, once each and one at a time:
 *
 * 1. `ready()` — the process logs in and opens its socket; ONLINE and a subscription follow.
 * 2. `conversations()` — consumers on its skill send texts (and the declared utterances), a
 *    transfer and a close conversation run when declared, an event originated by the bot itself
 *    is played back to it (no echo), and a decoy conversation it does not own sits on another skill.
 * 3. `recovery()` — the mock cuts the socket (1006), closes it with 1011, then revokes the bearer
 *    (4401); each time the connector must come back ONLINE and answer.
 * 4. `ttl()` — the connector is restarted under the session TTL of UMS-13; a short one is watched
 *    past its end, a long one (LivePerson's 8 h, the default) is ended by the mock (4401); after
 *    the end it must log in again, come back ONLINE and answer.
 *
 * Everything the mock sees of the connector is recorded (ConnectorRecorder); the checks judge
 * those records. The process is stopped with `stopConnector(context)`, or when the mock stops.
 *
 * @see docs/rules.md (UMS-01 to UMS-14)
 */
import { randomUUID } from 'node:crypto';
import { HarnessError, type RunContext, scenarioKey, sweepSentences } from '../../harness/index.ts';
import type { Agent, Skill, TrafficEntry } from '../../mocks/index.ts';
import type { ControlTranscriptEvent, Evidence } from '../../schemas/index.ts';
import { type ConnectorExit, ConnectorProcess, connectorVariables } from './connector-process.ts';
import { ConnectorRecorder, type HttpRecord, type SessionRecord } from './connector-recorder.ts';
import { type ConnectorTimings, connectorTimings } from './connector-timings.ts';
import { bodyOf, isRequest, umsTypes } from './ums-frames.ts';

/** Skills the session creates: the connector's own, the one it transfers to, and a decoy. */
export const connectorSkills = {
  own: 'tpb-conformance-connector',
  transfer: 'tpb-conformance-transfer',
  decoy: 'tpb-conformance-decoy',
} as const;

/** What consumers say first; the connector must answer it as any text. */
const greeting = sweepSentences[0] ?? 'Hello there';
/** A second sweep sentence for the first conversation. */
const followUp = sweepSentences[1] ?? 'What can you do for me?';

/** Utterances that ask for a field change rather than text; any publish or field request answers them. */
const looseUtterances = new Set(['ttr', 'delay', 'invoke-function']);

/** How far one start of the connector got. */
export interface ReadyResult {
  processStartedAt: number;
  /** Set when the process ended before it was ready. */
  exit?: ConnectorExit;
  /** The first socket of this start (a traffic `open` entry). */
  opened?: TrafficEntry;
  /** SetAgentState ONLINE, answered with success, on that socket. */
  online?: TrafficEntry;
  /** The first successful subscription on that socket. */
  subscribed?: TrafficEntry;
  /** How long the harness waited for ONLINE and a subscription after the socket opened. */
  readyWindowMs: number;
}

/** One consumer message and the bot's answer to it. */
export interface ConsumerTurn {
  /** `sweep`, or the declared utterance key. */
  key: string;
  conversationId: string;
  text: string;
  sentAt: number;
  /** Its dialog sequence. */
  sequence: number;
  /** Whether UMS-06 expects an answer (transfer and close are answered by the field change). */
  needsReply: boolean;
  reply?: { at: number; description: string };
}

/** A conversation the harness ran against the connector. */
export interface ScriptedConversation {
  purpose: 'sweep' | 'transfer' | 'close' | 'decoy' | 'recovery' | 'ttl';
  conversationId: string;
  openedAt: number;
  /** When the connector became its active assigned agent. */
  joinedAt?: number;
  turns: ConsumerTurn[];
  /** The transfer or close utterance, and when the conversation left the bot (or closed). */
  action?: { key: 'transfer' | 'close'; sentAt: number; doneAt?: number };
  /** Set when the harness closed the conversation to stop an echo loop. */
  runaway?: { at: number; botEvents: number };
}

/** An event originated by the bot itself, played back to it: it must not be answered. */
export interface EchoProbe {
  conversationId: string;
  at: number;
  sequence: number;
  text: string;
  /** The bot's messages in that conversation after the probe, within the quiet window. */
  answers: ControlTranscriptEvent[];
}

export interface ConversationsResult {
  ready: ReadyResult;
  /** False when the connector was not ready: then nothing below ran. */
  ran: boolean;
  startedAt: number;
  finishedAt: number;
  conversations: ScriptedConversation[];
  probe?: EchoProbe;
}

/** One socket fault and how the connector came back from it. */
export interface RecoveryStep {
  code: 1006 | 1011 | 4401;
  faultAt: number;
  deadline: number;
  /** The connector's sockets the fault closed. */
  closed: number;
  /** The first socket opened after the fault. */
  reconnected?: TrafficEntry;
  /** A login after the fault (needed after 4401). */
  login?: SessionRecord;
  online?: TrafficEntry;
  subscribed?: TrafficEntry;
  conversation?: ScriptedConversation;
  /** Reconnect attempts after the fault: logins and upgrades, with whether they worked. */
  attempts: Array<{ at: number; what: 'login' | 'upgrade'; ok: boolean }>;
  /** What did not happen in time, when the step failed. */
  failure?: string;
}

export interface RecoveryResult {
  ready: ReadyResult;
  ran: boolean;
  steps: RecoveryStep[];
}

/**
 * The connector restarted under the session TTL of UMS-13, and what it did when that session
 * ended: a TTL short enough to watch (`expiry`) runs out by itself unless the connector refreshes;
 * a longer one (LivePerson's 8 h, the default) is ended by the harness (`end`).
 */
export interface TtlResult {
  ttlMs: number;
  mode: 'expiry' | 'end';
  ready: ReadyResult;
  ran: boolean;
  /** The first login of the restarted process. */
  loginAt?: number;
  /** When its session ended (expired, or ended by the harness); unset when it never ended. */
  endedAt?: number;
  /** Closes of its sockets from the end until its new socket (the mock closes them with 4401). */
  closes?: TrafficEntry[];
  /** The recovery deadline: `endedAt` + the recovery bound. */
  deadline?: number;
  /** The first login after the end. */
  relogin?: SessionRecord;
  /** A socket opened after that login: the first that set ONLINE and subscribed, or else the first. */
  reconnected?: TrafficEntry;
  online?: TrafficEntry;
  subscribed?: TrafficEntry;
  /** When the harness stopped watching. */
  watchedUntil?: number;
  /** Sessions of the restarted process. */
  sessions: SessionRecord[];
  refreshes: HttpRecord[];
  logins: HttpRecord[];
  /** The conversation opened after the end (or after the watch, when the session never ended). */
  conversation?: ScriptedConversation;
}

/** The connector under test and what the mock saw of it. */
export class ConnectorSession {
  readonly agent: Agent;
  readonly skill: Skill;
  readonly transferSkill: Skill;
  readonly decoySkill: Skill;
  readonly recorder: ConnectorRecorder;
  readonly timings: ConnectorTimings;
  readonly command: string;
  #process: ConnectorProcess | undefined;
  #processes: ConnectorProcess[] = [];
  #ready: Promise<ReadyResult> | undefined;
  #conversations: Promise<ConversationsResult> | undefined;
  #recovery: Promise<RecoveryResult> | undefined;
  #ttl: Promise<TtlResult> | undefined;
  /** Phases run one at a time, in the order asked for. */
  #queue: Promise<unknown> = Promise.resolve();
  #stopped: Promise<void> | undefined;
  readonly #onCloudClose = () => void this.stop();
  /** Every conversation the harness opened for the connector, in order. */
  readonly #scripted: ScriptedConversation[] = [];
  readonly #stopWatching: () => void;

  constructor(readonly context: RunContext) {
    const { target } = context;
    if (target.kind !== 'connector' || !target.command) {
      throw new HarnessError(
        'TPB_CONFIG',
        'No connector command to start: pass --command "<shell command>" with --kind connector.',
      );
    }
    this.command = target.command;
    this.timings = connectorTimings(context);
    const { directory } = context.cloud.account;
    this.skill = directory.addSkill(connectorSkills.own);
    this.transferSkill = directory.addSkill(context.skills[0] ?? connectorSkills.transfer);
    for (const skill of context.skills) directory.addSkill(skill);
    this.decoySkill = directory.addSkill(connectorSkills.decoy);
    this.agent = directory.addAgent({
      loginName: `tpb-connector-${randomUUID().slice(0, 8)}`,
      password: randomUUID(),
      isBot: true,
      skills: [this.skill.name],
    });
    this.recorder = new ConnectorRecorder(context.cloud, this.agent);
    this.#stopWatching = this.#watchRunaways();
    context.cloud.servers.secure.once('close', this.#onCloudClose);
  }

  /** The process now running, if any. */
  get process(): ConnectorProcess | undefined {
    return this.#process;
  }

  /** Phase 1: start the connector and wait for its socket, ONLINE and a subscription. */
  ready(): Promise<ReadyResult> {
    this.#ready ??= this.#enqueue(() => this.#start());
    return this.#ready;
  }

  /** Phase 2: the scripted conversations (after `ready`). */
  conversations(): Promise<ConversationsResult> {
    this.#conversations ??= this.ready().then(() => this.#enqueue(() => this.#converse()));
    return this.#conversations;
  }

  /** Phase 3: socket faults 1006, 1011 and 4401 (after `conversations`, which it must not disturb). */
  recovery(): Promise<RecoveryResult> {
    this.#recovery ??= this.conversations().then(() => this.#enqueue(() => this.#recover()));
    return this.#recovery;
  }

  /** Phase 4: a restart under the UMS-13 session TTL, and its end (after the phases already asked for). */
  ttl(): Promise<TtlResult> {
    this.#ttl ??= this.ready().then(() => this.#enqueue(() => this.#watchTtl()));
    return this.#ttl;
  }

  /** The process output and exit as evidence (secrets redacted). */
  outputEvidence(maxChars = 4000): Evidence[] {
    const evidence: Evidence[] = [];
    for (const [index, run] of this.#processes.entries()) {
      const output = run.output().trim();
      const exit = run.exit;
      const label = this.#processes.length > 1 ? ` (start ${index + 1})` : '';
      if (exit && run.stopRequested) {
        evidence.push({
          kind: 'note',
          text: `The harness stopped the connector process${label} ${((exit.at - run.startedAt) / 1000).toFixed(1)} s after it started.`,
        });
      } else if (exit) {
        evidence.push({
          kind: 'note',
          text: `The connector process${label} exited ${exit.error ? `(${exit.error})` : `with code ${exit.code}${exit.signal ? `, signal ${exit.signal}` : ''}`} ${((exit.at - run.startedAt) / 1000).toFixed(1)} s after it started.`,
        });
      }
      if (output) {
        evidence.push({
          kind: 'note',
          text: `Output of the connector${label} (last ${Math.min(output.length, maxChars)} characters, secrets redacted):\n${output.slice(-maxChars)}`,
        });
      }
    }
    return evidence;
  }

  /** Stops the connector and the recording; idempotent. */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      this.context.cloud.servers.secure.off('close', this.#onCloudClose);
      this.#stopWatching();
      await Promise.all(this.#processes.map((run) => run.stop(this.timings.stopGraceMs)));
      this.recorder.dispose();
    })();
    return this.#stopped;
  }

  #enqueue<T>(phase: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(phase, phase);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #secrets(): string[] {
    return [
      this.agent.password,
      ...this.recorder.sessions.flatMap((session) => [session.bearer, session.csrf]),
    ];
  }

  #launch(sessionTtlMs: number): ConnectorProcess {
    const { cloud } = this.context;
    const run = ConnectorProcess.start({
      command: this.command,
      variables: connectorVariables({
        csdsDomain: cloud.urls.csdsDomain,
        accountId: cloud.account.accountId,
        username: this.agent.loginName,
        password: this.agent.password,
        transferSkillId: this.transferSkill.id,
        transferSkill: this.transferSkill.name,
        sessionTtlMs,
        caCertPath: cloud.certificates.caCertPath,
      }),
      secrets: () => this.#secrets(),
    });
    run.on('exit', () => this.recorder.notify());
    this.#process = run;
    this.#processes.push(run);
    return run;
  }

  async #start(): Promise<ReadyResult> {
    if (this.#stopped) throw new HarnessError('TPB_INTERNAL', 'The connector session has stopped.');
    const run = this.#launch(this.context.cloud.sessions.ttlMs);
    return this.#awaitReady(run);
  }

  /** Waits for the first socket of `run` and then for ONLINE and a subscription on it. */
  async #awaitReady(run: ConnectorProcess): Promise<ReadyResult> {
    const { recorder, timings } = this;
    const since = run.startedAt;
    const base: ReadyResult = { processStartedAt: since, readyWindowMs: timings.readyWithinMs };
    const opened = await recorder.waitFor(
      () =>
        recorder.entries.find((entry) => entry.event === 'open' && entry.at >= since) ?? run.exit,
      timings.connectWithinMs,
    );
    if (!opened || !('event' in opened)) {
      return { ...base, ...(run.exit ? { exit: run.exit } : {}) };
    }
    const deadline = opened.at + timings.readyWithinMs;
    await recorder.waitFor(
      () =>
        (this.#online(opened.connectionId) && this.#subscribed(opened.connectionId)) || run.exit,
      deadline - Date.now(),
    );
    const online = this.#online(opened.connectionId);
    const subscribed = this.#subscribed(opened.connectionId);
    return {
      ...base,
      opened,
      ...(online && online.at <= deadline ? { online } : {}),
      ...(subscribed && subscribed.at <= deadline ? { subscribed } : {}),
      ...(run.exit ? { exit: run.exit } : {}),
    };
  }

  /** SetAgentState ONLINE on a socket, answered with success. */
  #online(connectionId: string): TrafficEntry | undefined {
    return this.recorder.entries.find(
      (entry) =>
        entry.connectionId === connectionId &&
        isRequest(entry, umsTypes.setAgentState) &&
        bodyOf(entry)?.availability === 'ONLINE' &&
        this.recorder.succeeded(entry),
    );
  }

  /** SubscribeExConversations with OPEN, or SubscribeRoutingTasks, answered with success. */
  #subscribed(connectionId: string): TrafficEntry | undefined {
    return this.recorder.entries.find((entry) => {
      if (entry.connectionId !== connectionId || !this.recorder.succeeded(entry)) return false;
      if (isRequest(entry, umsTypes.subscribeRoutingTasks)) return true;
      if (!isRequest(entry, umsTypes.subscribeExConversations)) return false;
      const states = bodyOf(entry)?.convState;
      return Array.isArray(states) && states.includes('OPEN');
    });
  }

  async #converse(): Promise<ConversationsResult> {
    const ready = await this.ready();
    const startedAt = Date.now();
    const result: ConversationsResult = {
      ready,
      ran: false,
      startedAt,
      finishedAt: startedAt,
      conversations: [],
    };
    if (!ready.opened || this.#process?.exit) {
      result.finishedAt = Date.now();
      return result;
    }
    result.ran = true;
    const { consumer } = this.context.cloud;
    const { utterances } = this.context;
    // A conversation on another skill, never routed to the connector: it must not publish there.
    const decoy = consumer.open({ skill: this.decoySkill.name, text: greeting });
    result.conversations.push(
      this.#track({
        purpose: 'decoy',
        conversationId: decoy.conversationId,
        openedAt: Date.now(),
        turns: [],
      }),
    );

    const sweep = await this.#openConversation('sweep', greeting);
    result.conversations.push(sweep);
    if (!sweep.joinedAt) {
      // It does not take conversations: every other scenario would only wait for nothing.
      result.finishedAt = Date.now();
      return result;
    }
    const texts: Array<[string, string]> = [['sweep', followUp]];
    for (const [key, text] of Object.entries(utterances)) {
      if (text && key !== 'transfer' && key !== 'close') texts.push([key, text]);
    }
    for (const [key, text] of texts) {
      if (!this.#isOpen(sweep.conversationId) || !sweep.turns.at(-1)?.reply) break;
      await this.#turn(sweep, key, text, true);
    }

    for (const key of ['transfer', 'close'] as const) {
      const utterance = utterances[key];
      if (!utterance) continue;
      const conversation = await this.#openConversation(key, greeting);
      result.conversations.push(conversation);
      if (!this.#isOpen(conversation.conversationId) || !conversation.joinedAt) continue;
      await this.#act(conversation, key, utterance);
    }

    const probe = await this.#probeEcho(sweep);
    if (probe) result.probe = probe;
    result.finishedAt = Date.now();
    return result;
  }

  #track(conversation: ScriptedConversation): ScriptedConversation {
    this.#scripted.push(conversation);
    return conversation;
  }

  /** Opens a conversation on the connector's skill and waits for it to join and answer. */
  async #openConversation(
    purpose: ScriptedConversation['purpose'],
    text: string,
    deadline?: number,
  ): Promise<ScriptedConversation> {
    const { consumer } = this.context.cloud;
    const opened = consumer.open({ skill: this.skill.name, text });
    const conversation = this.#track({
      purpose,
      conversationId: opened.conversationId,
      openedAt: Date.now(),
      turns: [],
    });
    const first = consumer
      .transcript(opened.conversationId)
      .events.find((event) => event.from === 'consumer' && event.sequence !== null);
    const turn: ConsumerTurn = {
      key: purpose === 'transfer' || purpose === 'close' ? 'sweep' : purpose,
      conversationId: opened.conversationId,
      text,
      sentAt: conversation.openedAt,
      sequence: first?.sequence ?? 0,
      needsReply: true,
    };
    conversation.turns.push(turn);
    await this.#awaitReply(conversation, turn, deadline);
    return conversation;
  }

  /** Sends one consumer text and waits for the bot's answer. */
  async #turn(
    conversation: ScriptedConversation,
    key: string,
    text: string,
    needsReply: boolean,
  ): Promise<ConsumerTurn | undefined> {
    let sequence: number;
    try {
      sequence = this.context.cloud.consumer.sendText(conversation.conversationId, text);
    } catch {
      // Closed meanwhile (an echo loop the harness stopped, or the connector closed it).
      return undefined;
    }
    const turn: ConsumerTurn = {
      key,
      conversationId: conversation.conversationId,
      text,
      sentAt: Date.now(),
      sequence,
      needsReply,
    };
    conversation.turns.push(turn);
    if (needsReply) await this.#awaitReply(conversation, turn);
    return turn;
  }

  async #awaitReply(
    conversation: ScriptedConversation,
    turn: ConsumerTurn,
    deadline = Date.now() + this.timings.replyWithinMs,
  ): Promise<void> {
    const reply = await this.recorder.waitFor(() => {
      if (!conversation.joinedAt && this.#isActive(conversation.conversationId)) {
        conversation.joinedAt = Date.now();
      }
      const closed = this.#process?.exit || !this.#isOpen(turn.conversationId);
      return this.#replyTo(turn) ?? (closed ? null : undefined);
    }, deadline - Date.now());
    if (reply) turn.reply = reply;
  }

  /** The bot's answer to a consumer message, if there is one yet. */
  #replyTo(turn: ConsumerTurn): ConsumerTurn['reply'] | undefined {
    const botEvent = this.#botEvents(turn.conversationId, turn.sequence).find(
      (event) => event.type === 'ContentEvent' || event.type === 'RichContentEvent',
    );
    if (botEvent) {
      return {
        at: Date.parse(botEvent.at),
        description: `a ${botEvent.type} (sequence ${botEvent.sequence})`,
      };
    }
    if (!looseUtterances.has(turn.key)) return undefined;
    const request = this.recorder.entries.find(
      (entry) =>
        entry.at >= turn.sentAt &&
        (isRequest(entry, umsTypes.publishEvent) ||
          isRequest(entry, umsTypes.updateConversationField)) &&
        conversationOf(entry) === turn.conversationId &&
        this.recorder.succeeded(entry),
    );
    return request && { at: request.at, description: `a ${request.type} request` };
  }

  /** Stored events the connector's agent published into a conversation after a sequence. */
  #botEvents(conversationId: string, afterSequence: number): ControlTranscriptEvent[] {
    const conversation = this.context.cloud.account.conversations.get(conversationId);
    if (!conversation) return [];
    return this.context.cloud.consumer
      .transcript(conversationId)
      .events.filter(
        (event) =>
          event.originatorId === this.agent.oldId &&
          event.sequence !== null &&
          event.sequence > afterSequence,
      );
  }

  /** Sends the transfer or close utterance and waits until the conversation leaves the bot. */
  async #act(
    conversation: ScriptedConversation,
    key: 'transfer' | 'close',
    utterance: string,
  ): Promise<void> {
    const skillBefore = this.context.cloud.account.conversations.get(
      conversation.conversationId,
    )?.skillId;
    const turn = await this.#turn(conversation, key, utterance, false);
    if (!turn) return;
    const action: NonNullable<ScriptedConversation['action']> = { key, sentAt: turn.sentAt };
    conversation.action = action;
    const done = await this.recorder.waitFor(() => {
      const current = this.context.cloud.account.conversations.get(conversation.conversationId);
      if (!current) return undefined;
      if (key === 'close') return current.state === 'CLOSE' || undefined;
      return current.skillId !== skillBefore || !this.#isActive(conversation.conversationId);
    }, this.timings.replyWithinMs);
    if (done) action.doneAt = Date.now();
  }

  /** Plays an event originated by the bot itself back to it and watches for an answer. */
  async #probeEcho(sweep: ScriptedConversation): Promise<EchoProbe | undefined> {
    const { account } = this.context.cloud;
    const conversation = account.conversations.get(sweep.conversationId);
    const self = conversation?.participants.find(
      (participant) => participant.id === this.agent.oldId && participant.state === 'ACTIVE',
    );
    await this.#settle(sweep);
    if (!conversation || !self || conversation.state !== 'OPEN' || sweep.runaway) {
      // Nothing to play back; still give late publishes (after a transfer or close) a chance.
      await this.recorder.waitFor(() => this.#process?.exit, this.timings.quietMs);
      return undefined;
    }
    const text = greeting;
    const sequence = account.conversations.publish(conversation.id, {
      originator: self,
      event: { type: 'ContentEvent', contentType: 'text/plain', message: text },
    });
    const probe: EchoProbe = {
      conversationId: conversation.id,
      at: Date.now(),
      sequence,
      text,
      answers: [],
    };
    await this.recorder.waitFor(
      () =>
        this.#botEvents(conversation.id, sequence).some(
          (event) => event.type === 'ContentEvent' || event.type === 'RichContentEvent',
        ) || this.#process?.exit,
      this.timings.quietMs,
    );
    probe.answers = this.#botEvents(conversation.id, sequence).filter(
      (event) => event.type === 'ContentEvent' || event.type === 'RichContentEvent',
    );
    return probe;
  }

  /**
   * Waits until the bot has published nothing into the conversation for half the quiet window (a
   * loop is closed by the runaway watch meanwhile), at most the reply timeout.
   */
  async #settle(conversation: ScriptedConversation): Promise<void> {
    const until = Date.now() + this.timings.replyWithinMs;
    const count = () => this.#botEvents(conversation.conversationId, -1).length;
    while (
      Date.now() < until &&
      !conversation.runaway &&
      this.#isOpen(conversation.conversationId)
    ) {
      const seen = count();
      const more = await this.recorder.waitFor(
        () => count() > seen || conversation.runaway !== undefined,
        Math.min(this.timings.quietMs / 2, until - Date.now()),
      );
      if (!more) return;
    }
  }

  /**
   * Closes (as the consumer) any scripted conversation where the bot publishes message after
   * message with no consumer message in between: an echo loop would otherwise never end.
   */
  #watchRunaways(): () => void {
    const store = this.context.cloud.account.conversations;
    const streak = new Map<string, number>();
    const onEvent = (
      conversation: { id: string },
      event: { originatorId: string; event: { type: string } },
    ) => {
      const scripted = this.#scripted.find((c) => c.conversationId === conversation.id);
      if (!scripted || scripted.runaway) return;
      if (event.originatorId !== this.agent.oldId) {
        if (event.event.type === 'ContentEvent' || event.event.type === 'RichContentEvent') {
          streak.set(conversation.id, 0);
        }
        return;
      }
      if (event.event.type !== 'ContentEvent' && event.event.type !== 'RichContentEvent') return;
      const count = (streak.get(conversation.id) ?? 0) + 1;
      streak.set(conversation.id, count);
      if (count < this.timings.runawayReplies) return;
      scripted.runaway = { at: Date.now(), botEvents: count };
      // After the store has finished distributing this event.
      setImmediate(() => {
        try {
          this.context.cloud.consumer.close(conversation.id);
        } catch {
          // Closed already.
        }
      });
    };
    store.on('event', onEvent);
    return () => store.off('event', onEvent);
  }

  async #recover(): Promise<RecoveryResult> {
    const ready = await this.ready();
    const result: RecoveryResult = { ready, ran: false, steps: [] };
    if (!ready.opened || this.#process?.exit) return result;
    result.ran = true;
    const { faults } = this.context.cloud;
    for (const code of [1006, 1011, 4401] as const) {
      const faultAt = Date.now();
      const step: RecoveryStep = {
        code,
        faultAt,
        deadline: faultAt + this.timings.recoverWithinMs,
        closed: 0,
        attempts: [],
      };
      result.steps.push(step);
      if (this.recorder.openConnections().length === 0) {
        step.failure = 'the connector had no open socket when the fault was due';
        break;
      }
      step.closed = code === 4401 ? this.#expireBearer() : faults.dropSocket(this.agent, code);
      await this.#awaitRecovery(step);
      step.attempts = this.#attemptsSince(faultAt, step.deadline);
      if (step.failure) break;
    }
    return result;
  }

  /** Revokes the live sessions of the connector's agent: their sockets close with 4401. */
  #expireBearer(): number {
    const sockets = this.recorder.openConnections().length;
    this.context.cloud.faults.expireBearer(this.agent);
    return sockets;
  }

  async #awaitRecovery(step: RecoveryStep): Promise<void> {
    const { recorder } = this;
    const exited = () => this.#process?.exit;
    const remaining = () => step.deadline - Date.now();
    const reconnected = await recorder.waitFor(
      () =>
        recorder.entries.find(
          (entry) =>
            entry.event === 'open' && entry.at >= step.faultAt && entry.direction === 'received',
        ) ?? exited(),
      remaining(),
    );
    if (!reconnected || !('event' in reconnected)) {
      step.failure = `no new socket was opened${exited() ? ' (the process exited)' : ''}`;
      return;
    }
    step.reconnected = reconnected;
    const login = recorder.sessions.find(
      (session) => session.origin === 'login' && session.createdAt >= step.faultAt,
    );
    if (login) step.login = login;
    if (step.code === 4401 && !login) {
      step.failure = 'a socket opened, but without a new login after the bearer was revoked';
      return;
    }
    const id = reconnected.connectionId;
    await recorder.waitFor(
      () => (this.#online(id) && this.#subscribed(id)) || exited(),
      remaining(),
    );
    const online = this.#online(id);
    const subscribed = this.#subscribed(id);
    if (online) step.online = online;
    if (subscribed) step.subscribed = subscribed;
    if (!online || !subscribed) {
      step.failure = `the new socket ${id} did not ${!online ? 'set ONLINE' : 'subscribe'}`;
      return;
    }
    const conversation = await this.#openConversation('recovery', greeting, step.deadline);
    step.conversation = conversation;
    if (!conversation.turns[0]?.reply) step.failure = 'the new conversation got no answer';
  }

  #attemptsSince(from: number, until: number): RecoveryStep['attempts'] {
    const attempts: RecoveryStep['attempts'] = [];
    for (const request of this.recorder.http) {
      if (request.kind !== 'login' || request.at < from || request.at > until) continue;
      attempts.push({
        at: request.at,
        what: 'login',
        ok: request.status !== undefined && request.status < 300,
      });
    }
    for (const upgrade of this.recorder.upgrades) {
      if (upgrade.at < from || upgrade.at > until) continue;
      attempts.push({ at: upgrade.at, what: 'upgrade', ok: upgrade.accepted });
    }
    return attempts.sort((a, b) => a.at - b.at);
  }

  async #watchTtl(): Promise<TtlResult> {
    const { cloud } = this.context;
    const { sessionTtlMs: ttlMs, sessionTtlWatchFactor, sessionTtlWatchLimitMs } = this.timings;
    const watchMs = Math.ceil(ttlMs * sessionTtlWatchFactor);
    const mode = watchMs <= sessionTtlWatchLimitMs ? 'expiry' : 'end';
    // A fresh start, so that the connector's first login gets the TTL (and does not depend on
    // what the earlier phases left of it).
    await this.#process?.stop(this.timings.stopGraceMs);
    for (const session of cloud.sessions.active()) {
      if (session.userId === this.agent.userId) cloud.sessions.revoke(session.bearer);
    }
    const previousTtl = cloud.sessions.ttlMs;
    cloud.sessions.setTtl(ttlMs);
    try {
      const run = this.#launch(ttlMs);
      const ready = await this.#awaitReady(run);
      const since = run.startedAt;
      const result: TtlResult = {
        ttlMs,
        mode,
        ready,
        ran: false,
        sessions: [],
        refreshes: [],
        logins: [],
      };
      const collect = () => {
        result.sessions = this.recorder.sessions.filter((session) => session.createdAt >= since);
        result.refreshes = this.recorder.http.filter((r) => r.kind === 'refresh' && r.at >= since);
        result.logins = this.recorder.http.filter((r) => r.kind === 'login' && r.at >= since);
      };
      collect();
      const loginAt = result.sessions[0]?.createdAt;
      if (!ready.opened || loginAt === undefined || run.exit) return result;
      result.ran = true;
      result.loginAt = loginAt;
      const ofStart = () => this.recorder.sessions.filter((session) => session.createdAt >= since);
      if (mode === 'end') {
        result.endedAt = Date.now();
        cloud.faults.expireBearer(this.agent);
      } else {
        // Until its session expires or a refresh is refused (the session is over either way), or
        // the watch ends: a refresh in time keeps the session alive.
        const ended = await this.recorder.waitFor(
          () => {
            const ends = [
              ofStart().find((session) => session.reason === 'expired')?.endedAt,
              this.recorder.http.find(
                (r) => r.kind === 'refresh' && r.at >= since && r.status === 401,
              )?.at,
            ].filter((at) => at !== undefined);
            return ends.length > 0 ? Math.min(...ends) : run.exit;
          },
          loginAt + watchMs - Date.now(),
        );
        if (typeof ended === 'number') result.endedAt = ended;
      }
      const { endedAt } = result;
      if (endedAt !== undefined) {
        // The session in force at the end; any login after it is a new one (the mock may record
        // the end of an expired session only when that new login replaces it).
        const current = ofStart()
          .filter((session) => session.createdAt <= endedAt)
          .at(-1);
        await this.#awaitRelogin(result, run, current);
        const until = result.reconnected?.at ?? Date.now();
        result.closes = this.recorder.entries.filter(
          (entry) => entry.event === 'close' && entry.at >= endedAt && entry.at <= until,
        );
      } else if (!run.exit && this.recorder.openConnections().length > 0) {
        // It kept its session alive; without a socket nothing could be routed to it.
        result.conversation = await this.#openConversation('ttl', greeting);
      }
      result.watchedUntil = Date.now();
      collect();
      return result;
    } finally {
      cloud.sessions.setTtl(previousTtl);
    }
  }

  /**
   * After the session ended: a new login, a socket opened with it that sets ONLINE and subscribes,
   * and an answer to a new conversation, all before the recovery deadline.
   */
  async #awaitRelogin(
    result: TtlResult,
    run: ConnectorProcess,
    ended: SessionRecord | undefined,
  ): Promise<void> {
    const { recorder } = this;
    const endedAt = result.endedAt ?? Date.now();
    const deadline = endedAt + this.timings.recoverWithinMs;
    result.deadline = deadline;
    const relogin = await recorder.waitFor(
      () =>
        recorder.sessions
          .slice(ended ? recorder.sessions.indexOf(ended) + 1 : 0)
          .find(
            (session) =>
              session.origin === 'login' && (ended !== undefined || session.createdAt >= endedAt),
          ) ?? run.exit,
      deadline - Date.now(),
    );
    if (!relogin || !('bearer' in relogin)) return;
    result.relogin = relogin;
    const sockets = () =>
      recorder.entries.filter(
        (entry) =>
          entry.event === 'open' && entry.direction === 'received' && entry.at >= relogin.createdAt,
      );
    // Any socket of the new login counts: a client may replace its first one on the way.
    const ready = await recorder.waitFor(
      () =>
        sockets().find(
          (entry) => this.#online(entry.connectionId) && this.#subscribed(entry.connectionId),
        ) ?? run.exit,
      deadline - Date.now(),
    );
    const socket = ready && 'event' in ready ? ready : sockets()[0];
    if (!socket) return;
    result.reconnected = socket;
    const online = this.#online(socket.connectionId);
    const subscribed = this.#subscribed(socket.connectionId);
    if (online) result.online = online;
    if (subscribed) result.subscribed = subscribed;
    if (!online || !subscribed || run.exit) return;
    result.conversation = await this.#openConversation('ttl', greeting, deadline);
  }

  #isOpen(conversationId: string): boolean {
    return this.context.cloud.account.conversations.get(conversationId)?.state === 'OPEN';
  }

  /** Whether the connector's agent is an active participant of the conversation now. */
  #isActive(conversationId: string): boolean {
    return (
      this.context.cloud.account.conversations
        .get(conversationId)
        ?.participants.some(
          (participant) => participant.id === this.agent.oldId && participant.state === 'ACTIVE',
        ) ?? false
    );
  }
}

/** The conversation a PublishEvent or UpdateConversationField request is about. */
export function conversationOf(entry: TrafficEntry): string | undefined {
  const body = bodyOf(entry);
  if (!body) return undefined;
  const id = entry.type === umsTypes.publishEvent ? body.dialogId : body.conversationId;
  return typeof id === 'string' ? id : undefined;
}

const connectorSessionKey = scenarioKey<ConnectorSession>('connector session');

/** The run's connector session, created (not started) on first use. */
export function connectorSession(context: RunContext): ConnectorSession {
  return context.scenarios.once(connectorSessionKey, () => new ConnectorSession(context));
}

/** Stops the run's connector, if it was started; tests call it before disposing the context. */
export async function stopConnector(context: RunContext): Promise<void> {
  await context.scenarios.get(connectorSessionKey)?.stop();
}
