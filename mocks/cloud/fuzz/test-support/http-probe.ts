import { Agent, type IncomingHttpHeaders, request } from 'node:http';

/** A request exactly as sent: any method, any target (malformed escapes included), any body. */
export interface ProbeRequest {
  method: string;
  /** The request target, sent verbatim: `/api/account/%E0%A4%A/service/baseURI.json`. */
  target: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** What came back; `status` 0 and `failure` when the connection failed or was dropped. */
export interface ProbeAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  failure?: string;
}

/**
 * Sends raw HTTP/1.1 requests to one origin over keep-alive connections. Unlike fetch it sends the
 * target as given, so that the mock sees malformed percent-escapes and `//` paths.
 */
export class HttpProbe {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 4 });

  constructor(readonly origin: string) {}

  send(probe: ProbeRequest): Promise<ProbeAnswer> {
    const { hostname, port } = new URL(this.origin);
    const body = probe.body ?? '';
    return new Promise((resolve) => {
      const req = request(
        {
          agent: this.#agent,
          host: hostname,
          port,
          method: probe.method,
          path: probe.target,
          headers: { ...probe.headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', (error) => resolve(failed(error)));
        },
      );
      // A dropped connection is an answer too (status 0), and every property refuses it.
      req.on('error', (error) => resolve(failed(error)));
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

function failed(error: Error): ProbeAnswer {
  return { status: 0, headers: {}, text: '', failure: error.message };
}
