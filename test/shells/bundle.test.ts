// The Electron main bundle (as scripts/build.mjs makes it): one CommonJS file that needs only Electron,
// Node's own modules and node-powershell at run time. Until the engine's controller exists, a stub stands in.
import { build, type Plugin } from 'esbuild';
import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';

const realController = existsSync('electron/procedure/controller.ts');

const stubController: Plugin = {
  name: 'stub-controller',
  setup(b) {
    b.onResolve({ filter: /procedure\/controller$/ }, () => ({ path: `${process.cwd()}/test/shells/stub-controller.ts` }));
  },
};

describe('electron main bundle', () => {
  it(`bundles into one CommonJS file (${realController ? 'real engine' : 'stub controller'})`, async () => {
    const out = await build({
      entryPoints: ['electron/main/main.ts'],
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node22',
      external: ['electron', 'node-powershell', 'playwright-core'],
      write: false,
      logLevel: 'silent',
      define: { 'import.meta.url': '__exhaImportMetaUrl', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
      plugins: realController ? [] : [stubController],
    });
    expect(out.outputFiles).toHaveLength(1);
    const required = new Set([...out.outputFiles[0]!.text.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]!));
    // playwright-core is imported lazily by the Chromium PDF printer, which the app never uses: Electron prints with printToPDF.
    const allowed = new Set([
      'electron',
      'node-powershell',
      'playwright-core',
      ...builtinModules,
      ...builtinModules.map((m) => `node:${m}`),
    ]);
    expect([...required].filter((name) => !allowed.has(name))).toEqual([]);
    expect(required).toContain('electron');
  });
});
