// Row (d)'s server, in a child process of its own: Pact's mock server (pact-js PactV4 over the
// Rust core), the peer a team would reach for to stand in for a Custom Endpoint, answering the
// same event POST with the same reply as row (a)'s endpoint. It serves until SIGTERM.
// Input: the environment variable TPB_BENCH_PACT_DIR, where Pact may write its pact file.
// Output (IPC): { origin }.
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { reportToParent } from './bench-child.ts';
import { botPath, eventReplyBody } from './event-exchange.ts';

const pact = new PactV4({
  consumer: 'tpb-bench',
  provider: 'bench-bot',
  dir: process.env.TPB_BENCH_PACT_DIR ?? '.',
  logLevel: 'error',
});

// The mock server runs on the core's own threads, which do not keep Node's event loop alive.
const keepAlive = setInterval(() => undefined, 60_000);
// SIGTERM from the bench, or its IPC channel closing when the bench crashed.
const stopped = new Promise<void>((resolve) => {
  const stop = () => {
    clearInterval(keepAlive);
    resolve();
  };
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
});

await pact
  .addInteraction()
  .uponReceiving('a consumer text event')
  .withRequest(
    'POST',
    MatchersV3.regex(
      `^${botPath}/conversations/[^/]+/events$`,
      `${botPath}/conversations/c1/events`,
    ),
    (builder) => builder.headers({ 'content-type': 'application/json' }),
  )
  .willRespondWith(200, (builder) => builder.jsonBody(JSON.parse(eventReplyBody)))
  .executeTest(async (server) => {
    await reportToParent({ origin: server.url });
    await stopped;
  });
process.exit(0);
