export {
  type HostileCandidate,
  hostileCandidate,
  hostileCandidates,
} from './hostile-candidates.ts';
