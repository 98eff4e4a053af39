export { type ControlApiDeps, registerControlApi, type SimulatorLookup } from './control-api.ts';
