// Spec: ums.md §2 (transport security and hosts): the mock serves HTTPS/WSS with a test CA and a
// leaf whose SANs cover IP 127.0.0.1 and DNS localhost; clients trust the CA (NODE_EXTRA_CA_CERTS).
import { X509Certificate } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Certificates, loadOrCreateCertificates } from './certificate-authority.ts';
import { listen } from './test-support/test-https-server.ts';

describe('loadOrCreateCertificates', () => {
  let certificates: Certificates;
  let server: Server;
  let port: number;
  const dirs: string[] = [];

  beforeAll(async () => {
    certificates = await loadOrCreateCertificates();
    dirs.push(join(certificates.caCertPath, '..'));
    server = createServer({ cert: certificates.certPem, key: certificates.keyPem }, (_req, res) => {
      res.end('ok');
    });
    port = await listen(server);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('writes ca.pem to a fresh temp directory and points caCertPath at it', async () => {
    expect(await readFile(certificates.caCertPath, 'utf8')).toBe(certificates.caCertPem);
  });

  it('issues a leaf signed by the CA with SANs IP 127.0.0.1, IP ::1 and DNS localhost', () => {
    const ca = new X509Certificate(certificates.caCertPem);
    const leaf = new X509Certificate(certificates.certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName?.split(', ').sort()).toEqual(
      ['DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:0:0:0:0:0:0:0:1'].sort(),
    );
    expect(Date.parse(leaf.validFrom)).toBeLessThan(Date.now() - 23 * 60 * 60 * 1000);
  });

  it('lets a client that trusts only the CA connect to https://127.0.0.1', async () => {
    const dispatcher = new Agent({ connect: { ca: certificates.caCertPem } });
    try {
      const response = await request(`https://127.0.0.1:${port}/`, { dispatcher });
      expect(response.statusCode).toBe(200);
      expect(await response.body.text()).toBe('ok');
    } finally {
      await dispatcher.close();
    }
  });

  it('lets a client that trusts only the CA connect to https://localhost (DNS SAN)', async () => {
    // Connects to 127.0.0.1 but checks the certificate as `localhost`, so the test does not
    // depend on how this machine resolves localhost.
    const authorized = await new Promise<boolean>((resolve, reject) => {
      const socket = connect(
        { host: '127.0.0.1', port, servername: 'localhost', ca: certificates.caCertPem },
        () => {
          resolve(socket.authorized);
          socket.end();
        },
      );
      socket.once('error', reject);
    });
    expect(authorized).toBe(true);
  });

  it('fails the handshake of a client that does not trust the CA', async () => {
    const dispatcher = new Agent({ connect: { ca: [] } });
    try {
      const failure = await request(`https://127.0.0.1:${port}/`, { dispatcher }).catch(
        (error: Error & { code?: string }) => error,
      );
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error & { code?: string }).code).toMatch(/CERT|SIGNATURE|ISSUER/);
    } finally {
      await dispatcher.close();
    }
  });

  it('reuses the CA and leaf of a directory that already holds all four files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tpb-ca-test-'));
    dirs.push(dir);
    const first = await loadOrCreateCertificates({ dir });
    const second = await loadOrCreateCertificates({ dir });
    expect(second).toEqual(first);
    expect(first.caCertPath).toBe(join(dir, 'ca.pem'));
  });

  it('writes the private keys owner-only (0600) and the certificates readable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tpb-ca-test-'));
    dirs.push(dir);
    await loadOrCreateCertificates({ dir });
    const mode = async (name: string) => (await stat(join(dir, name))).mode;
    for (const key of ['ca-key.pem', 'key.pem']) {
      expect((await mode(key)) & 0o077, `${key} is private`).toBe(0);
      expect((await mode(key)) & 0o600, `${key} is the owner's`).toBe(0o600);
    }
    for (const cert of ['ca.pem', 'cert.pem']) {
      expect((await mode(cert)) & 0o400, `${cert} is readable`).toBe(0o400);
    }
    // A leaf issued again (its certificate gone) gets a fresh key.pem, owner-only even where the
    // old one had been opened up to everyone.
    await chmod(join(dir, 'key.pem'), 0o644);
    await rm(join(dir, 'cert.pem'));
    await loadOrCreateCertificates({ dir });
    expect((await mode('key.pem')) & 0o077).toBe(0);
  });

  it('keeps the CA of a directory whose leaf is missing and issues a new leaf from it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tpb-ca-test-'));
    dirs.push(dir);
    const first = await loadOrCreateCertificates({ dir });
    await rm(join(dir, 'cert.pem'));
    const second = await loadOrCreateCertificates({ dir });
    expect(second.caCertPem).toBe(first.caCertPem);
    expect(second.certPem).not.toBe(first.certPem);
    const ca = new X509Certificate(second.caCertPem);
    expect(new X509Certificate(second.certPem).checkIssued(ca)).toBe(true);
  });
});
