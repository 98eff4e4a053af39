/**
 * Lock-down: every socket a run listens on is bound to 127.0.0.1, never to all interfaces. The
 * test reads the kernel's own socket tables (/proc/net/tcp and tcp6) for the sockets this process
 * holds, while a run is up: the mock cloud (both ports), the JWKS server of --jwks-port and the
 * built-in example bot.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildContext } from './build-context.ts';

interface Listener {
  address: string;
  port: number;
}

/** The TCP sockets in LISTEN state that belong to this process. */
function ownListeners(): Listener[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    } catch {
      // The fd closed while we looked.
    }
  }
  const listeners: Listener[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [, local, , state, , , , , , inode] = fields;
      if (!local || state !== '0A' || !inode || !inodes.has(inode)) continue;
      const [hex = '', port = '0'] = local.split(':');
      listeners.push({ address: decodeAddress(hex), port: Number.parseInt(port, 16) });
    }
  }
  return listeners;
}

/** /proc/net/tcp writes IPv4 as one little-endian word, IPv6 as four. */
function decodeAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse());
  if (bytes.length === 4) return bytes.map((byte) => Number.parseInt(byte, 16)).join('.');
  if (bytes.join('') === `${'00'.repeat(10)}ffff7f000001`) return '127.0.0.1';
  return bytes.join('') === '0'.repeat(32) ? '::' : `[${bytes.join('')}]`;
}

describe('listeners', () => {
  it('sees a socket bound to all interfaces (the probe works)', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    const { port } = server.address() as { port: number };
    try {
      expect(ownListeners()).toContainEqual({ address: '0.0.0.0', port });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('binds every listener of a run to 127.0.0.1', async () => {
    const before = ownListeners().length;
    const jwks = createServer();
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port: jwksPort } = jwks.address() as { port: number };
    await new Promise((resolve) => jwks.close(resolve));

    const built = await buildContext({ timeoutMs: 2000 });
    const { cloud } = built.context;
    try {
      const listeners = ownListeners();
      // The mock's HTTPS and HTTP ports and the example bot, at least.
      expect(listeners.length - before).toBeGreaterThanOrEqual(3);
      expect(listeners.map((listener) => listener.address)).toEqual(
        listeners.map(() => '127.0.0.1'),
      );
      const ports = listeners.map((listener) => listener.port);
      expect(ports).toContain(Number(new URL(cloud.urls.https).port));
      expect(ports).toContain(Number(new URL(cloud.urls.http).port));
    } finally {
      await built.dispose();
    }

    const withJwks = await buildContext({
      kind: 'custom-endpoint',
      baseUrl: 'http://127.0.0.1:1',
      botId: 'b',
      jwksPort,
      timeoutMs: 2000,
    });
    try {
      expect(ownListeners()).toContainEqual({ address: '127.0.0.1', port: jwksPort });
      expect(ownListeners().every((listener) => listener.address === '127.0.0.1')).toBe(true);
    } finally {
      await withJwks.dispose();
    }
  });
});
