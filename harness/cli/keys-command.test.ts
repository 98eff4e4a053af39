/** `tpb-conformance keys generate`: an RS256 pair for --signing-key that jose loads and uses. */
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { importPKCS8, importSPKI, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './test-support/run-cli.ts';

describe('tpb-conformance keys generate', () => {
  it('writes private.pem (PKCS#8) and public.pem (SPKI) that sign and verify RS256', async () => {
    const cwd = tempProject();
    const result = await runCli(['keys', 'generate', '--out', 'keys'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const privatePem = readFileSync(join(cwd, 'keys', 'private.pem'), 'utf8');
    const publicPem = readFileSync(join(cwd, 'keys', 'public.pem'), 'utf8');
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(statSync(join(cwd, 'keys', 'private.pem')).mode & 0o077).toBe(0);

    const kid = /^kid: (\S+)/m.exec(result.stdout)?.[1];
    expect(kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.stdout).toContain(`--signing-key keys/private.pem --key-id ${kid}`);
    expect(result.stdout).not.toContain(privatePem.split('\n')[1]);

    const privateKey = await importPKCS8(privatePem, 'RS256');
    const publicKey = await importSPKI(publicPem, 'RS256');
    expect((publicKey as { algorithm?: { modulusLength?: number } }).algorithm?.modulusLength).toBe(
      2048,
    );
    const token = await new SignJWT({ iss: 'Sentinel' })
      .setProtectedHeader({ alg: 'RS256', kid: kid ?? '' })
      .sign(privateKey);
    const { payload, protectedHeader } = await jwtVerify(token, publicKey);
    expect(payload.iss).toBe('Sentinel');
    expect(protectedHeader.kid).toBe(kid);
  });

  it('refuses to overwrite a key pair unless --force', async () => {
    const cwd = tempProject();
    expect((await runCli(['keys', 'generate'], { cwd })).code).toBe(0);
    const before = readFileSync(join(cwd, 'private.pem'), 'utf8');
    const again = await runCli(['keys', 'generate'], { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      /^tpb-conformance: Failed to write private\.pem: it already exists\. .*--force.*\(TPB_USAGE\)\n$/,
    );
    expect(readFileSync(join(cwd, 'private.pem'), 'utf8')).toBe(before);
    expect((await runCli(['keys', 'generate', '--force'], { cwd })).code).toBe(0);
    expect(readFileSync(join(cwd, 'private.pem'), 'utf8')).not.toBe(before);
  });

  it('keeps the private key owner-only (0600) when --force replaces a world-readable one', async () => {
    const cwd = tempProject();
    expect((await runCli(['keys', 'generate'], { cwd })).code).toBe(0);
    chmodSync(join(cwd, 'private.pem'), 0o644);
    const before = readFileSync(join(cwd, 'private.pem'), 'utf8');
    expect((await runCli(['keys', 'generate', '--force'], { cwd })).code).toBe(0);
    expect(readFileSync(join(cwd, 'private.pem'), 'utf8')).not.toBe(before);
    expect(statSync(join(cwd, 'private.pem')).mode & 0o077).toBe(0);
    expect(statSync(join(cwd, 'public.pem')).mode & 0o400).toBe(0o400);
  });

  it.each([
    [[], /Missing keys subcommand: expected "keys generate \[--out DIR\]"/],
    [['rotate'], /Unknown keys subcommand "rotate"/],
    [['generate', '--out'], /Option '--out <value>' argument missing/],
  ])('exits 2 with one message for keys %j', async (args, message) => {
    const result = await runCli(['keys', ...args], { cwd: tempProject() });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});
