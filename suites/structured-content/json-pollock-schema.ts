/**
 * The json-pollock root schema (`rich_content.json`), compiled from the schema files the npm
 * package ships, with the ajv that json-pollock itself depends on and the options its own
 * SchemaValidator uses. The package's entry imports SCSS and its `validate` reports errors
 * inverted, so neither is used (tpb-platform.md §12.3).
 *
 * @see docs/spec/tpb-platform.md#123-json-pollock-schemas §12.3
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { HarnessError } from '../../harness/index.ts';

/** One schema error as ajv reports it (ajv 5/6 `ErrorObject`, the part we read). */
export interface SchemaError {
  keyword: string;
  dataPath: string;
  message?: string;
  params?: Record<string, unknown>;
}

interface AjvValidate {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

interface AjvInstance {
  addSchema(schema: object, key: string): unknown;
  getSchema(key: string): AjvValidate | undefined;
}

type AjvConstructor = new (options: Record<string, unknown>) => AjvInstance;

let compiled: AjvValidate | undefined;

/** Validates a structured-content body against json-pollock's root schema. */
export function validatePollockBody(body: unknown): { valid: boolean; errors: SchemaError[] } {
  compiled ??= compileRootSchema();
  const valid = compiled(body);
  return { valid, errors: valid ? [] : [...(compiled.errors ?? [])] };
}

function compileRootSchema(): AjvValidate {
  try {
    const packageJson = createRequire(import.meta.url).resolve('json-pollock/package.json');
    const schemaDir = join(dirname(packageJson), 'js', 'schema');
    // json-pollock's own ajv (its dependency, not ours), so its draft and quirks apply.
    const Ajv = createRequire(packageJson)('ajv') as AjvConstructor;
    const ajv = new Ajv({ format: 'full', unknownFormats: 'ignore', logger: false });
    for (const file of readdirSync(schemaDir).filter((name) => name.endsWith('.json'))) {
      ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, file), 'utf8')) as object, file);
    }
    const root = ajv.getSchema('rich_content.json');
    if (!root) throw new Error('rich_content.json is missing from the package');
    return root;
  } catch (cause) {
    throw new HarnessError(
      'TPB_INTERNAL',
      `Failed to load the json-pollock schemas: ${(cause as Error).message}. Run npm install (json-pollock is a dependency).`,
      { cause },
    );
  }
}

/** ajv's `.elements[0].type` as a JSON Pointer suffix `/elements/0/type`. */
export function pointerOf(dataPath: string): string {
  return dataPath
    .replace(/\[(\d+)\]/g, '/$1')
    .replace(/\['([^']*)'\]/g, '/$1')
    .replace(/\./g, '/');
}

/**
 * The few errors worth showing: oneOf reports every branch, so the deepest paths (those inside
 * the branch the body was meant for) come first, one per path.
 */
export function describeErrors(errors: SchemaError[], base: string, limit = 3): string[] {
  const lines: string[] = [];
  const deepestFirst = [...errors].sort((a, b) => b.dataPath.length - a.dataPath.length);
  for (const error of deepestFirst) {
    const extra = error.params?.additionalProperty;
    const detail = typeof extra === 'string' ? ` (${extra})` : '';
    const line = `${base}${pointerOf(error.dataPath)} ${error.message ?? error.keyword}${detail}`;
    if (!lines.includes(line)) lines.push(line);
    if (lines.length === limit) break;
  }
  return lines;
}
