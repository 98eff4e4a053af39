// @peculiar/x509 resolves its algorithms through tsyringe, which needs a Reflect metadata
// polyfill loaded before it (x509 README, "Reflect Polyfill Required").
import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { X509CertificateGenerator } from '@peculiar/x509';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK } from 'jose';

/** An RSA key the mock Sentinel does not publish, with a self-signed certificate for it. */
export interface AttackerKey {
  privateKey: CryptoKey;
  /** The public key as a JWK (`kty`, `n`, `e`, `alg`, `use`; no kid: attacks choose one). */
  publicJwk: JWK;
  /** Its self-signed certificate: PEM (x5u) and base64 DER (x5c). */
  certPem: string;
  certDer: string;
}

let shared: Promise<AttackerKey> | undefined;

/**
 * The attacker's key, generated once per process (an RSA-2048 key takes a while to make, and
 * nothing about it depends on the run). Never changed after it is made.
 */
export function attackerKey(): Promise<AttackerKey> {
  if (!shared) {
    const made = createAttackerKey();
    // A failed attempt is not kept: the next run tries again.
    made.catch(() => {
      if (shared === made) shared = undefined;
    });
    shared = made;
  }
  return shared;
}

/** Generates an RSA-2048 key the mock Sentinel does not publish, with a certificate for it. */
export async function createAttackerKey(): Promise<AttackerKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', {
    modulusLength: 2048,
    extractable: true,
  });
  const publicJwk = { ...(await exportJWK(publicKey)), alg: 'RS256', use: 'sig' };
  const now = Date.now();
  const cert = await X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomBytes(8).toString('hex'),
      name: 'CN=tpb-conformance attacker, O=tpb-conformance',
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 24 * 60 * 60 * 1000),
      signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      keys: { privateKey, publicKey },
    },
    webcrypto,
  );
  return {
    privateKey,
    publicJwk,
    certPem: cert.toString('pem'),
    certDer: Buffer.from(cert.rawData).toString('base64'),
  };
}

/** Where the attacker serves its key for `jku` and `x5u`, and who fetched it. */
export interface AttackerKeyHost {
  jkuUrl: string;
  x5uUrl: string;
  /** `GET /jwks.json` for each request the host received, in order. */
  fetches(): string[];
  close(): Promise<void>;
}

/**
 * Serves the attacker's JWKS (its key under `kid`) and certificate on 127.0.0.1 (port 0), so that a candidate that
 * follows a token's `jku` or `x5u` finds a key that verifies the token, and the fetch is seen.
 */
export async function startAttackerKeyHost(
  key: AttackerKey,
  kid: string,
): Promise<AttackerKeyHost> {
  const secretPath = randomBytes(8).toString('hex');
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    seen.push(`${req.method ?? 'GET'} ${path}`);
    if (path === `/${secretPath}/jwks.json`) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [{ ...key.publicJwk, kid }] }));
    } else if (path === `/${secretPath}/cert.pem`) {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' });
      res.end(key.certPem);
    } else {
      res.writeHead(404).end();
    }
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  const base = `http://127.0.0.1:${port}/${secretPath}`;
  let closed: Promise<void> | undefined;
  return {
    jkuUrl: `${base}/jwks.json`,
    x5uUrl: `${base}/cert.pem`,
    fetches: () => [...seen],
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return closed;
    },
  };
}
