import type { UMSMessagingEventNotification } from '../../schemas/index.ts';
import type { BotContext } from './bot-context.ts';
import { escalate } from './escalation.ts';
import { renderReply } from './reply-renderer.ts';
import { verifyReply } from './reply-verify.ts';
import type { ConversationInfo, VendorEvent } from './vendor.ts';

/**
 * One conversation of the bot: its events go to the vendor one at a time, in order (consumer
 * messages that arrive meanwhile wait, tpb-platform.md §14.5), and each reply is verified and
 * rendered. After a transfer, a close or an escalation nothing more goes to the vendor.
 */
export class ConversationRunner {
  #queue: Promise<void> = Promise.resolve();
  #ended = false;
  readonly #seen = new Set<string>();
  /** Messages that arrived before `begin()`; undefined once it ran. */
  #early: UMSMessagingEventNotification[] | undefined = [];

  constructor(
    readonly context: BotContext,
    readonly conversation: ConversationInfo,
    readonly onVendorFailure: (unreachable: boolean, code: string) => void,
  ) {}

  get ended(): boolean {
    return this.#ended;
  }

  /** Resolves when every queued event has been handled. */
  idle(): Promise<void> {
    return this.#queue;
  }

  /**
   * Starts the conversation: a chat always gets the welcome event; a messaging conversation
   * transferred in gets it with the welcome setting, with the consumer's last utterance. A new
   * messaging conversation hands its consumer messages so far to the vendor.
   */
  async begin(history: UMSMessagingEventNotification[]): Promise<void> {
    // Messages distributed while the history was fetched are part of it.
    const all = [...history];
    for (const event of this.#early ?? []) {
      if (!all.some((known) => key(known) === key(event))) all.push(event);
    }
    this.#early = undefined;
    for (const event of all) this.#seen.add(key(event));
    const transferredIn = all.some((event) => event.originatorMetadata.role !== 'CONSUMER');
    const consumerEvents = all.filter((event) => event.originatorMetadata.role === 'CONSUMER');
    if (this.conversation.channel === 'chat') {
      this.enqueue({ kind: 'welcome', lpEvent: chatLine('', true) });
    } else if (transferredIn) {
      if (this.context.config.welcomeMessage) {
        const last = [...consumerEvents].reverse().find((event) => textOf(event) !== undefined);
        const text = last && textOf(last);
        this.enqueue({
          kind: 'welcome',
          ...(text !== undefined ? { lastConsumerMessage: text } : {}),
          lpEvent: { ...(last ?? {}) },
        });
      }
      return;
    }
    for (const event of consumerEvents) this.#accept(event);
  }

