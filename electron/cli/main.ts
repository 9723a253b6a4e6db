// exha: the wizard without a window. Same machine, journal and PowerShell as the app.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { WizardView } from '../../shared/contract';
import { stepIndex } from '../../shared/steps';
import { hasErrors, validateAccessPoint, type AccessPointInputs } from '../../shared/validation';
import { PowerShellNotFoundError } from '../powershell';
import { createWizard, damagedJournalMessage, WizardRefusal, type WizardController } from '../procedure/controller';
import { StateLock, StateLockLost } from '../procedure/state-lock';
import { UnreadableFile } from '../procedure/files';
import { Journal } from '../procedure/journal';
import { assertLabStateReadable } from '../procedure/lab-state-file';
import { readAnswers } from './answers';
import { parseArgs, USAGE, type CliOptions } from './args';
import { printPlan } from './plan';
import { promptCredential } from './prompt';
import { ProgressPrinter } from './progress';
import { isDay2Command, runDay2 } from './day2';
import { helpText } from './help';
import { defaultStateDir } from '../procedure/state-folder';
import { describeAdoption } from '../procedure/adoption';
import { exportReport } from '../report/export';
import { reportLabLimits, runSnapshot } from './snapshot';
import { continueCommand } from '../report/status';
import { reconnectsOf } from '../procedure/reconnects';
import { openMaintenance } from '../procedure/day2/maintenance';
import { EXIT } from './engine-errors';

interface Outcome {
  code: number;
  view: WizardView;
}

/** A run that used other credentials asks for them again: they were never stored. */
async function credentialForResume(view: WizardView): Promise<{ userName: string; password: string } | undefined> {
  const account = view.resume?.credentialFor;
  if (account === null || account === undefined) return undefined;
  process.stderr.write(`This run used the account ${account}.\n`);
  return promptCredential();
}

async function drive(
  host: WizardController,
  options: CliOptions,
  answers: AccessPointInputs | null,
  out: ProgressPrinter,
): Promise<Outcome> {
  for (;;) {
    const view = await host.idle();
    out.update(view);
    if (options.skipFailoverTest && view.current === 'failover' && (view.phase === 'review' || view.phase === 'failed') && view.can.skip) {
      process.stderr.write(
        'Skipping the failover test (--skip-failover-test): no node is taken down, and the report shows the test as Skipped.\n',
      );
      await host.handle('skip', null);
      continue;
    }
    if (view.phase === 'failed' || view.phase === 'rollbackFailed') return { code: EXIT.failed, view };
    if (view.phase === 'rolledBack') return { code: EXIT.ok, view };
    if (view.current === 'complete' && view.phase === 'done') return { code: EXIT.ok, view };
    if (options.until && view.current === options.until && view.phase === 'done') return { code: EXIT.ok, view };
    if (view.current === 'preflight' && view.phase === 'done' && !view.notice.acknowledged) {
      const warnings = (view.preflight ?? []).filter((c) => c.status === 'warn');
      if (warnings.length > 0 && !options.acceptWarnings) {
        process.stderr.write(
          `Preflight warnings:\n${warnings.map((w) => `  ! ${w.title}: ${w.evidence}\n    ${w.fix}`).join('\n')}\nRerun with --accept-warnings to go on (exha resume --accept-warnings).\n`,
        );
        return { code: EXIT.failed, view };
      }
      process.stderr.write(`\nNote: ${view.notice.text}\n\n`);
      const adopted = describeAdoption(view.site);
      if (adopted.length > 0)
        process.stderr.write(
          `Adopting the setup found (recorded as found; a rollback leaves it unless --include-found):\n${adopted.map((l) => `  ${l}`).join('\n')}\n\n`,
        );
      await host.handle('acknowledge', { notice: true, warnings: warnings.length > 0 });
      process.stderr.write('Acknowledged: the journal records your user name and the time; the report names them.\n');
      continue;
    }
    if (view.current === 'accessPoint' && view.phase === 'review') {
      const inputs = { ...(view.inputs ?? { name: '', address: '', network: '' }), ...(answers ?? {}) };
      if (!inputs.network) inputs.network = view.inputs?.network ?? '';
      const errors = validateAccessPoint(inputs, view.site ?? undefined);
      if (hasErrors(errors)) {
        process.stderr.write(
          `The answers do not fit this site (nothing has changed):\n${Object.values(errors)
            .map((e) => `  ✖ ${e}`)
            .join('\n')}\n`,
        );
        return { code: EXIT.usage, view };
      }
      await host.handle('setInputs', inputs);
    }
    const validate = options.validateCluster && view.current === 'clusterRole' && view.phase === 'review';
    if (validate) {
      const command = view.plan.find((p) => p.text.includes('Test-Cluster'))?.text ?? '';
      process.stderr.write(
        `After the role is verified, the cluster's own validation runs (no storage tests):\n${command
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n')}\n`,
      );
    }
    await host.handle('next', validate ? { validateCluster: true } : null);
  }
}

