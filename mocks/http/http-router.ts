import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route handler gets: the request, its path parameters and helpers to answer. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  /** True when the request came in over TLS: hosts handed out (CSDS) then use the TLS port. */
  secure: boolean;
  /** The request body as text; rejects with the path's error form (413) past the body limit. */
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
    /** Headers sent with the error (e.g. `cache-control` of a token endpoint). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

/**
 * Renders an error the router raises itself (no route, wrong method, malformed path, body too
 * large, or a handler's own bug as 500) in the error shape of the surface a path belongs to: OAuth
 * errors under Sentinel, agentVep errors on login, control errors on the control API.
 */
export type ErrorForm = (status: number, message: string) => HttpError;

/** `{"error": "<message>"}`: the form of CSDS and of paths no surface claims. */
export const plainErrorForm: ErrorForm = (status, message) =>
  new HttpError(status, { error: message });

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: RouteHandler;
}

interface Surface {
  prefix: RegExp;
  segments: number;
  form: ErrorForm;
}

/**
 * A small router for the mock's HTTP surfaces. Patterns use `:name` segments:
 * `/api/account/:accountId/service/baseURI.json`.
 */
export class HttpRouter {
  readonly #routes: Route[] = [];
  readonly #surfaces: Surface[] = [];

  constructor(readonly maxBodyBytes = 1024 * 1024) {}

  add(method: string, path: string, handler: RouteHandler): this {
    const { source, names } = compile(path);
    this.#routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  /**
   * Claims every path under `prefix` (a pattern like `add`'s) for a surface: the router's own
   * errors there take `form`. The longest matching prefix wins; other paths get `plainErrorForm`.
   *
   * @example
   * router.errorForm('/control', (status, message) => controlError(status, 'NOT_FOUND', message));
   */
  errorForm(prefix: string, form: ErrorForm): this {
    const { source } = compile(prefix.replace(/\/+$/, ''));
    const segments = prefix.split('/').length;
    this.#surfaces.push({ prefix: new RegExp(`^${source}(?:/|$)`), segments, form });
    return this;
  }

  /** Handles one request; `secure` says which server it came from. */
  async handle(req: IncomingMessage, res: ServerResponse, secure: boolean): Promise<void> {
    const url = requestUrl(req.url ?? '/');
    const form = url ? this.#formFor(url.pathname) : plainErrorForm;
    const ctx: RouteContext = {
      req,
      res,
      params: {},
      query: url?.searchParams ?? new URLSearchParams(),
      secure,
      body: () => readBody(req, this.maxBodyBytes, form),
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
    let allow: string | undefined;
    try {
      if (!url) {
        throw form(
          400,
          `Malformed request target "${(req.url ?? '').slice(0, 80)}": send a path such as /api/account/{accountId}/service/baseURI.json`,
        );
      }
      const matches = this.#routes.filter((route) => route.pattern.test(url.pathname));
      const route = matches.find((candidate) => candidate.method === req.method);
      if (!route) {
        if (matches.length === 0) throw form(404, `No route for ${req.method} ${url.pathname}`);
        allow = [...new Set(matches.map((candidate) => candidate.method))].join(', ');
        throw form(405, `Method ${req.method} not allowed on ${url.pathname}; use ${allow}`);
      }
      const values = route.pattern.exec(url.pathname)?.slice(1) ?? [];
      route.names.forEach((name, index) => {
        ctx.params[name] = decodePathSegment(values[index] ?? '', form);
      });
      await route.handler(ctx);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // Never a stack trace on the wire: the mock's own bugs show up in its logs and tests.
      const failure =
        error instanceof HttpError ? error : form(500, 'Internal error in the mock cloud');
      // RFC 9110 §15.5.6: a 405 lists the methods the resource has.
      ctx.json(
        failure.status,
        failure.body,
        allow ? { ...failure.headers, allow } : failure.headers,
      );
    }
  }

  /**
   * The router's error for a request it never got to route (the HTTP parser refused it), in the
   * form of the surface its target names, when the target can be read at all.
   */
  errorFor(target: string | undefined, status: number, message: string): HttpError {
    const url = target === undefined ? undefined : requestUrl(target);
    return (url ? this.#formFor(url.pathname) : plainErrorForm)(status, message);
  }

  #formFor(pathname: string): ErrorForm {
    let best: Surface | undefined;
    for (const surface of this.#surfaces) {
      if (surface.prefix.test(pathname) && surface.segments > (best?.segments ?? 0)) best = surface;
    }
    return best?.form ?? plainErrorForm;
  }
}

function compile(path: string): { source: string; names: string[] } {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { source, names };
}

/**
 * The URL of a request target (RFC 9112 §3.2): origin-form (`/path?query`) is read as a path even
 * when it starts with `//` (which `new URL(target, base)` would take for a host), absolute-form as
 * a URL; anything else (`*`, garbage) is undefined and answered 400.
 */
function requestUrl(target: string): URL | undefined {
  try {
    return new URL(target.startsWith('/') ? `http://mock.invalid${target}` : target);
  } catch {
    return undefined;
  }
}

/** A path parameter, percent-decoded; a malformed escape is the client's error (400). */
function decodePathSegment(segment: string, form: ErrorForm): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw form(400, `Malformed percent-encoding in the path segment "${segment.slice(0, 80)}"`);
  }
}

function readBody(req: IncomingMessage, limit: number, form: ErrorForm): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(form(413, `Request body over ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
