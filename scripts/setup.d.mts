// Types of setup.mjs for the tests (the script itself is plain JavaScript: it runs before node_modules exists).
export const PWSH_VERSION: string;
export const BUILD_SOURCES: string[];
export const BUILD_OUTPUTS: string[];
export interface SetupFacts {
  lockfile: number | undefined;
  installedLockfile: number | undefined;
  pwshVersion: string | undefined;
  pwshPrecompiled: boolean;
  pwshNeeded: boolean;
  newestSource: number;
  oldestOutput: number | undefined;
}
export type Missing = 'dependencies' | 'pwsh' | 'precompile' | 'build';
export function whatIsMissing(facts: SetupFacts): Missing[];
export function readFacts(root: string, env?: NodeJS.ProcessEnv): SetupFacts;
export function setUp(root: string): void;
