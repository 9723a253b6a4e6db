// Lint fails on an upward import: the project's own layer table, run through ESLint on fixture sources.
import { Linter } from 'eslint';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import layers, { LAYERS } from '../../eslint/layers.js';

const root = join(import.meta.dirname, '..', '..');
const linter = new Linter({ configType: 'flat', cwd: root });
const config = [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { layers },
    rules: { 'layers/one-way': ['error', { root, layers: LAYERS, strict: ['electron'] }] },
  },
] as Linter.Config[];

function lint(file: string, code: string): string[] {
  return linter.verify(code, config, join(root, file)).map((m) => m.message);
}

describe('one-way imports between the folders of the app', () => {
  it('refuses an upward import, naming both folders', () => {
    expect(lint('electron/procedure/controller.ts', "import { exportReport } from '../report/export';")).toEqual([
      expect.stringContaining('electron/procedure/ may not import electron/report/'),
    ]);
    const upward = (file: string, code: string) => lint(file, code).filter((m) => m.includes(' may not import '));
    expect(upward('electron/targets/lab.ts', "import { ps } from '../procedure/steps/connect';")).toHaveLength(1);
    expect(upward('electron/powershell/session.ts', "import type { SiteFacts } from '../../shared/site';")).toHaveLength(1);
    expect(upward('electron/main/dispatch.ts', "export { unwrapReply } from '../preload/preload';")).toHaveLength(1);
    expect(upward('electron/procedure/steps/dns.ts', "export const m = await import('../../cli/main');")).toHaveLength(1);
    expect(upward('electron/report/html.ts', "import { dispatch } from '../host/dispatch';")).toHaveLength(1);
  });

  it('lets imports run downward and within a folder', () => {
    expect(
      lint(
        'electron/report/ps1.ts',
        "import type { StepScript } from '../powershell/script';\nimport { x } from '../procedure/journal';\nimport { y } from './model';",
      ),
    ).toEqual([]);
    expect(lint('electron/main/app.ts', "import { hostOptions } from '../host/options';\nimport { app } from 'electron';")).toEqual([]);
    expect(lint('renderer/src/bridge/index.ts', "import type { WizardView } from '../../../shared/contract';")).toEqual([]);
  });

  it('knows every folder of electron/: a new one must be placed in the layers', () => {
    const folders = readdirSync(join(root, 'electron'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => `electron/${d.name}`);
    expect(folders.filter((f) => !(f in LAYERS))).toEqual([]);
    expect(lint('electron/plugins/x.ts', 'export const x = 1;')).toEqual([
      expect.stringContaining('electron/plugins/ is a folder of electron/ with no place'),
    ]);
  });
});
