import { readFileSync } from 'node:fs';

/** The version in package.json, as reports and --version show it. */
export const toolVersion: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;
