// `npm start` without Electron lands here: the engine with the lab by default, served to the browser
// until Ctrl+C, which disposes the host (and so stops PowerShell) before exiting.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createWizard, WizardRefusal } from '../procedure/controller';
import { hostOptions, parseShellArgs } from '../host/options';
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
  const host = createWizard({
    ...hostOptions(args),
    holderName: 'the browser wizard (npm start --browser)',
  });
  // The host drives runs for as long as it serves: it holds the state folder from the start, so a second
  // host (or an exha verb) on the same folder is refused at once instead of racing this one.
  try {
    host.claimStateFolder();
  } catch (error) {
    if (!(error instanceof WizardRefusal)) throw error;
    console.error(error.message);
    await host.dispose();
    process.exitCode = 3;
    return;
  }
  const server = await startBrowserHost({ host, port: args.port, staticDir });
  console.log(`Open ${server.url}`);
  console.log(`(state folder: ${host.stateDir}; Ctrl+C stops the wizard)`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping…');
    server
      .close()
      .then(() => host.dispose())
      .then(() => {
        process.exit(0);
      })
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
