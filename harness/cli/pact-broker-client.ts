import { type Environment, readPactBrokerEnvironment } from '../config/index.ts';
import { HarnessError } from '../harness-error.ts';
import { SecretScrubber } from './secret-scrubber.ts';

/** The flags of every broker subcommand, named as pact-broker-client names them. */
export const brokerFlagOptions = {
  'broker-url': { type: 'string' },
  'broker-token': { type: 'string' },
  'broker-username': { type: 'string' },
  'broker-password': { type: 'string' },
} as const;

export const brokerUsage = `Broker options, each also read from the variable Pact's own tools read:
  --broker-url URL           the Pact Broker or PactFlow (PACT_BROKER_BASE_URL)
  --broker-token T           a bearer token, as PactFlow issues (PACT_BROKER_TOKEN)
  --broker-username U        basic authentication (PACT_BROKER_USERNAME), with
  --broker-password P        its password (PACT_BROKER_PASSWORD)
`;

/** One link of a HAL resource; `name` tells apart the links of one relation (one per environment). */
export interface HalLink {
  href: string;
  name?: string;
}

/** A broker's HAL resource, read tolerantly: callers look only at the fields they need. */
export type HalResource = Record<string, unknown>;

/** A hung broker must not hang the CI job that asks it. */
const requestTimeoutMs = 30_000;

/**
 * The Pact Broker / PactFlow HAL API over `fetch`: every request carries the credentials, every
 * failure is one HarnessError whose message names the request and never the credentials.
 *
 * @see https://docs.pact.io/pact_broker/advanced_topics/api_docs
 */
export class PactBrokerClient {
  readonly baseUrl: string;
  readonly #authorization: string | undefined;
  readonly #scrubber: SecretScrubber;

  constructor(
    baseUrl: string,
    auth: { token: string } | { username: string; password: string } | undefined,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    if (auth === undefined) this.#authorization = undefined;
    else if ('token' in auth) this.#authorization = `Bearer ${auth.token}`;
    else {
      const basic = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
      this.#authorization = `Basic ${basic}`;
    }
    this.#scrubber = new SecretScrubber(
      auth === undefined
        ? []
        : 'token' in auth
          ? [auth.token]
          : [auth.password, this.#authorization?.slice('Basic '.length)],
    );
  }

  /** The text with the credentials (and any bearer) replaced by `[redacted]`. */
  scrub(text: string): string {
    return this.#scrubber.text(text);
  }

  /** The broker's index resource, where every relation starts. */
  index(action: string): Promise<HalResource> {
    return this.request('GET', `${this.baseUrl}/`, action);
  }