  /** A message distributed in the conversation (the bot's own included); consumer input goes on. */
  onMessage(event: UMSMessagingEventNotification): void {
    // A chat state is distributed with sequence 0: it is no input, and must not mark the
    // consumer's first message (also sequence 0) as already seen.
    if (event.event.type === 'ChatStateEvent') return;
    if (this.#early) {
      this.#early.push(event);
      return;
    }
    if (this.#seen.has(key(event))) return;
    this.#seen.add(key(event));
    if (event.originatorMetadata.role === 'CONSUMER') this.#accept(event);
  }

  /** The conversation left the bot (closed, transferred by someone else). */
  end(): void {
    this.#ended = true;
    this.context.vendor.forget(this.conversation.conversationId);
  }

  /** Escalates at once, without calling the vendor (Vendor Interruption). */
  escalateNow(code: string, detail: string): void {
    this.#run(async () => {
      await escalate(this.context, this.conversation, code, detail);
      this.end();
    });
  }

  enqueue(event: VendorEvent): void {
    this.#run(() => this.#handle(event));
  }

  #accept(event: UMSMessagingEventNotification): void {
    const lpEvent =
      this.conversation.channel === 'chat' ? chatLine(textOf(event) ?? '', false) : { ...event };
    const body = event.event;
    if (body.type === 'ContentEvent' && body.contentType === 'text/plain') {
      this.enqueue({ kind: 'text', text: body.message, lpEvent });
    } else if (body.type === 'ContentEvent' && body.contentType === 'hosted/file') {
      this.enqueue({ kind: 'file', lpEvent });
    } else if (body.type === 'RichContentEvent' && this.conversation.channel === 'messaging') {
      // Consumer rich content reaches the bot in messaging only (tpb-platform.md §10).
      this.enqueue({
        kind: 'rich-content',
        content: (body.content ?? body.message ?? {}) as Record<string, unknown>,
        lpEvent,
      });
    }
  }

  #run(task: () => Promise<void>): void {
    this.#queue = this.#queue.then(async () => {
      if (this.#ended) return;
      try {
        await task();
      } catch (error) {
        // A bug of ours must not take the bot down: escalate as LivePerson's unknown error does.
        await escalate(
          this.context,
          this.conversation,
          'com.liveperson.bot-connectors-worker.error.events-queue.not-catched-pipeline-error',
          (error as Error).message,
        );
        this.end();
      }
    });
  }

  async #handle(event: VendorEvent): Promise<void> {
    const { log, vendor } = this.context;
    const conversationId = this.conversation.conversationId;
    log.add({
      kind: 'vendor-event',
      conversationId,
      event: event.kind,
      ...(event.kind === 'text' ? { text: event.text } : {}),
    });
    const outcome = await vendor.deliver(this.conversation, event);
    for (const exchange of outcome.exchanges)
      log.add({ kind: 'vendor-call', conversationId, exchange });
    // A reply arrived (a function may call back with none): log it with its parts, read once.
    if (outcome.raw !== undefined && outcome.parts) {
      log.add({
        kind: 'vendor-reply',
        conversationId,
        event: event.kind,
        raw: outcome.raw,
        parts: outcome.parts,
        ok: outcome.ok,
        ...(outcome.ok ? {} : { code: outcome.code }),
      });
    }
    if (!outcome.ok) {
      this.onVendorFailure(outcome.unreachable, outcome.code);
      await escalate(this.context, this.conversation, outcome.code, outcome.detail);
      this.end();
      return;
    }
    const verified = verifyReply(outcome.reply, { channel: this.conversation.channel });
    if (!verified.ok) {
      log.add({
        kind: 'reply',
        conversationId,
        items: outcome.reply.items.map((item) => item.kind),
        warnings: outcome.reply.warnings,
        dropped: [],
      });
      await escalate(this.context, this.conversation, verified.code, verified.detail);
      this.end();
      return;
    }
    const reply = verified.reply;
    log.add({
      kind: 'reply',
      conversationId,
      items: reply.items.map((item) => item.kind),
      ...(reply.action ? { action: reply.action.name } : {}),
      ...(reply.intent ? { intent: reply.intent } : {}),
      warnings: verified.warnings,
      dropped: verified.dropped.map((dropped) => dropped.reason),
    });
    const rendered = await renderReply(this.context, this.conversation, reply);
    if (rendered.kind === 'escalate') {
      await escalate(this.context, this.conversation, rendered.code, rendered.detail);
      this.end();
    } else if (rendered.kind === 'ended') {
      this.end();
    }
  }
}

function key(event: UMSMessagingEventNotification): string {
  return `${event.dialogId}:${event.sequence}`;
}

function textOf(event: UMSMessagingEventNotification): string | undefined {
  const message = (event.event as { message?: unknown }).message;
  return typeof message === 'string' ? message : undefined;
}

/** The raw event of a chat line, a different shape from messaging (custom-endpoint.md §6.2). */
function chatLine(text: string, isWelcomeEvent: boolean): Record<string, unknown> {
  return { '@id': String(Date.now()), '@type': 'line', text, source: 'visitor', isWelcomeEvent };
}
