import { HarnessError } from '../harness-error.ts';

const redacted = '[redacted]';

/** A JWS compact token (a bearer), whatever signed it. */
const jwtPattern = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/**
 * Replaces the run's secrets (client secret, private key, mock credentials) and every bearer token
 * with `[redacted]` in what the CLI prints and in what it hands to the reporters. The reporters
 * redact evidence themselves; this is the CLI's own guarantee for the values it knows.
 */
export class SecretScrubber {
  readonly #secrets: string[] = [];

  constructor(secrets: readonly (string | undefined)[] = []) {
    this.add(...secrets);
  }

  /** Adds secrets; a PEM is added whole and line by line, so no part of its body leaks. */
  add(...secrets: readonly (string | undefined)[]): void {
    for (const secret of secrets) {
      if (!secret) continue;
      const trimmed = secret.trim();
      if (trimmed.length >= 4) this.#secrets.push(trimmed);
      if (trimmed.startsWith('-----BEGIN')) {
        for (const line of trimmed.split(/\r?\n/)) {
          if (!line.startsWith('-----') && line.trim().length >= 16)
            this.#secrets.push(line.trim());
        }
      }
    }
    // Longest first, so a whole PEM is replaced before its lines are.
    this.#secrets.sort((a, b) => b.length - a.length);
  }

  text(text: string): string {
    let out = text.replace(jwtPattern, redacted);
    for (const secret of this.#secrets) out = out.replaceAll(secret, redacted);
    return out;
  }

  /** A deep copy of `value` with every string scrubbed. */
  value<T>(value: T): T {
    if (typeof value === 'string') return this.text(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.value(item)) as T;
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[key] = this.value(item);
      return out as T;
    }
    return value;
  }

  /** The same error with a scrubbed message (a HarnessError keeps its code). */
  error(error: unknown): unknown {
    if (!(error instanceof Error)) return error;
    const message = this.text(error.message);
    if (message === error.message) return error;
    if (error instanceof HarnessError) return new HarnessError(error.code, message);
    const scrubbed = new Error(message);
    scrubbed.name = error.name;
    return scrubbed;
  }
}
