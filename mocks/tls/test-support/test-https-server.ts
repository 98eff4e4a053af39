import { Agent } from 'undici';
import type { HttpRouter } from '../../http/http-router.ts';
import { closeServer, createRouterServers, listen } from '../../http/router-servers.ts';
import { type Certificates, loadOrCreateCertificates } from '../certificate-authority.ts';

/** A router served over HTTPS (and plain HTTP) on 127.0.0.1 port 0, for route tests. */
export interface TestHttpsServer {
  certificates: Certificates;
  /** `https://127.0.0.1:PORT` */
  origin: string;
  /** `http://127.0.0.1:PORT` of the plain twin, which hands `secure: false` to the router. */
  plainOrigin: string;
  /** `127.0.0.1:PORT` of the TLS server. */
  host: string;
  plainHost: string;
  /** An undici dispatcher that trusts the test CA only. */
  dispatcher: Agent;
  close(): Promise<void>;
}

/**
 * Serves `router` over real TLS with a fresh test CA; for tests of the mock's HTTP surfaces.
 *
 * @example
 * const server = await startTestHttpsServer(router);
 * await request(`${server.origin}/api/...`, { dispatcher: server.dispatcher });
 * await server.close();
 */
export async function startTestHttpsServer(router: HttpRouter): Promise<TestHttpsServer> {
  const certificates = await loadOrCreateCertificates();
  const { secure, plain } = createRouterServers(router, certificates);
  const [port, plainPort] = await Promise.all([listen(secure), listen(plain)]);
  const dispatcher = new Agent({ connect: { ca: certificates.caCertPem } });
  return {
    certificates,
    origin: `https://127.0.0.1:${port}`,
    plainOrigin: `http://127.0.0.1:${plainPort}`,
    host: `127.0.0.1:${port}`,
    plainHost: `127.0.0.1:${plainPort}`,
    dispatcher,
    async close() {
      await dispatcher.close();
      await Promise.all([closeServer(secure), closeServer(plain)]);
    },
  };
}

export { listen };
