import { cutText } from '../../mocks/index.ts';
import type { ControlTranscript, ControlTranscriptEvent } from '../../schemas/index.ts';

/** The most characters of one message a report's transcript keeps. */
export const transcriptTextLimit = 4096;
/** The first and last events of a conversation a report's transcript keeps. */
export const transcriptEventsKept = { first: 400, last: 100 };
/** The most bytes of one event's structured content a report's transcript keeps. */
export const transcriptContentLimitBytes = 64 * 1024;

/**
 * A transcript as reports carry it: texts longer than `transcriptTextLimit` are cut with a note of
 * how much was left out, oversized structured content is replaced by a note of its size, and a
 * conversation of 10,000 messages keeps its first and last events with the count left out. The
 * checks saw everything; the report keeps a bounded record (decision 0015).
 */
export function boundedTranscript(transcript: ControlTranscript): ControlTranscript {
  const { first, last } = transcriptEventsKept;
  const events = transcript.events;
  const leftOut = events.length - first - last;
  const kept = leftOut > 0 ? [...events.slice(0, first), ...events.slice(-last)] : events;
  if (leftOut <= 0 && !kept.some(oversized)) return transcript;
  return {
    ...transcript,
    events: kept.map(bounded),
    ...(leftOut > 0 ? { eventsLeftOut: leftOut } : {}),
  };
}

function oversized(event: ControlTranscriptEvent): boolean {
  return (
    (event.message?.length ?? 0) > transcriptTextLimit ||
    (event.content !== undefined && contentBytes(event.content) > transcriptContentLimitBytes)
  );
}

function bounded(event: ControlTranscriptEvent): ControlTranscriptEvent {
  if (!oversized(event)) return event;
  const copy = { ...event };
  if (copy.message !== undefined) copy.message = cutText(copy.message, transcriptTextLimit);
  if (copy.content !== undefined) {
    const bytes = contentBytes(copy.content);
    if (bytes > transcriptContentLimitBytes) {
      copy.content = { cutByTpbConformance: `structured content of ${bytes} bytes, not kept` };
    }
  }
  return copy;
}

function contentBytes(content: object): number {
  return Buffer.byteLength(JSON.stringify(content));
}
