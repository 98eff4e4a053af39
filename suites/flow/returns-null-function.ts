// A broken LivePerson Function as a module, for a faas run context: the zoo's `returns-null`
// (it calls back with null), which fails the engine's Test Connection (FLOW-01).
import { brokenFunctions, type FaasLambda } from '../../mocks/index.ts';

const broken = brokenFunctions.find((candidate) => candidate.name === 'returns-null');
if (!broken) throw new Error('Failed to find the broken function "returns-null" in the zoo.');

export const lambda: FaasLambda = broken.create();
