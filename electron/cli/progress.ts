// Progress on stderr, as an admin watching a terminal wants it: each step as it starts and ends,
// what is being waited for, and PowerShell's own words when something fails.
import type { WizardView } from '../../shared/contract';
import { stepMeta } from '../../shared/steps';

export class ProgressPrinter {
  private lastKey = '';
  private lastActivity = '';
  private lastTranscript = 0;
  private readonly started = Date.now();

  constructor(private readonly write: (line: string) => void) {}

  private elapsed(): string {
    return `${((Date.now() - this.started) / 1000).toFixed(1).padStart(6)}s`;
  }

  update(view: WizardView): void {
    const key = `${view.current}:${view.phase}`;
    if (key !== this.lastKey) {
      this.lastKey = key;
      const title = stepMeta(view.current).title;
      const marks: Record<string, string> = {
        running: '▶',
        done: '✔',
        failed: '✖',
        rollingBack: '↶',
        rolledBack: '↶',
        rollbackFailed: '✖',
        review: '·',
      };
      const words: Record<string, string> = {
        running: 'running',
        done: 'done',
        failed: 'FAILED',
        rollingBack: 'rolling back',
        rolledBack: 'rolled back',
        rollbackFailed: 'ROLLBACK FAILED',
        review: 'ready',
      };
      if (view.phase === 'rolledBack') this.write(`${this.elapsed()} ↶ Every change is rolled back.`);
      else if (view.phase !== 'review')
        this.write(`${this.elapsed()} ${marks[view.phase] ?? ' '} ${title}: ${words[view.phase] ?? view.phase}`);
      const validation = view.current === 'clusterRole' && view.phase === 'done' ? view.clusterRole?.validation : undefined;
      if (validation) {
        const counts = validation.categories
          .map((c) => `${c.category} ${String(c.succeeded)} passed, ${String(c.warnings)} warnings, ${String(c.failed)} failed`)
          .join('; ');
        this.write(
          `         Cluster validation: ${validation.error ? `did not finish: ${validation.error}` : `${counts || 'no results read'}; report ${validation.reportPath}`}`,
        );
        for (const w of validation.warnings) this.write(`         ! ${w.split('\n').join(' ')}`);
      }
      if (view.error && (view.phase === 'failed' || view.phase === 'rollbackFailed')) {
        this.write(`         ${view.error.message}`);
        if (view.error.powershell)
          this.write(
            `         PowerShell: ${view.error.powershell.message} [${view.error.powershell.fullyQualifiedErrorId}, ${view.error.powershell.category}]`,
          );
        this.write(`         What to do: ${view.error.advice}`);
      }
    }
    const activity = view.activity ? `${view.activity.label} — waiting for ${view.activity.waitingFor}` : '';
    if (activity && activity !== this.lastActivity) this.write(`${this.elapsed()}   … ${activity}`);
    this.lastActivity = activity;
    const newest = view.transcript.at(-1);
    if (newest && newest.id > this.lastTranscript && newest.outcome !== 'running') {
      this.lastTranscript = newest.id;
      if (process.env.EXHA_VERBOSE)
        this.write(`${this.elapsed()}     $ ${newest.label} (${String(newest.durationMs)} ms, ${newest.outcome})`);
    }
  }
}
