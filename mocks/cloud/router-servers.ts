import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Certificates } from '../tls/certificate-authority.ts';
import type { HttpRouter } from './http-router.ts';

/** A router served twice: over TLS (`secure: true` for the routes) and over plain HTTP. */
export interface RouterServers {
  secure: HttpsServer;
  plain: HttpServer;
}

export function createRouterServers(router: HttpRouter, certificates: Certificates): RouterServers {
  const secure = createHttpsServer(
    { cert: certificates.certPem, key: certificates.keyPem },
    (req, res) => {
      void router.handle(req, res, true);
    },
  );
  const plain = createHttpServer((req, res) => {
    void router.handle(req, res, false);
  });
  return { secure, plain };
}

/** Listens on 127.0.0.1 (port 0 picks a free one) and resolves with the port. */
export function listen(server: HttpServer | HttpsServer, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Drops every connection and closes the server. */
export function closeServer(server: HttpServer | HttpsServer): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
