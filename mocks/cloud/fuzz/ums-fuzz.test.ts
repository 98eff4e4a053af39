// Issue 13 (the mock under bad input); decision 0014. ums.md §5 and §10: every request frame gets
// exactly one response, a bad one a `.ReqBody$ErrorResp` with a 4xx code, and the socket stays
// open; a text frame that is not UTF-8 fails the connection with 1007 (RFC 6455 §8.1).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorResponseType, umsRequestTypes } from '../../ums/request-types.ts';
import type { UmsResponseFrame } from '../../ums/ums-connection.ts';
import { badFrames, expectedReqId, requestTypeOf } from './test-support/bad-frames.ts';
import { fuzzParameters, fuzzTimeoutMs } from './test-support/fuzz-budget.ts';
import { startUmsFuzzBed } from './test-support/ums-fuzz-bed.ts';

const bed = await startUmsFuzzBed();
const healthy = await bed.connect(bed.addAgent('healthy-bot'));
const maxFrameBytes = bed.cloud.ums.maxFrameBytes;

describe('the mock UMS under bad frames', () => {
  it('answers every frame with one well-formed response and keeps serving', {
    timeout: fuzzTimeoutMs(250, 20),
  }, async () => {
    const { bot } = bed;
    await fc.assert(
      fc.asyncProperty(badFrames(bed.ids), async (frame) => {
        const from = bot.received.length;
        bot.ws.send(frame.data, { binary: frame.binary });
        // The next response on the socket proves it is still open; everything before it answers
        // the frame, since the mock answers the frames of a socket in order.
        const marker = await bot.request('.GetClock');
        const responses = bot.received
          .slice(from)
          .filter((received): received is UmsResponseFrame => received.kind === 'resp')
          .filter((received) => received !== marker);
        expect(responses, 'responses to the frame').toHaveLength(1);
        const [response] = responses as [UmsResponseFrame];
        expect(response.code, JSON.stringify(response.body)).toBeLessThan(500);
        if (Buffer.byteLength(frame.data) <= maxFrameBytes) {
          expect(response.reqId).toBe(expectedReqId(frame));
        }
        const type = requestTypeOf(frame);
        expect(response.type).toBe(
          response.code >= 400 || !type ? errorResponseType : umsRequestTypes[type].responseType,
        );
        // Every frame's body matched the schema of its type (TestUmsClient checks each one).
        expect(bot.schemaIssues).toEqual([]);
        expect(await healthy.request('.GetClock')).toMatchObject({ code: 200 });
      }),
      fuzzParameters(250),
    );
  });

  it('fails a socket with 1007 on a text frame that is not UTF-8, and keeps serving', {
    timeout: fuzzTimeoutMs(20, 50),
  }, async () => {
    const agent = bed.addAgent('utf8-bot');
    const notUtf8 = fc
      .tuple(
        fc.string({ maxLength: 40 }),
        fc.constantFrom([0x80], [0xc3], [0xe2, 0x82], [0xff], [0xed, 0xa0, 0x80], [0xc0, 0x80]),
        fc.string({ maxLength: 40 }),
      )
      .map(([head, bytes, tail]) =>
        Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]),
      );
    await fc.assert(
      fc.asyncProperty(notUtf8, async (data) => {
        const client = await bed.connect(agent);
        client.ws.send(data, { binary: false });
        expect((await client.closed).code).toBe(1007);
        expect(await healthy.request('.GetClock')).toMatchObject({ code: 200 });
      }),
      fuzzParameters(20),
    );
    const again = await bed.connect(agent);
    expect(await again.request('.GetClock')).toMatchObject({ code: 200 });
  });
});
