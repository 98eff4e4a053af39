import { createRequire } from 'node:module';

/**
 * The version in package.json, as reports and --version show it. The package names itself (its
 * "exports" lists ./package.json) so that the path is the same from the sources and from dist/.
 */
export const toolVersion: string = (
  createRequire(import.meta.url)('tpb-conformance/package.json') as { version: string }
).version;
