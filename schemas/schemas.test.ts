/**
 * Every schema in schemas/ is well-formed, documented, decides open vs closed on purpose, and is
 * proven by its fixtures: each valid example passes and each invalid one fails at the exact path
 * and keyword it names, for that reason alone.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SchemaFixtures } from './generated/index.ts';
import { readSchemaFiles, schemasDir, schemaUri } from './schema-files.ts';
import { validate } from './validate.ts';

const files = readSchemaFiles();

function fixturesOf(name: string): SchemaFixtures {
  const text = readFileSync(`${schemasDir}/fixtures/${name}.fixtures.json`, 'utf8');
  const result = validate('schema-fixtures', JSON.parse(text));
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
  return result.value;
}

/**
 * Object nodes that list properties but leave `additionalProperties` to the default. Conditions
 * (`if`, `not`) are predicates, not shapes, so they are not walked.
 */
function undecidedObjects(node: unknown, path: string): string[] {
  if (node === null || typeof node !== 'object' || /\/(if|not)$/.test(path)) return [];
  const schema = node as Record<string, unknown>;
  const own =
    schema.properties && !('additionalProperties' in schema) && !('unevaluatedProperties' in schema)
      ? [path || '/']
      : [];
  return [
    ...own,
    ...Object.entries(schema).flatMap(([key, value]) => undecidedObjects(value, `${path}/${key}`)),
  ];
}

/** `a` and `b` are the same JSON Pointer, or one lies inside the other. */
function related(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

it('finds the schema files', () => {
  expect(files.length).toBeGreaterThan(1);
});

describe.each(files.map((file) => [file.name, file] as const))('%s', (name, file) => {
  it('is a documented draft 2020-12 schema whose $id matches its file name', () => {
    expect(file.document.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(file.document.$id).toBe(schemaUri(name));
    expect(file.document.title).toMatch(/\S/);
    expect(file.document.description.length).toBeGreaterThan(20);
  });

  it('states additionalProperties on every object that lists properties', () => {
    expect(undecidedObjects(file.document, '')).toEqual([]);
  });

  it('has a fixtures file with at least one valid and three distinct invalid examples', () => {
    expect(existsSync(`${schemasDir}/fixtures/${name}.fixtures.json`)).toBe(true);
    const fixtures = fixturesOf(name);
    expect(fixtures.schema).toBe(name);
    // An open object that names no property (a pass-through body) can only fail by its type, so
    // there its examples must differ by value; everywhere else each fails for its own reason.
    const passThrough = file.document.additionalProperties === true && !file.document.properties;
    const reasons = new Set(
      fixtures.invalid.map((example) =>
        passThrough ? JSON.stringify(example.value) : `${example.path} ${example.keyword}`,
      ),
    );
    expect(reasons.size, 'each invalid example fails for a different reason').toBe(
      fixtures.invalid.length,
    );
  });

  const fixtures = existsSync(`${schemasDir}/fixtures/${name}.fixtures.json`)
    ? fixturesOf(name)
    : { valid: [], invalid: [] };

  it.each(fixtures.valid.map((example) => [example.description, example] as const))(
    'accepts: %s',
    (_, example) => {
      const result = validate(name as never, example.value);
      expect(result.issues).toEqual([]);
      expect(result.ok).toBe(true);
    },
  );

  it.each(fixtures.invalid.map((example) => [example.description, example] as const))(
    'rejects: %s',
    (_, example) => {
      const result = validate(name as never, example.value);
      expect(result.ok).toBe(false);
      expect(result.issues).toContainEqual(
        expect.objectContaining({ path: example.path, keyword: example.keyword }),
      );
      const unrelated = result.issues.filter((issue) => !related(issue.path, example.path));
      expect(unrelated, 'the example is invalid for one reason only').toEqual([]);
    },
  );
});
