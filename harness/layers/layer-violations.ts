import type { ImportEdge } from './import-graph.ts';
import {
  compositionRoots,
  doorOf,
  isTestCode,
  type Layer,
  layerDependencies,
} from './layer-policy.ts';

const layerOf = (file: string): Layer | undefined =>
  Object.hasOwn(layerDependencies, file.split('/')[0] ?? '')
    ? (file.split('/')[0] as Layer)
    : undefined;

/** A folder directly under a layer (`mocks/ums`), or a file at the layer's root on its own. */
const folderOf = (file: string): string => file.split('/').slice(0, 2).join('/');

/** What breaks the layering, one sentence per import, then one per folder cycle. */
export function layerViolations(edges: readonly ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const { from, to, specifier } of edges) {
    const source = layerOf(from);
    const target = layerOf(to);
    if (!source || !target) continue;
    const where = `${from} imports '${specifier}'`;
    const toTestSupport = to.split('/').includes('test-support');
    const testCode = isTestCode(from);
    if (toTestSupport && !testCode) {
      problems.push(`${where}: production code must not import test support.`);
      continue;
    }
    if (source === target) {
      if (to === doorOf(target) && !testCode && from !== to) {
        problems.push(
          `${where}: a file inside ${source} must not import its own door; import the module.`,
        );
      }
      continue;
    }
    if (!toTestSupport && to !== doorOf(target)) {
      problems.push(`${where}: import another layer through its door, ${doorOf(target)}.`);
      continue;
    }
    const allowed: readonly string[] = layerDependencies[source];
    if (!testCode && !compositionRoots.includes(from) && !allowed.includes(target)) {
      problems.push(
        `${where}: ${source} may import ${allowed.length ? allowed.join(', ') : 'no other layer'}, not ${target} (schemas <- mocks <- harness <- suites, reports beside harness).`,
      );
    }
  }
  for (const cycle of folderCycles(edges.filter((edge) => !isTestCode(edge.from)))) {
    problems.push(`Folders import each other in a cycle: ${cycle.join(' -> ')} -> ${cycle[0]}.`);
  }
  return problems;
}

/** The strongly connected groups of folders (Tarjan), each as one path around it. */
export function folderCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const [a, b] = [folderOf(from), folderOf(to)];
    if (a === b) continue;
    if (!next.has(a)) next.set(a, new Set());
    next.get(a)?.add(b);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) as number, low.get(to) as number));
      } else if (stack.includes(to)) {
        low.set(node, Math.min(low.get(node) as number, index.get(to) as number));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member !== undefined) group.unshift(member);
    } while (member !== node && member !== undefined);
    if (group.length > 1) cycles.push(group);
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}
