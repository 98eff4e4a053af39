export type * from './generated/index.ts';
export {
  readSchemaFiles,
  type SchemaDocument,
  type SchemaFile,
  schemaUri,
} from './schema-files.ts';
export { validate } from './validate.ts';
export type { ValidationIssue, ValidationResult } from './validation-issue.ts';
