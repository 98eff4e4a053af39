import { setTimeout as delay } from 'node:timers/promises';
import type {
  ExampleCustomEndpointOptions,
  RunningCustomEndpoint,
} from '../example-custom-endpoint/index.ts';
import {
  type ForwardedAnswer,
  type FrontRequest,
  type HostileBehaviour,
  startHostileFront,
  startRawFront,
} from './hostile-front.ts';

/**
 * A hostile Custom Endpoint: broken at the transport or at the size of what it sends, where the
 * broken-bot zoo is broken in what it means. A certification against it must end, in bounded time
 * and memory, with a verdict and evidence; `suites/hostile/` pins what each run concludes.
 */
export interface HostileCandidate {
  name: string;
  /** The misbehaviour, in one sentence. */
  flaw: string;
  start(options: ExampleCustomEndpointOptions): Promise<RunningCustomEndpoint>;
}

const json = 'application/json';

/** Lets everything through but 200 answers with a body, which `rewrite` replaces. */
const rewriteSuccess =
  (
    routes: readonly FrontRequest['route'][],
    rewrite: (answer: ForwardedAnswer, front: FrontRequest) => ForwardedAnswer | Promise<void>,
  ): HostileBehaviour =>
  async (front) => {
    if (!routes.includes(front.route)) return false;
    const answer = await front.forward();
    if (answer.status !== 200 || answer.body.length === 0) {
      front.write(answer);
      return true;
    }
    const replaced = await rewrite(answer, front);
    if (replaced) front.write(replaced);
    return true;
  };

const allRoutes = ['environments', 'state', 'conversation', 'event', 'other'] as const;

/** A reply body of the example with its `response` array rewritten. */
function rewriteResponse(
  answer: ForwardedAnswer,
  edit: (items: Array<{ type: string; data: Record<string, unknown> }>) => unknown[],
): ForwardedAnswer {
  const reply = JSON.parse(answer.body.toString('utf8')) as { response: never[] };
  const body = Buffer.from(JSON.stringify({ ...reply, response: edit(reply.response) }));
  return { ...answer, headers: { ...answer.headers, 'content-type': json }, body };
}

/** Writes a 200 JSON body of `bytes` bytes in 1 MiB pieces, respecting backpressure. */
async function streamHugeReply(front: FrontRequest, bytes: number): Promise<void> {
  const head = Buffer.from('{"response":[{"type":"TEXT","data":{"message":"');
  const tail = Buffer.from('"}}],"analytics":{}}');
  const fill = Buffer.alloc(1024 * 1024, 'a');
  front.res.writeHead(200, { 'content-type': json, 'content-length': bytes });
  let left = bytes - head.length - tail.length;
  front.res.write(head);
  while (left > 0 && !front.res.destroyed) {
    const piece = left >= fill.length ? fill : fill.subarray(0, left);
    left -= piece.length;
    if (!front.res.write(piece)) {
      await new Promise((resolve) => {
        front.res.once('drain', resolve);
        front.res.once('close', resolve);
      });
    }
  }
  if (!front.res.destroyed) front.res.end(tail);
}

/** Answers every request with the same status, headers and body. */
const answerEvery =
  (status: number, headers: Record<string, string>, body: Buffer): HostileBehaviour =>
  (front) => {
    front.write({ status, headers, body });
    return true;
  };

/** Nests a value `depth` arrays deep, as text (a parser, not a builder, must meet it). */
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/**
 * The hostile corpus: one transport or size misbehaviour each, in front of the conformant
 * example service. Tests certify each one; `npm run robustness` measures them.
 */
