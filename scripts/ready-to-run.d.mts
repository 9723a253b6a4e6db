// Types of ready-to-run.mjs for the tests (plain JavaScript: set-up reads it before node_modules exists).
export function isReadyToRun(path: string): boolean;
