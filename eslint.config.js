// Lint keeps the process boundaries: what runs where may only import what its environment has.
import tseslint from 'typescript-eslint';
import layers, { LAYERS } from './eslint/layers.js';

const nodeModules = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'url',
  'http',
  'https',
  'net',
  'stream',
  'util',
  'events',
  'ws',
  'node-powershell',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'release/**',
      '.tools/**',
      'test-results/**',
      'scratch/**',
      'eslint.config.js',
      'eslint/**',
      'renderer/**/*.svelte',
      'bin/**',
      'scripts/**/*.mjs',
    ],
  },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.ts'],
    plugins: { layers },
    rules: { 'layers/one-way': ['error', { root: import.meta.dirname, layers: LAYERS, strict: ['electron'] }] },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeModules, 'electron', 'svelte', 'svelte/*'],
              message: 'shared/ runs in main and renderer: it imports nothing environment-specific.',
            },
            { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ must not import from electron/ or renderer/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...nodeModules, 'electron'], message: 'The renderer is a sandboxed page: no electron, no node.' },
            { group: ['**/electron/**'], message: 'The renderer talks to main only through the contract in shared/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...nodeModules], message: 'The sandboxed preload may import only electron and shared/.' },
            { group: ['**/electron/!(preload)/**', '**/renderer/**'], message: 'The preload may import only electron and shared/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', '*.config.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
