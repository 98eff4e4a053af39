// Issue 13 (the mock under bad input); decision 0014. Every sentinel endpoint answers seeded bad
// requests with a well-formed answer in its documented error shape, and keeps serving.
import { describeHttpFuzz } from './test-support/http-fuzz.ts';

await describeHttpFuzz('sentinel');
