// The names of the window's operations and their channels, free of zod so the renderer and the
// sandboxed preload stay small. shared/contract.ts gives each one its schema and result type.

export const OPERATIONS = [
  'getView',
  'start',
  'resume',
  'discardJournal',
  'next',
  'back',
  'retry',
  'skip',
  'acknowledge',
  'setInputs',
  'rollbackStep',
  'rollbackAll',
  'restart',
  'exportReport',
  'day2Check',
  'day2Maintenance',
  'day2EndMaintenance',
  'day2Remove',
  'snapshotSite',
] as const;

export type Operation = (typeof OPERATIONS)[number];

/** Names of the IPC channels; the view push is the only main-to-renderer message. */
export const channelOf = (op: Operation): string => `exha:${op}`;
export const VIEW_CHANNEL = 'exha:view';
