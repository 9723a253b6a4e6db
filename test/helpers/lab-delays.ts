// The lab's delays (node-loss detection, group online, database mount) all zero: a test waits for the lab's
// events, never for its simulated clock. One copy for the integration, report, e2e tests and the benchmarks.
import type { LabDelays } from '../../electron/targets/lab';

export const ZERO_DELAYS: LabDelays = { nodeLossDetection: 0, groupOnline: 0, databaseMount: 0 };
