// Builds the window's page. base './' so the same files load from file:// (Electron) and from the browser host.
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The built page carries its own Content-Security-Policy (the dev server injects styles inline, so only on build).
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:*",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'exha-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

// Vite rewrites import.meta.dirname to this file's folder when it bundles the config.
const here = import.meta.dirname;

export default defineConfig({
  root: here,
  base: './',
  plugins: [svelte(), contentSecurityPolicy()],
  build: {
    outDir: `${here}/../dist/renderer`,
    emptyOutDir: true,
    target: 'es2022',
    cssCodeSplit: false,
    // The preload polyfill is an inline-free module, but nothing here needs it.
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
  server: {
    host: '127.0.0.1',
    strictPort: true,
    fs: { allow: [`${here}/..`] },
  },
});
