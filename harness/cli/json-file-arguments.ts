import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { HarnessError } from '../harness-error.ts';

/**
 * The JSON files named on a command line: a file as given, a directory as its *.json files in
 * name order. Each comes as typed (`name`, for messages and reports) and resolved (`path`). A
 * missing path or a directory without one is TPB_INPUT_UNREADABLE: `action` says what failed
 * ("publish", "replay"), `wanted` what a directory should hold and how to get it.
 */
export async function jsonFileArguments(
  given: readonly string[],
  cwd: string,
  action: string,
  wanted: string,
): Promise<Array<{ name: string; path: string }>> {
  const files: Array<{ name: string; path: string }> = [];
  for (const name of given) {
    const path = resolve(cwd, name);
    const info = await stat(path).catch(() => undefined);
    if (!info) {
      throw new HarnessError(
        'TPB_INPUT_UNREADABLE',
        `Failed to ${action} ${name}: no such file or directory.`,
      );
    }
    if (!info.isDirectory()) {
      files.push({ name, path });
      continue;
    }
    const inside = (await readdir(path)).filter((file) => file.endsWith('.json')).sort();
    if (inside.length === 0) {
      throw new HarnessError(
        'TPB_INPUT_UNREADABLE',
        `Failed to ${action} ${name}: the directory holds no .json file. ${wanted}`,
      );
    }
    files.push(...inside.map((file) => ({ name: join(name, file), path: join(path, file) })));
  }
  return files;
}