  /**
   * GET, PUT or POST `url` and answer the JSON body. `notFound` is the message for a 404, when the
   * caller knows what is missing.
   */
  async request(
    method: 'GET' | 'PUT' | 'POST',
    url: string,
    action: string,
    { body, notFound }: { body?: unknown; notFound?: string } = {},
  ): Promise<HalResource> {
    const headers: Record<string, string> = { Accept: 'application/hal+json, application/json' };
    if (this.#authorization) headers.Authorization = this.#authorization;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        signal: AbortSignal.timeout(requestTimeoutMs),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (cause) {
      const reason =
        (cause as Error).name === 'TimeoutError'
          ? `no answer within ${requestTimeoutMs / 1000} s`
          : ((cause as Error & { cause?: Error }).cause?.message ?? (cause as Error).message);
      throw this.#error(
        'TPB_UNREACHABLE',
        `Failed to ${action}: ${method} ${url} got no response (${reason}). Check --broker-url (PACT_BROKER_BASE_URL) and that the broker is running.`,
        cause,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      const said = text.replace(/\s+/g, ' ').trim().slice(0, 300);
      throw this.#error(
        'TPB_BROKER',
        `Failed to ${action}: the broker answered ${response.status} to ${method} ${url}${said ? ` (${said})` : ''}. ${this.#hint(response.status, notFound)}`,
      );
    }
    if (text.trim() === '') return {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as HalResource;
    } catch {
      // Reported below, with what did arrive.
    }
    throw this.#error(
      'TPB_BROKER',
      `Failed to ${action}: ${method} ${url} answered ${response.status} with a body that is not a JSON object. Check that --broker-url is the broker's base URL.`,
    );
  }

  /** Every link of `relation` in `resource`, whether the broker wrote one or a list. */
  links(resource: HalResource, relation: string): HalLink[] {
    const found = (resource._links as Record<string, unknown> | undefined)?.[relation];
    return (Array.isArray(found) ? found : [found]).filter(
      (link): link is HalLink => typeof (link as HalLink | undefined)?.href === 'string',
    );
  }

  /** The href of `relation` in `resource`, its URI template filled from `params`. */
  link(
    resource: HalResource,
    relation: string,
    action: string,
    params: Record<string, string> = {},
  ): string {
    const [link] = this.links(resource, relation);
    if (!link) {
      throw this.#error(
        'TPB_BROKER',
        `Failed to ${action}: the broker's resource has no "${relation}" link. Check that --broker-url is a Pact Broker (2.81 or later) or PactFlow.`,
      );
    }
    return link.href.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      params[name] === undefined ? placeholder : encodeURIComponent(params[name]),
    );
  }

  #hint(status: number, notFound: string | undefined): string {
    if (status === 401 || status === 403) {
      return this.#authorization
        ? 'Check --broker-token (PACT_BROKER_TOKEN), or --broker-username and --broker-password: the broker did not accept them.'
        : 'The broker wants credentials: pass --broker-token (PACT_BROKER_TOKEN), or --broker-username and --broker-password.';
    }
    if (status === 404 && notFound) return notFound;
    if (status >= 500) return 'The broker failed; try again, or look at its logs.';
    return 'Check the options against "tpb-conformance pact --help".';
  }

  #error(code: 'TPB_BROKER' | 'TPB_UNREACHABLE', message: string, cause?: unknown): HarnessError {
    return new HarnessError(code, this.scrub(message), cause === undefined ? {} : { cause });
  }
}

/** The client for a subcommand's broker flags, each falling back to its PACT_BROKER_* variable. */
export function brokerClientFrom(
  values: Record<string, unknown>,
  env: Environment | undefined,
  command: string,
): PactBrokerClient {
  const fromEnv = readPactBrokerEnvironment(env);
  const flag = (name: keyof typeof brokerFlagOptions) => values[name] as string | undefined;
  const help = `Run "tpb-conformance pact ${command} --help" for its options.`;
  const url = flag('broker-url') ?? fromEnv.baseUrl;
  if (!url) {
    throw new HarnessError(
      'TPB_USAGE',
      `Missing --broker-url URL (or PACT_BROKER_BASE_URL): the Pact Broker or PactFlow to ask. ${help}`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new HarnessError(
      'TPB_USAGE',
      `Invalid --broker-url "${url}": not an absolute URL. ${help}`,
      { cause },
    );
  }
  // The URL may be printed in a message, so credentials belong in their own flags.
  if (parsed.username || parsed.password || !/^https?:$/.test(parsed.protocol)) {
    throw new HarnessError(
      'TPB_USAGE',
      `Invalid --broker-url: use an http(s) URL without credentials in it, and pass them with --broker-token, or --broker-username and --broker-password. ${help}`,
    );
  }
  const token = flag('broker-token') ?? fromEnv.token;
  const username = flag('broker-username') ?? fromEnv.username;
  const password = flag('broker-password') ?? fromEnv.password;
  if (token && (flag('broker-username') || flag('broker-password'))) {
    throw new HarnessError(
      'TPB_USAGE',
      `Pass either --broker-token or --broker-username with --broker-password, not both. ${help}`,
    );
  }
  if (!token && (username === undefined) !== (password === undefined)) {
    throw new HarnessError(
      'TPB_USAGE',
      `Basic authentication needs both --broker-username and --broker-password (or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD). ${help}`,
    );
  }
  const auth = token
    ? { token }
    : username !== undefined && password !== undefined
      ? { username, password }
      : undefined;
  return new PactBrokerClient(parsed.href, auth);
}
