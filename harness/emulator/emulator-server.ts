import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { constantTimeEqual } from '../../mocks/index.ts';
import { escapeHtml } from '../../reports/index.ts';
import { validate } from '../../schemas/index.ts';
import { HarnessError } from '../harness-error.ts';
import { emulatorPage, emulatorPagePolicy } from './emulator-page.ts';
import type { EmulatorSession } from './emulator-session.ts';

/** A request body the page sends is small; anything larger is not the page. */
const maxBodyBytes = 256 * 1024;

export interface RunningEmulator {
  /** The page's address, with the per-run token that every request must carry. */
  url: string;
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBodyBytes)
    throw new HarnessError('TPB_USAGE', 'The request body is too large.');
  const body = await text(req);
  if (body.length > maxBodyBytes)
    throw new HarnessError('TPB_USAGE', 'The request body is too large.');
  const parsed: unknown = body ? JSON.parse(body) : {};
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new HarnessError('TPB_USAGE', 'Expected a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/**
 * Serves the emulator page and its API on 127.0.0.1 (port 0 unless given). Every request carries
 * the per-run token (the page's URL holds it; its API calls send it as x-emulator-token), so no
 * other page in the browser can drive the conversation.
 *
 * API: GET /api/state; POST /api/play {input}; POST /api/restart {channel}; GET /api/transcript.
 */
export async function startEmulatorServer(
  session: EmulatorSession,
  options: { port?: number; targetText: string },
): Promise<RunningEmulator> {
  const token = randomBytes(18).toString('base64url');
  const page = emulatorPage(escapeHtml(options.targetText));
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const given = String(req.headers['x-emulator-token'] ?? url.searchParams.get('token') ?? '');
    if (!constantTimeEqual(given, token)) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(
        'Open the address "tpb-conformance emulate" printed: it carries the token this page needs.\n',
      );
      return;
    }
    try {
      if (req.method === 'GET' && url.pathname === '/') {
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': emulatorPagePolicy,
          'cache-control': 'no-store',
        });
        res.end(page);
      } else if (req.method === 'GET' && url.pathname === '/api/state') {
        json(res, 200, session.state());
      } else if (req.method === 'GET' && url.pathname === '/api/transcript') {
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-disposition': 'attachment; filename="transcript.json"',
        });
        res.end(`${JSON.stringify(session.transcript(), null, 2)}\n`);
      } else if (req.method === 'POST' && url.pathname === '/api/play') {
        const { input } = await readJson(req);
        const checked = validate('emulator-transcript', {
          format: 'tpb-conformance-transcript',
          version: 1,
          channel: 'messaging',
          turns: [{ consumer: input, bot: [] }],
        });
        if (!checked.ok) {
          json(res, 400, {
            error: `Invalid input: ${checked.issues.map((issue) => issue.message).join('; ')}`,
          });
          return;
        }
        json(res, 200, await session.play(checked.value.turns[0]?.consumer as never));
      } else if (req.method === 'POST' && url.pathname === '/api/restart') {
        const { channel } = await readJson(req);
        if (channel !== 'messaging' && channel !== 'chat') {
          json(res, 400, { error: 'Expected channel "messaging" or "chat".' });
          return;
        }
        json(res, 200, await session.restart(channel));
      } else {
        json(res, 404, { error: `No ${req.method} ${url.pathname} here.` });
      }
    } catch (error) {
      // A play the conversation cannot take (closed, not open yet) is the user's, and said so.
      const status = error instanceof HarnessError && error.code === 'TPB_USAGE' ? 400 : 500;
      json(res, status, { error: error instanceof Error ? error.message : String(error) });
    }
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
