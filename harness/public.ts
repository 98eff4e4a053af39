/**
 * The package entry (`import … from 'tpb-conformance'`): what a tpb.config.ts needs. Every export
 * is listed by name.
 */

export type { HarnessConfig } from '../schemas/index.ts';
export { defineConfig } from './config/define-config.ts';
