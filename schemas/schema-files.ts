import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the schema files live; every `*.schema.json` here is loaded. */
export const schemasDir = fileURLToPath(new URL('.', import.meta.url));

/** Every schema `$id` starts with this; the rest is the file name. */
export const schemaIdBase = 'https://tpb-conformance.dev/schemas/';

export const schemaFileSuffix = '.schema.json';

/** A JSON Schema document as stored in `schemas/`. */
export interface SchemaDocument {
  $schema: string;
  $id: string;
  title: string;
  description: string;
  [keyword: string]: unknown;
}

/** One schema file: its short name (the file name without `.schema.json`) and its content. */
export interface SchemaFile {
  name: string;
  fileName: string;
  document: SchemaDocument;
}

/** Reads every schema file, sorted by name so that every consumer sees the same order. */
export function readSchemaFiles(dir: string = schemasDir): SchemaFile[] {
  return readdirSync(dir)
    .filter((fileName) => fileName.endsWith(schemaFileSuffix))
    .sort()
    .map((fileName) => ({
      name: fileName.slice(0, -schemaFileSuffix.length),
      fileName,
      document: JSON.parse(readFileSync(new URL(fileName, `file://${dir}/`), 'utf8')),
    }));
}

/** The full `$id` of a schema given its short name: `ce-event` → `https://…/ce-event.schema.json`. */
export function schemaUri(name: string): string {
  return `${schemaIdBase}${name}${schemaFileSuffix}`;
}
