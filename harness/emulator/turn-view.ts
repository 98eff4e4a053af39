import { renderStructuredContent } from '../../reports/index.ts';
import type { EmulatorBotItem, EmulatorConsumerInput, Finding } from '../../schemas/index.ts';
import type { PlayedTurn } from './conversation-driver.ts';

/** One call the engine made to the candidate for a turn, as the platform panel shows it. */
export interface CallView {
  method: string;
  url: string;
  requestBody?: string;
  status?: number;
  responseBody?: string;
  /** Why no answer came (timeout, reset), when none did. */
  error?: string;
  durationMs?: number;
}

/** One turn as the emulator page shows it: the chat side and the platform panel. */
export interface TurnView {
  consumer: EmulatorConsumerInput;
  /** Each bot item with its HTML for the chat (structured content drawn as cards, escaped). */
  bot: Array<{ item: EmulatorBotItem; html?: string }>;
  calls: CallView[];
  verdicts: Array<Pick<Finding, 'ruleId' | 'title' | 'level' | 'status' | 'message'>>;
  escalations: Array<{ code: string; detail: string }>;
  conversation: { id: string; state: string; skill: string; ttr: string; channel: string };
}

/** The panel's view of a played turn and the reply rules' verdicts on it. */
export function turnView(played: PlayedTurn, verdicts: readonly Finding[]): TurnView {
  const { transcript } = played;
  return {
    consumer: played.consumer,
    bot: played.bot.map((item) =>
      item.kind === 'structured-content'
        ? { item, html: renderStructuredContent(item.content) }
        : { item },
    ),
    calls: played.engine.flatMap((turn) =>
      turn.exchanges.map((exchange) => ({
        method: exchange.request.method,
        url: exchange.request.url,
        ...(exchange.request.body ? { requestBody: exchange.request.body.text } : {}),
        ...(exchange.response
          ? {
              status: exchange.response.status,
              ...(exchange.response.body ? { responseBody: exchange.response.body.text } : {}),
            }
          : {}),
        ...(exchange.error ? { error: exchange.error } : {}),
        durationMs: Math.round(exchange.timing.durationMs),
      })),
    ),
    verdicts: verdicts.map(({ ruleId, title, level, status, message }) => ({
      ruleId,
      ...(title !== undefined ? { title } : {}),
      level,
      status,
      message,
    })),
    escalations: played.engine.flatMap((turn) =>
      turn.escalation ? [{ code: turn.escalation.code, detail: turn.escalation.detail }] : [],
    ),
    conversation: {
      id: transcript.conversationId,
      state: transcript.state,
      skill: transcript.skill,
      ttr: `${transcript.ttr.ttrType} (${transcript.ttr.value} s)`,
      channel: transcript.channel,
    },
  };
}
