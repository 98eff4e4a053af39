import { hostileCandidate } from './hostile-candidates.ts';

/**
 * Serves one hostile candidate in a process of its own, so that what it costs is not counted as
 * the harness's memory: `tsx serve-hostile.ts NAME` with TPB_JWKS_URL and TPB_CA_PEM (the mock
 * Sentinel's keys and the CA to reach them) prints `{"baseUrl","botId","environment"}` on one
 * line, and stops when its stdin closes.
 */
const [name] = process.argv.slice(2);
const jwksUrl = process.env.TPB_JWKS_URL;
const ca = process.env.TPB_CA_PEM;
if (!name || !jwksUrl || !ca) {
  process.stderr.write('Usage: TPB_JWKS_URL=… TPB_CA_PEM=… tsx serve-hostile.ts NAME\n');
  process.exit(2);
}
const running = await hostileCandidate(name).start({ auth: { jwksUrl, ca } });
const { baseUrl, botId, environment } = running;
process.stdout.write(`${JSON.stringify({ baseUrl, botId, environment })}\n`);
process.stdin.resume();
process.stdin.once('end', () => {
  void running.close().finally(() => process.exit(0));
});
