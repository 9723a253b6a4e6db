// `npm start` without Electron lands here: the engine with the lab by default, served to the browser
// until Ctrl+C, which disposes the host (and so stops PowerShell) before exiting.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createWizardHost } from '../procedure/controller';
import { hostOptions, parseShellArgs } from '../main/options';
import { startBrowserHost } from './server';

const root = resolve(import.meta.dirname, '..', '..');

async function main(): Promise<void> {
  const args = parseShellArgs(process.argv.slice(2));
  const staticDir = join(root, 'dist', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) {
    console.error('The wizard page is not built yet: run `npm run build`, then `npm start` again.');
    process.exitCode = 1;
    return;
  }
  const host = createWizardHost(hostOptions(args, join(root, '.exha-state')));
  const server = await startBrowserHost({ host, port: args.port, staticDir });
  console.log(`Open ${server.url}`);
  console.log(`(state folder: ${host.stateDir}; Ctrl+C stops the wizard)`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping…');
    server.close()
      .then(() => host.dispose())
      .then(() => { process.exit(0); })
      .catch((err: unknown) => {
        console.error('Could not stop cleanly:', err);
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
