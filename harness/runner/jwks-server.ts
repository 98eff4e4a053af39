import { createServer, type Server } from 'node:http';
import type { TokenIssuer } from '../../mocks/index.ts';
import { HarnessError } from '../harness-error.ts';

/**
 * --jwks-port: the mock Sentinel's JWKS on a fixed port of 127.0.0.1, over plain HTTP, at
 * `/sentinel/well-known/jwks` (and `/`), for a candidate configured with that URL.
 */
export async function startJwksServer(
  port: number,
  issuer: TokenIssuer,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || (path !== '/' && path !== '/sentinel/well-known/jwks')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify(issuer.jwks()));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause) =>
      reject(
        new HarnessError(
          'TPB_CONFIG',
          `Failed to serve the JWKS on port ${port}: ${(cause as Error).message}. Pick a free port for --jwks-port.`,
          { cause },
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}/sentinel/well-known/jwks`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
