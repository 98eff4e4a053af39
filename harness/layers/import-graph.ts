import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';
import type * as TypeScript from 'typescript';
import { type Layer, layerDependencies } from './layer-policy.ts';

// The TypeScript compiler is a development dependency: the layer check is a lint step.
const ts = createRequire(import.meta.url)('typescript') as typeof TypeScript;

/** One relative import between two files of the layers, as repository paths with `/`. */
export interface ImportEdge {
  from: string;
  to: string;
  /** The specifier as written, for the message. */
  specifier: string;
}

const sourceFile = /\.(ts|js|cjs|mjs)$/;

/** Every relative import in the layers' source files under `root` (imports, exports, `import()`). */
export async function readImportGraph(root: string): Promise<ImportEdge[]> {
  const edges: ImportEdge[] = [];
  for (const layer of Object.keys(layerDependencies) as Layer[]) {
    const names = await readdir(join(root, layer), { recursive: true }).catch(() => []);
    for (const name of names) {
      const file = `${layer}/${name.split(sep).join('/')}`;
      if (!sourceFile.test(file) || file.includes('/generated/') || file.includes('node_modules')) {
        continue;
      }
      const text = await readFile(join(root, file), 'utf8');
      for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
        if (!imported.fileName.startsWith('.')) continue;
        const to = normalize(join(dirname(file), imported.fileName))
          .split(sep)
          .join('/');
        edges.push({ from: file, to, specifier: imported.fileName });
      }
    }
  }
  return edges;
}
