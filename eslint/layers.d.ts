// Types of layers.js for the tests.
import type { ESLint } from 'eslint';
export const LAYERS: Record<string, string[]>;
declare const plugin: ESLint.Plugin;
export default plugin;
