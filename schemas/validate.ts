import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { SchemaId, SchemaTypes } from './generated/index.ts';
import { readSchemaFiles, schemaUri } from './schema-files.ts';
import type { ValidationIssue, ValidationResult } from './validation-issue.ts';

interface Registry {
  ajv: Ajv2020;
  /** For every node that carries a `discriminator`, the tag values its branches allow. */
  tagValues: WeakMap<object, string[]>;
}

let registry: Registry | undefined;

/** Loads every schema by `$id` into one ajv instance, once. */
function load(): Registry {
  if (registry) return registry;
  const ajv = new Ajv2020({
    allErrors: true,
    discriminator: true,
    strict: true,
    // `required` on a discriminated union names a key that only its branches define.
    strictRequired: false,
    verbose: true,
  });
  addFormats.default(ajv);
  const files = readSchemaFiles();
  const tagValues = new WeakMap<object, string[]>();
  const documents = new Map(files.map((file) => [file.fileName, file.document]));
  for (const file of files) {
    collectTagValues(file.document, file.document, documents, tagValues);
    ajv.addSchema(file.document);
  }
  registry = { ajv, tagValues };
  return registry;
}

function resolveRef(ref: string, root: object, documents: Map<string, object>): unknown {
  const [fileName = '', pointer = ''] = ref.split('#');
  let node: unknown = fileName ? documents.get(fileName) : root;
  for (const key of pointer.split('/').slice(1)) {
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  return node;
}

function collectTagValues(
  node: unknown,
  root: object,
  documents: Map<string, object>,
  out: WeakMap<object, string[]>,
): void {
  if (node === null || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  const discriminator = schema.discriminator as { propertyName?: string } | undefined;
  if (discriminator?.propertyName && Array.isArray(schema.oneOf)) {
    const tag = discriminator.propertyName;
    out.set(
      schema,
      schema.oneOf.flatMap((branch: Record<string, unknown>) => {
        const target = (
          typeof branch.$ref === 'string' ? resolveRef(branch.$ref, root, documents) : branch
        ) as { properties?: Record<string, { const?: unknown; enum?: unknown[] }> } | undefined;
        const property = target?.properties?.[tag];
        return (property?.enum ?? [property?.const]).filter((v) => typeof v === 'string');
      }),
    );
  }
  for (const value of Object.values(schema)) collectTagValues(value, root, documents, out);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Cycles, or nesting too deep to print (String() of it would overflow the stack too).
    text =
      value !== null && typeof value === 'object' ? '(too deep or cyclic to print)' : String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
  return typeof value;
}

const quoted = (values: unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ');

function toIssue(error: ErrorObject, tagValues: WeakMap<object, string[]>): ValidationIssue {
  const params = error.params as Record<string, unknown>;
  let path = error.instancePath;
  let expected = error.message ?? error.keyword;
  let actual = describe(error.data);
  switch (error.keyword) {
    case 'type':
      expected = `type ${String(params.type).replaceAll(',', ' or ')}`;
      actual = `${kindOf(error.data)} ${describe(error.data)}`;
      break;
    case 'required':
      path = `${path}/${String(params.missingProperty)}`;
      expected = `required property "${String(params.missingProperty)}"`;
      actual = 'missing';
      break;
    case 'additionalProperties':
      path = `${path}/${String(params.additionalProperty)}`;
      expected = 'no property of this name (the object is closed)';
      actual = `property "${String(params.additionalProperty)}"`;
      break;
    case 'enum':
      expected = `one of ${quoted(params.allowedValues as unknown[])}`;
      break;
    case 'const':
      expected = describe(params.allowedValue);
      break;
    case 'discriminator': {
      const tag = String(params.tag);
      const values = error.parentSchema ? tagValues.get(error.parentSchema) : undefined;
      path = `${path}/${tag}`;
      expected = values ? `one of ${quoted(values)}` : `a known "${tag}"`;
      actual =
        params.error === 'tag'
          ? describe((error.data as Record<string, unknown>)?.[tag])
          : describe(params.tagValue);
      break;
    }
    case 'oneOf':
    case 'anyOf':
      expected =
        error.keyword === 'oneOf'
          ? 'exactly one of the allowed shapes'
          : 'one of the allowed shapes';
      actual = `${kindOf(error.data)} ${describe(error.data)}`;
      break;
    case 'pattern':
      expected = `a string matching /${String(params.pattern)}/`;
      break;
    case 'format':
      expected = `a string in format "${String(params.format)}"`;
      break;
    case 'minLength':
    case 'maxLength':
      expected = `a string ${error.keyword === 'minLength' ? 'at least' : 'at most'} ${String(params.limit)} characters long`;
      actual = `${String((error.data as string).length)} characters`;
      break;
    case 'minItems':
    case 'maxItems':
      expected = `${error.keyword === 'minItems' ? 'at least' : 'at most'} ${String(params.limit)} items`;
      actual = `${String((error.data as unknown[]).length)} items`;
      break;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      expected = `a number ${String(params.comparison)} ${String(params.limit)}`;
      break;
  }
  if (error.propertyName !== undefined) {
    // The failing value is a key itself (propertyNames): point at the key and say so.
    path = `${path}/${error.propertyName}`;
    expected = `a property name that is ${expected}`;
    actual = `property "${error.propertyName}"`;
  }
  return {
    path,
    keyword: error.keyword,
    expected,
    actual,
    message: `${path || '/'}: expected ${expected}, got ${actual}`,
  };
}

function toIssues(errors: ErrorObject[], tagValues: WeakMap<object, string[]>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // "must match then schema" and "property name must be valid" only sum up the errors of the
    // branch or key that failed, which are reported beside them.
    if (error.keyword === 'if' || error.keyword === 'propertyNames') continue;
    const issue = toIssue(error, tagValues);
    // A missing discriminator tag is also a `required` error at the same path: report it once.
    const key = `${issue.path}\u0000${issue.actual === 'missing' ? 'missing' : issue.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

/**
 * Checks a value against one of the schemas in `schemas/`, named by its short id.
 * Never throws for invalid data: every problem comes back as a `ValidationIssue`.
 *
 * @example
 * const result = validate('ce-bot-state', body);
 * if (!result.ok) for (const issue of result.issues) log(issue.message);
 */
export function validate<Id extends SchemaId>(
  schemaId: Id,
  value: unknown,
): ValidationResult<SchemaTypes[Id]> {
  const { ajv, tagValues } = load();
  const check = ajv.getSchema(schemaUri(schemaId));
  if (!check) {
    throw new TypeError(
      `Failed to validate: unknown schema id "${schemaId}". Use the file name of a schema in schemas/ without ".schema.json".`,
    );
  }
  let valid: boolean;
  try {
    valid = check(value) as boolean;
  } catch (cause) {
    // Values that are not JSON (cycles, getters that throw) cannot match any schema.
    const detail = cause instanceof Error ? cause.message : String(cause);
    return {
      ok: false,
      issues: [
        {
          path: '',
          keyword: 'json',
          expected: 'a JSON value',
          actual: detail,
          message: `/: expected a JSON value, got ${detail}`,
        },
      ],
    };
  }
  if (valid) return { ok: true, value: value as SchemaTypes[Id], issues: [] };
  return { ok: false, issues: toIssues(check.errors ?? [], tagValues) };
}
