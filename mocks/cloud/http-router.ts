import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route handler gets: the request, its path parameters and helpers to answer. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  /** True when the request came in over TLS: hosts handed out (CSDS) then use the TLS port. */
  secure: boolean;
  /** The request body as text; rejects with `HttpError(413)` past the router's body limit. */
  body(): Promise<string>;
  /** Answers with a JSON body. */
  json(status: number, body: unknown, headers?: Record<string, string | string[]>): void;
}

export type RouteHandler = (ctx: RouteContext) => void | Promise<void>;

/** An error with its HTTP form: thrown by handlers, rendered by the router. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: RouteHandler;
}

/**
 * A small router for the mock's HTTP surfaces. Patterns use `:name` segments:
 * `/api/account/:accountId/service/baseURI.json`.
 */
export class HttpRouter {
  readonly #routes: Route[] = [];

  constructor(readonly maxBodyBytes = 1024 * 1024) {}

  add(method: string, path: string, handler: RouteHandler): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    this.#routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  /** Handles one request; `secure` says which server it came from. */
  async handle(req: IncomingMessage, res: ServerResponse, secure: boolean): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const ctx: RouteContext = {
      req,
      res,
      params: {},
      query: url.searchParams,
      secure,
      body: () => readBody(req, this.maxBodyBytes),
      json: (status, body, headers = {}) => {
        const text = JSON.stringify(body);
        res.writeHead(status, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
          ...headers,
        });
        res.end(text);
      },
    };
    try {
      const matches = this.#routes.filter((route) => route.pattern.test(url.pathname));
      const route = matches.find((candidate) => candidate.method === req.method);
      if (!route) {
        throw matches.length > 0
          ? new HttpError(405, { error: `Method ${req.method} not allowed on ${url.pathname}` })
          : new HttpError(404, { error: `No route for ${req.method} ${url.pathname}` });
      }
      const values = route.pattern.exec(url.pathname)?.slice(1) ?? [];
      route.names.forEach((name, index) => {
        ctx.params[name] = decodePathSegment(values[index] ?? '');
      });
      await route.handler(ctx);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) ctx.json(error.status, error.body);
      // Never a stack trace on the wire: the mock's own bugs show up in its logs and tests.
      else ctx.json(500, { error: 'Internal error in the mock cloud' });
    }
  }
}

/** A path parameter, percent-decoded; a malformed escape is the client's error (400). */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, {
      error: `Malformed percent-encoding in the path segment "${segment.slice(0, 80)}"`,
    });
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new HttpError(413, { error: `Request body over ${limit} bytes` }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
