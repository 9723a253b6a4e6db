// Types of precompile-pwsh.mjs for the tests (plain JavaScript: set-up runs it before node_modules exists).
export const HOT_ASSEMBLIES: string[];
export function pwshAssemblyDir(root: string): string | undefined;
export function pwshPrecompiled(root: string): boolean;
export function skipMarker(root: string): string;
export function precompilePwsh(root: string): void;