export const hostileCandidates: readonly HostileCandidate[] = [
  {
    name: 'accepts-and-never-answers',
    flaw: 'It accepts every connection and reads the request, but never answers anything.',
    start: (options) => startHostileFront(options, () => true),
  },
  {
    name: 'dribbles',
    flaw: 'It sends every answer one byte per second, so no answer completes within the timeout.',
    start: (options) =>
      startHostileFront(options, async (front) => {
        const answer = await front.forward();
        front.res.writeHead(answer.status, {
          ...answer.headers,
          'content-length': answer.body.length,
        });
        front.res.flushHeaders();
        for (const byte of answer.body) {
          if (front.res.destroyed) return true;
          front.res.write(Buffer.of(byte));
          await delay(1000);
        }
        front.res.end();
        return true;
      }),
  },
  {
    name: 'resets-mid-body',
    flaw: 'It sends the status line, the headers and half of every body, then resets the connection.',
    start: (options) =>
      startHostileFront(options, async (front) => {
        const answer = await front.forward();
        front.res.writeHead(answer.status, {
          ...answer.headers,
          'content-length': Math.max(answer.body.length, 2),
        });
        front.res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
        setImmediate(() => front.req.socket.resetAndDestroy());
        return true;
      }),
  },
  {
    name: 'html-5xx',
    flaw: 'It answers every request 503 with an HTML error page, as a proxy in front of a dead service does.',
    start: (options) =>
      startHostileFront(
        options,
        answerEvery(
          503,
          { 'content-type': 'text/html; charset=utf-8' },
          Buffer.from(
            '<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request.</p></body></html>',
          ),
        ),
      ),
  },
  {
    name: 'invalid-json',
    flaw: 'Its 200 bodies are cut in half, so none of them parses as JSON.',
    start: (options) =>
      startHostileFront(
        options,
        rewriteSuccess(allRoutes, (answer) => ({
          ...answer,
          body: answer.body.subarray(0, Math.floor(answer.body.length / 2)),
        })),
      ),
  },
  {
    name: 'wrong-shape',
    flaw: 'Its 200 bodies are valid JSON of another API: {"ok":true,"data":[1,2,3]}.',
    start: (options) =>
      startHostileFront(
        options,
        rewriteSuccess(allRoutes, (answer) => ({
          ...answer,
          headers: { ...answer.headers, 'content-type': json },
          body: Buffer.from('{"ok":true,"data":[1,2,3]}'),
        })),
      ),
  },
  {
    name: 'wrong-content-type',
    flaw: 'Its JSON bodies are labelled text/html.',
    start: (options) =>
      startHostileFront(
        options,
        rewriteSuccess(allRoutes, (answer) => ({
          ...answer,
          headers: { ...answer.headers, 'content-type': 'text/html; charset=utf-8' },
        })),
      ),
  },
  {
    name: 'fifty-megabytes',
    flaw: 'It answers every TEXT event with a 50 MB reply (one giant message).',
    start: (options) =>
      startHostileFront(
        options,
        rewriteSuccess(['event'], (_answer, front) => streamHugeReply(front, 50 * 1024 * 1024)),
      ),
  },
  {
    name: 'invalid-utf8',
    flaw: 'Its event replies carry bytes that are not UTF-8 (0xC3 0x28) inside a message string.',
    start: (options) =>
      startHostileFront(
        options,
        rewriteSuccess(['event'], (answer) => {
          const text = answer.body.toString('latin1');
          const at = text.indexOf('"message":"');
          if (at < 0) return answer;
          const cut = at + '"message":"'.length;
          return {
            ...answer,
            body: Buffer.concat([
              answer.body.subarray(0, cut),
              Buffer.of(0xc3, 0x28),
              answer.body.subarray(cut),
            ]),
          };
        }),
      ),
  },
  {
    name: 'redirect-loop',
    flaw: 'It answers every request 302 with its own URL as the Location.',
    start: (options) =>
      startHostileFront(options, (front) => {
        front.write({
          status: 302,
          headers: { location: front.req.url ?? '/' },
          body: Buffer.alloc(0),
        });
        return true;
      }),
  },
  {
    name: 'too-many-requests',
    flaw: 'It answers every request 429 with Retry-After: 3600.',
    start: (options) =>
      startHostileFront(
        options,
        answerEvery(
          429,
          { 'retry-after': '3600', 'content-type': json },
          Buffer.from('{"error":"too many requests"}'),
        ),
      ),
  },
  {
    name: 'unauthorized-to-all',
    flaw: 'It answers 401 to every request, whatever the token.',
    start: (options) =>
      startHostileFront(
        options,
        answerEvery(401, { 'content-type': json }, Buffer.from('{"error":"unauthorized"}')),
      ),
  },
  {
    name: 'conversation-calls-hang',
    flaw: 'Its state route works, but every conversation call (PUT and POST) hangs.',
    start: (options) =>
      startHostileFront(
        options,
        (front) => front.route === 'conversation' || front.route === 'event',
      ),
  },
  {
    name: 'one-megabyte-text',
    flaw: 'The first text message of every event reply is 1,000,000 characters long.',
    start: (options) =>
      startHostileFront(
        options,
        rewriteSuccess(['event'], (answer) =>
          rewriteResponse(answer, (items) =>
            items.map((item, index) =>
              index === items.findIndex((first) => first.type === 'TEXT')
                ? {
                    ...item,
                    data: {
                      ...item.data,
                      message: 'lorem ipsum '.repeat(83_334).slice(0, 1_000_000),
                    },
                  }
                : item,
            ),
          ),
        ),
      ),
  },
  {
    name: 'ten-thousand-messages',
    flaw: 'Its replies carry 10,000 text messages before what the example would say.',
    start: (options) =>
      startHostileFront(
        options,
        rewriteSuccess(['event'], (answer) =>
          rewriteResponse(answer, (items) => [
            ...Array.from({ length: 10_000 }, (_, index) => ({
              type: 'TEXT',
              data: { message: `Message ${index + 1} of 10000.` },
            })),
            ...items,
          ]),
        ),
      ),
  },
  {
    name: 'nested-10000-deep',
    flaw: 'Its event replies carry metadata nested 10,000 arrays deep.',
    start: (options) =>
      startHostileFront(
        options,
        rewriteSuccess(['event'], (answer) => ({
          ...answer,
          body: Buffer.from(
            `{"response":[{"type":"TEXT","data":{"message":"hi","metadata":${deepArray(10_000)}}}],"analytics":{}}`,
          ),
        })),
      ),
  },
  {
    name: 'tls-closed-abruptly',
    flaw: 'It listens for HTTPS but closes every connection abruptly during the TLS handshake.',
    start: () => startRawFront((socket) => socket.once('data', () => socket.resetAndDestroy())),
  },
];

/** A hostile candidate by name; throws for an unknown name. */
export function hostileCandidate(name: string): HostileCandidate {
  const found = hostileCandidates.find((candidate) => candidate.name === name);
  if (!found) {
    throw new Error(
      `Failed to find hostile candidate "${name}". Known: ${hostileCandidates.map((c) => c.name).join(', ')}.`,
    );
  }
  return found;
}
