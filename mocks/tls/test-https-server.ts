import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import type { HttpRouter } from '../cloud/http-router.ts';
import { type Certificates, loadOrCreateCertificates } from './certificate-authority.ts';

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
  const secure = createHttpsServer(
    { cert: certificates.certPem, key: certificates.keyPem },
    (req, res) => {
      void router.handle(req, res, true);
    },
  );
  const plain = createHttpServer((req, res) => {
    void router.handle(req, res, false);
  });
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
      await Promise.all([close(secure), close(plain)]);
    },
  };
}

/** Listens on 127.0.0.1 port 0 and resolves with the port. */
export function listen(server: HttpServer | HttpsServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: HttpServer | HttpsServer): Promise<void> {
  return new Promise((resolve, reject) => {
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });
}
