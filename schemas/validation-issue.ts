/**
 * One reason a value does not match a schema. Issues are data, never exceptions.
 *
 * @example
 * { path: '/response/0/type', keyword: 'discriminator', expected: 'one of "TEXT", "DELAY"',
 *   actual: '"text"', message: '/response/0/type: expected one of "TEXT", "DELAY", got "text"' }
 */
export interface ValidationIssue {
  /** JSON Pointer to the offending value (`''` is the root); for a missing or extra key, the key's own path. */
  path: string;
  /** The JSON Schema keyword that failed (`type`, `required`, `enum`, …). */
  keyword: string;
  /** What the schema wanted, in words. */
  expected: string;
  /** What the value held, in words (`missing` when absent). */
  actual: string;
  /** `<path>: expected <expected>, got <actual>` (plus the schema's own words where they help). */
  message: string;
}

/** The outcome of `validate()`: the typed value, or the issues that stop it from being one. */
export type ValidationResult<T> =
  | { ok: true; value: T; issues: [] }
  | { ok: false; issues: ValidationIssue[] };
