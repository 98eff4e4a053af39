// @peculiar/x509 resolves its algorithms through tsyringe, which needs a Reflect metadata
// polyfill loaded before it (x509 README, "Reflect Polyfill Required").
import 'reflect-metadata';
import { X509Certificate as NodeX509Certificate, webcrypto } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  PemConverter,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
} from '@peculiar/x509';

/** The mock's TLS material: a test CA and the server's leaf certificate, all PEM. */
export interface Certificates {
  /** The CA certificate clients trust (`NODE_EXTRA_CA_CERTS`, undici `connect.ca`). */
  caCertPem: string;
  /** The server's leaf certificate (SANs IP 127.0.0.1, IP ::1, DNS localhost). */
  certPem: string;
  /** The leaf's private key, PKCS#8 PEM. */
  keyPem: string;
  /** Path of `ca.pem`, for a client process started with `NODE_EXTRA_CA_CERTS`. */
  caCertPath: string;
}

export interface LoadOrCreateCertificatesOptions {
  /**
   * Directory to keep the PEMs in. A directory that already holds `ca.pem`, `ca-key.pem`,
   * `cert.pem` and `key.pem` is reused, so a long-running candidate keeps trusting the same CA.
   * Without it the PEMs go to a fresh temp directory.
   */
  dir?: string;
}

const files = {
  caCert: 'ca.pem',
  caKey: 'ca-key.pem',
  cert: 'cert.pem',
  key: 'key.pem',
} as const;

const crypto = webcrypto;
type CryptoKey = webcrypto.CryptoKey;
const algorithm = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const signingAlgorithm = { name: 'ECDSA', hash: 'SHA-256' } as const;
const dayMs = 24 * 60 * 60 * 1000;
const caName = 'CN=tpb-conformance mock CA, O=tpb-conformance';
const leafName = 'CN=localhost, O=tpb-conformance';

/**
 * Loads the mock's CA and server certificate from `dir`, or creates them (ECDSA P-256).
 *
 * @example
 * const certs = await loadOrCreateCertificates({});
 * https.createServer({ cert: certs.certPem, key: certs.keyPem }, handler);
 * // client process: NODE_EXTRA_CA_CERTS=${certs.caCertPath}
 */
export async function loadOrCreateCertificates(
  options: LoadOrCreateCertificatesOptions = {},
): Promise<Certificates> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'tpb-conformance-tls-')));
  await mkdir(dir, { recursive: true });
  const existing = await readExisting(dir);
  if (existing) return existing;

  const ca = (await readCa(dir)) ?? (await createCa(dir));
  const leaf = await createLeaf(ca);
  // The CA (if reused) is written first; the leaf's key before its certificate, so that a
  // directory holding cert.pem always holds a matching key.pem.
  await writeAtomically(join(dir, files.key), leaf.keyPem, 0o600);
  await writeAtomically(join(dir, files.cert), leaf.certPem, 0o644);
  return {
    caCertPem: ca.certPem,
    certPem: leaf.certPem,
    keyPem: leaf.keyPem,
    caCertPath: join(dir, files.caCert),
  };
}

interface CertificateAuthority {
  cert: X509Certificate;
  certPem: string;
  privateKey: CryptoKey;
}

/** All four files, with a CA and leaf that are still valid; otherwise undefined. */
async function readExisting(dir: string): Promise<Certificates | undefined> {
  const [caCertPem, caKeyPem, certPem, keyPem] = await Promise.all(
    [files.caCert, files.caKey, files.cert, files.key].map((name) => readOptional(join(dir, name))),
  );
  if (!caCertPem || !caKeyPem || !certPem || !keyPem) return undefined;
  const now = Date.now();
  const ca = new NodeX509Certificate(caCertPem);
  const leaf = new NodeX509Certificate(certPem);
  if (!isCurrent(ca, now) || !isCurrent(leaf, now) || !leaf.checkIssued(ca)) return undefined;
  return { caCertPem, certPem, keyPem, caCertPath: join(dir, files.caCert) };
}

/** The CA of a directory whose leaf is missing or expired, so its clients keep trusting it. */
async function readCa(dir: string): Promise<CertificateAuthority | undefined> {
  const certPem = await readOptional(join(dir, files.caCert));
  const keyPem = await readOptional(join(dir, files.caKey));
  if (!certPem || !keyPem) return undefined;
  if (!isCurrent(new NodeX509Certificate(certPem), Date.now())) return undefined;
  const privateKey = await crypto.subtle.importKey(
    'pkcs8',
    PemConverter.decodeFirst(keyPem),
    algorithm,
    true,
    ['sign'],
  );
  return { cert: new X509Certificate(certPem), certPem, privateKey };
}

async function createCa(dir: string): Promise<CertificateAuthority> {
  const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await X509CertificateGenerator.createSelfSigned(
    {
      name: caName,
      keys,
      ...validity(10 * 365),
      signingAlgorithm,
      extensions: [
        new BasicConstraintsExtension(true, 0, true),
        new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
        await SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const certPem = cert.toString('pem');
  await writeAtomically(join(dir, files.caKey), await privateKeyPem(keys.privateKey), 0o600);
  await writeAtomically(join(dir, files.caCert), certPem, 0o644);
  return { cert, certPem, privateKey: keys.privateKey };
}

async function createLeaf(ca: CertificateAuthority): Promise<{ certPem: string; keyPem: string }> {
  const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await X509CertificateGenerator.create(
    {
      subject: leafName,
      issuer: ca.cert.subject,
      publicKey: keys.publicKey,
      signingKey: ca.privateKey,
      ...validity(365),
      signingAlgorithm,
      extensions: [
        new BasicConstraintsExtension(false, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
        new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]),
        new SubjectAlternativeNameExtension([
          { type: 'ip', value: '127.0.0.1' },
          { type: 'ip', value: '::1' },
          { type: 'dns', value: 'localhost' },
        ]),
        await SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        await AuthorityKeyIdentifierExtension.create(ca.cert.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { certPem: cert.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) };
}

/** Back-dated one day, so a client whose clock lags a little still accepts the certificate. */
function validity(days: number): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - dayMs), notAfter: new Date(now + days * dayMs) };
}

/** Valid now and for at least one more day. */
function isCurrent(cert: NodeX509Certificate, now: number): boolean {
  return Date.parse(cert.validFrom) <= now && Date.parse(cert.validTo) > now + dayMs;
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  return PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Write-then-rename, so a concurrent reader never sees half a PEM. */
async function writeAtomically(path: string, text: string, mode: number): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, text, { mode });
  await rename(temporary, path);
}