function summary(view: WizardView): object {
  return {
    current: view.current,
    phase: view.phase,
    steps: view.steps.map((s) => ({ id: s.id, status: s.status, startedAt: s.startedAt, endedAt: s.endedAt })),
    error: view.error,
    inputs: view.inputs,
    failover: view.failover?.outage
      ? {
          recoverySeconds: view.failover.outage.recoverySeconds,
          referenceSeconds: view.failover.outage.referenceSeconds,
          // A lab timing is made of these delays, not measured on servers.
          simulated: view.failover.simulated ?? null,
        }
      : null,
    inPlace: view.inPlace,
    stateDir: view.stateDir,
    adopted: describeAdoption(view.site),
  };
}

async function main(argv: string[]): Promise<number> {
  const help = helpText(argv);
  if (help !== null) {
    process.stdout.write(`${help}\n`);
    return EXIT.ok;
  }
  // Day 2 (check, maintenance, remove) has its own options and needs no wizard run.
  if (isDay2Command(argv[0])) return runDay2(argv, defaultStateDir());
  if (argv[0] === 'snapshot') return runSnapshot(argv.slice(1));
  let options: CliOptions | 'help';
  try {
    options = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`exha: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  if (options === 'help') {
    process.stdout.write(`${helpText(['--help']) ?? USAGE}\n`);
    return EXIT.ok;
  }
  const stateDir = resolve(options.stateDir ?? defaultStateDir());
  const progress = new ProgressPrinter((line) => process.stderr.write(`${line}\n`));
  let answers: AccessPointInputs | null;
  try {
    answers = readAnswers(options.answers);
  } catch (error) {
    process.stderr.write(`exha: ${(error as Error).message}\nNothing was run.\n`);
    return EXIT.usage;
  }
  if (options.command === 'plan') {
    printPlan(options, answers, stateDir, (text) => process.stdout.write(text));
    return EXIT.ok;
  }
  const host = createWizard({
    stateDir,
    exportReport,
    holderName: `exha ${options.command}`,
    ...(options.labSeed ? { labSeedPath: resolve(options.labSeed) } : {}),
    ...(options.labState ? { labStatePath: resolve(options.labState) } : {}),
    ...(options.labFast ? { labDelays: { nodeLossDetection: 0, groupOnline: 0, databaseMount: 0 } } : {}),
  });
  host.subscribe((view) => {
    progress.update(view);
  });
  const startedAt = new Date().toISOString();
  const finish = (code: number, view: WizardView): number => {
    // A reconnect during this command is said, never passed over: what the run observed has a gap there.
    const journal = host.journalData();
    for (const r of journal ? reconnectsOf(journal, startedAt) : []) process.stderr.write(`Notice: ${r.text}\n`);
    if (options.json) process.stdout.write(`${JSON.stringify({ ok: code === EXIT.ok, exitCode: code, ...summary(view) })}\n`);
    return code;
  };
  try {
    // Every verb that changes the run holds the state folder first: a second writer is refused here (exit 3).
    if (options.command === 'run' || options.command === 'resume' || options.command === 'rollback') host.claimStateFolder();
    const damaged = host.damagedJournal();
    if (damaged) {
      // Reported by every verb, never renamed here: the admin decides what becomes of it.
      process.stderr.write(`exha: ${damagedJournalMessage(damaged)}\n`);
      return finish(EXIT.refused, host.view());
    }
    if (options.command === 'resume' || options.command === 'rollback') {
      // Named before anything runs: a damaged lab state file would otherwise fail inside a step as an unreachable server.
      const read = Journal.read(stateDir);
      if (read.kind === 'ok') assertLabStateReadable(read.data.target, stateDir);
    }
    switch (options.command) {
      case 'status': {
        const view = host.view();
        const resume = view.resume;
        if (!options.json) {
          const live = StateLock.holderOf(stateDir);
          if (live) process.stdout.write(`In progress now, driven by ${live.holder} since ${live.since}; as last journalled:\n`);
          if (resume)
            process.stdout.write(
              `${live ? 'The run' : 'Interrupted run'} (${resume.site}) ${live ? 'is at' : 'stopped at'} ${resume.stepTitle} (${resume.phase}), ${resume.updatedAt}.${live ? '' : ` Continue with: ${continueCommand(resume.phase)}`}\n`,
            );
          else if (!view.started) process.stdout.write(`No run in ${stateDir}.\n`);
          else {
            const headline =
              view.phase === 'rolledBack'
                ? 'The run was rolled back: every change is undone.'
                : view.current === 'complete' && view.phase === 'done'
                  ? 'The run is complete.'
                  : `The run is at ${view.steps.find((s) => s.id === view.current)?.title ?? view.current} (${view.phase}).`;
            // What is on the servers now, from the same source as the window and the report.
            const effects = [
              ...view.inPlace.made.map((e) => `  + ${e.what}`),
              ...view.inPlace.undone.map((e) => `  - ${e.what} (undone)`),
              ...view.inPlace.found.map((e) => `  = ${e.what}`),
            ];
            process.stdout.write(
              `${headline}\n${view.inPlace.headline}\n${effects.length ? `${effects.join('\n')}\n` : ''}${view.steps.map((s) => `${s.status.padEnd(10)} ${s.title}`).join('\n')}\n`,
            );
          }
        }
        if (!options.json) {
          // Not needed to say where the run stands, but the admin should know before ending a maintenance.
          try {
            openMaintenance(stateDir);
          } catch (error) {
            if (!(error instanceof UnreadableFile)) throw error;
            process.stdout.write(`Note: ${error.message}\n`);
          }
        }
        return finish(EXIT.ok, view);
      }
      case 'run': {
        if (host.view().resume) {
          process.stderr.write(
            `An interrupted run is in ${stateDir} (at ${host.view().resume?.stepTitle ?? ''}). Use exha resume, or exha rollback, first.\n`,
          );
          return finish(EXIT.refused, host.view());
        }
        if (options.lab && options.labSeed) reportLabLimits(options.labSeed);
        await host.handle(
          'start',
          options.lab
            ? {
                target: 'lab',
                ...(options.exchangeServer ? { exchangeServer: options.exchangeServer } : {}),
                ...(options.clusterNode ? { clusterNode: options.clusterNode } : {}),
              }
            : {
                target: 'real',
                exchangeServer: options.exchangeServer ?? '',
                clusterNode: options.clusterNode ?? '',
                ...(options.credential ? { useCredential: true, credential: await promptCredential() } : {}),
              },
        );
        // Kept in the journal (they are not secret): exha resume goes on with them.
        if (answers) host.recordAnswers(answers);
        const outcome = await drive(host, options, answers, progress);
        return finish(outcome.code, outcome.view);
      }
      case 'resume': {
        const offer = host.view().resume;
        if (!offer) {
          process.stderr.write(`Nothing to resume in ${stateDir}.\n`);
          return finish(EXIT.refused, host.view());
        }
        if (offer.phase === 'rollbackFailed') {
          // Resuming would only show the rollback's failure again: the rollback is what goes on.
          process.stderr.write(
            `The rollback of this run did not finish (it stopped at ${offer.stepTitle}). Continue with: exha rollback (it undoes what is still in place, newest first; add the same --to STEP if you gave one). Nothing was changed.\n`,
          );
          return finish(EXIT.refused, host.view());
        }
        await host.resumeInterrupted(await credentialForResume(host.view()));
        let view = await host.idle();
        // The window's Retry, from the command line: the step probes what is already done before it acts.
        const skipping = options.skipFailoverTest && view.current === 'failover' && view.can.skip;
        if (view.phase === 'failed' && view.can.retry && !skipping) {
          progress.update(view);
          process.stderr.write(`Retrying ${view.steps.find((s) => s.id === view.current)?.title ?? view.current}.\n`);
          host.retryFailed(options.retestFailover);
          view = await host.idle();
        }
        // The run's own answers unless --answers replaces them (and is kept in their place).
        if (answers) host.recordAnswers(answers);
        const outcome = await drive(host, options, answers ?? host.recordedAnswers() ?? view.inputs, progress);
        return finish(outcome.code, outcome.view);
      }
      case 'rollback': {
        const continuing = host.view().resume?.phase === 'rollingBack';
        if (host.view().resume) await host.resumeInterrupted(await credentialForResume(host.view()));
        let view = await host.idle();
        if (!view.started) {
          process.stderr.write(`No run to roll back in ${stateDir}.\n`);
          return finish(EXIT.refused, view);
        }
        // A rollback interrupted while it ran goes on by itself once reopened, down to where it was asked to stop
        // (its --to is in the journal): its end is this command's end, never the start of a wider rollback.
        if (view.phase === 'rolledBack' || continuing) {
          progress.update(view);
          return finish(view.phase === 'rollbackFailed' || view.phase === 'failed' ? EXIT.failed : EXIT.ok, view);
        }
        if (view.rollbackPlan.length === 0) {
          process.stderr.write('Nothing to roll back: no step has changed the servers.\n');
          return finish(EXIT.ok, view);
        }
        if (options.to && stepIndex(options.to) >= stepIndex(view.current)) {
          process.stderr.write(`--to ${options.to}: the run has not gone past that step.\n`);
          return finish(EXIT.usage, view);
        }
        process.stderr.write(
          `Rolling back, newest first:\n${view.rollbackPlan
            .filter((r) => !options.to || stepIndex(r.stepId) > stepIndex(options.to))
            .map((r) => `  ↶ ${r.title}: ${r.undo}`)
            .join('\n')}\n`,
        );
        host.rollbackAll(options.to, options.includeFound);
        view = await host.idle();
        progress.update(view);
        // The end state: what the rollback put back differently, and anything it left.
        const notes = Object.values(host.journalData()?.before.undoNotes ?? {}).flat();
        if (notes.length > 0) process.stderr.write(`${notes.map((n) => `  • ${n}`).join('\n')}\n`);
        return finish(view.phase === 'rollbackFailed' || view.phase === 'failed' ? EXIT.failed : EXIT.ok, view);
      }
      case 'report': {
        const result = await host.handle('exportReport', { format: options.format ?? 'html' });
        const outPath = resolve(options.out ?? result.fileName);
        writeFileSync(outPath, Buffer.from(result.base64, 'base64'));
        process.stderr.write(`Report written to ${outPath}\n`);
        return finish(EXIT.ok, host.view());
      }
      default:
        return EXIT.usage;
    }
  } catch (error) {
    if (error instanceof UnreadableFile || error instanceof StateLockLost) {
      process.stderr.write(`exha: ${error.message}\n`);
      return finish(EXIT.refused, host.view());
    }
    if (error instanceof WizardRefusal) {
      process.stderr.write(`exha: ${error.message}\n`);
      return finish(error.code === 'invalid-request' ? EXIT.usage : EXIT.refused, host.view());
    }
    if (error instanceof PowerShellNotFoundError || (error instanceof Error && /lab module was not found/.test(error.message))) {
      process.stderr.write(`exha: ${error.message}\n`);
      return finish(EXIT.environment, host.view());
    }
    throw error;
  } finally {
    await host.dispose();
  }
}

// A lost lock surfaces where the journal is written, which may be inside the machine's own callbacks: the
// run stops there, saying so, rather than go on beside another writer.
process.on('uncaughtException', (error) => {
  if (error instanceof StateLockLost) {
    process.stderr.write(`exha: ${error.message}\n`);
    process.exit(EXIT.refused);
  }
  process.stderr.write(`exha: unexpected error: ${error.stack ?? error.message}\n`);
  process.exit(70);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`exha: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  },
);
