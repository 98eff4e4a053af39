import { Agent } from 'undici';
import type { MockCloud } from '../../mocks/index.ts';
import { type Comparison, inFlight } from './measure.ts';
import { fetchText, startRawHttpServer } from './sentinel-token.ts';

/** Requests in flight, and connections in each side's pool. */
const concurrency = 32;

/**
 * CSDS `baseURI.json` over plain HTTP, against a raw node:http server answering a fixed body: the
 * mock's own answer, captured once, so both send the same bytes.
 */
export async function csds(cloud: MockCloud): Promise<Comparison & { close: () => Promise<void> }> {
  const dispatcher = new Agent({ connections: concurrency });
  const path = `/api/account/${cloud.account.accountId}/service/baseURI.json?version=1.0`;
  const oursUrl = `${cloud.urls.http}${path}`;
  const raw = await startRawHttpServer(await fetchText(dispatcher, oursUrl));
  const get = (url: string) => async () => {
    await fetchText(dispatcher, url);
  };
  return {
    name: `CSDS GET baseURI.json (http, ${concurrency} in flight)`,
    opsPerRound: 6000,
    ours: (count) => inFlight(count, concurrency, get(oursUrl)),
    ceiling: (count) => inFlight(count, concurrency, get(`${raw.origin}${path}`)),
    close: async () => {
      await dispatcher.close();
      await raw.close();
    },
  };
}
