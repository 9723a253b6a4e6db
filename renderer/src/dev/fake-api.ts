// Development only (?fake=1): a WizardApi that plays canned views so every screen can be looked at.
// URL parameters pick the starting point: screen=<stepId>, phase=<Phase>, error=1, resume=1, activity=1,
// warn=1 (a preflight warning), live=<seconds> (failover running), rollback=1 (a longer undo list).
import type { ExportResult, Phase, StepStatus, WizardApi, WizardView } from '../../../shared/contract';
import { FIELD_TECHNIQUE_NOTICE, STEPS, STEP_IDS, isStepId, stepIndex, type StepId } from '../../../shared/steps';
import { defaultInputs, hasErrors, validateAccessPoint } from '../../../shared/validation';
import {
  CAS_ARRAY,
  CLIENT_CHECKS,
  CLUSTER_ROLE,
  DATABASES,
  DNS,
  PLANS,
  SITE,
  VALIDATION,
  failoverResult,
  preflightChecks,
  transcriptFor,
} from './fake-data';

const PHASES: Phase[] = ['review', 'running', 'done', 'failed', 'rollingBack', 'rolledBack', 'rollbackFailed'];

function build(step: StepId, phase: Phase, params: URLSearchParams, revision: number): WizardView {
  const index = stepIndex(step);
  const reached = (id: StepId): boolean => stepIndex(id) < index || (id === step && phase === 'done');
  const now = new Date().toISOString();
  const statusOf = (id: StepId): StepStatus => {
    const i = stepIndex(id);
    if (i < index) return id === 'clientChecks' && params.get('skipped') === '1' ? 'skipped' : 'done';
    if (i > index) return 'todo';
    return phase === 'running' || phase === 'rollingBack'
      ? 'running'
      : phase === 'failed' || phase === 'rollbackFailed'
        ? 'failed'
        : phase === 'done'
          ? 'done'
          : phase === 'rolledBack'
            ? 'rolledBack'
            : 'current';
  };
  const started = index > 0 || phase !== 'review' || params.get('started') === '1';
  let nextId = 1;
  const transcript = STEP_IDS.filter((id) => stepIndex(id) < index || (id === step && phase !== 'review')).flatMap((id) => {
    const lines = transcriptFor(id, nextId, now);
    nextId += lines.length;
    return lines;
  });
  if (phase === 'running') {
    const last = transcript.at(-1);
    if (last) Object.assign(last, { outcome: 'running', durationMs: null, output: '' });
  }
  if (phase === 'failed') {
    const last = transcript.at(-1);
    if (last)
      Object.assign(last, {
        outcome: 'error',
        error:
          "Add-ClusterResource : An error occurred creating resource 'CASArray'.\n    + CategoryInfo          : NotSpecified: (:) [Add-ClusterResource], ClusterCmdletException\n    + FullyQualifiedErrorId : Add-ClusterResource,Microsoft.FailoverClusters.PowerShell.AddClusterResourceCommand",
      });
  }
  const withWarning = params.get('warn') === '1';
  const live = Number(params.get('live') ?? '8');
  const changed = STEPS.filter((s) => s.changesServers && (stepIndex(s.id) < index || (s.id === step && phase === 'done')));
  const undo: Record<string, string> = {
    clusterRole:
      'Take cluster group CASArray offline and remove it with its IP Address and Network Name resources; remove the CASArray DNS record and computer object.',
    casArray: 'Remove Client Access array CASArray.rogertech.local from Default-First-Site-Name.',
    databases: 'Set RpcClientAccessServer back: Mailbox Database 01 → EX01.rogertech.local, Mailbox Database 02 → EX02.rogertech.local.',
    failover: 'Move cluster group CASArray and the active copies back to their original servers.',
  };
  return {
    revision,
    target: started ? (params.get('target') === 'real' ? 'real' : 'lab') : null,
    started,
    site: started && (index > 0 || phase === 'done') ? SITE : null,
    current: step,
    phase,
    steps: STEPS.map((s) => ({
      id: s.id,
      title: s.title,
      writeUpSteps: s.writeUpSteps,
      status: statusOf(s.id),
      changesServers: s.changesServers,
      startedAt: statusOf(s.id) === 'todo' ? null : now,
      endedAt: stepIndex(s.id) < index ? now : null,
    })),
    plan: PLANS[step],
    transcript,
    activity:
      phase === 'running' || params.get('activity') === '1'
        ? {
            label:
              step === 'dns'
                ? 'Waiting for CASArray.rogertech.local to resolve'
                : step === 'failover'
                  ? 'Node EX01 is down; timing the recovery'
                  : `Running: ${PLANS[step][0]?.label ?? STEPS[index]?.title ?? ''}`,
            since: new Date(Date.now() - 7000).toISOString(),
            waitingFor:
              step === 'failover'
                ? 'the role and every database to come online on EX02'
                : step === 'dns'
                  ? 'DNS replication from DC01'
                  : 'PowerShell on EX01',
            timeoutSeconds: step === 'dns' ? 300 : 120,
          }
        : null,
    error:
      phase === 'failed' || params.get('error') === '1'
        ? {
            message: 'Creating the cluster role failed: the Network Name resource could not be created.',
            powershell: {
              message:
                "An error occurred creating resource 'CASArray'. The cluster resource could not be brought online by the resource monitor.",
              fullyQualifiedErrorId: 'Add-ClusterResource,Microsoft.FailoverClusters.PowerShell.AddClusterResourceCommand',
              category: 'NotSpecified: (:) [Add-ClusterResource], ClusterCmdletException',
              targetObject: 'CASArray',
            },
            advice:
              'The cluster name object PrimaryDAG$ probably lacks "Create Computer objects" on the Computers container. Grant it in Active Directory Users and Computers, then Retry; or Roll back this step to remove what was created.',
          }
        : null,
    notice: { text: FIELD_TECHNIQUE_NOTICE, acknowledged: index > 1 },
    preflight: reached('preflight') ? preflightChecks(withWarning) : null,
    inputs: index > 2 ? defaultInputs(SITE) : null,
    inputErrors: {},
    validation: reached('validate') ? VALIDATION : null,
    clusterRole: reached('clusterRole') ? CLUSTER_ROLE : null,
    dns: reached('dns') ? DNS : null,
    casArray: reached('casArray') ? CAS_ARRAY : null,
    databases: reached('databases') ? DATABASES : null,
    clientChecks: reached('clientChecks') ? CLIENT_CHECKS : null,
    failover: reached('failover')
      ? failoverResult(true, 0)
      : step === 'failover' && phase === 'running'
        ? failoverResult(false, live)
        : null,
    inPlace:
      changed.length > 0
        ? {
            outcome: 'inPlace',
            headline: `On the servers now: ${String(changed.length)} changes made by this run.`,
            made: changed.map((s) => ({ stepId: s.id, what: s.title })),
            undone: [],
            found: [],
          }
        : { outcome: 'nothing', headline: 'Nothing this run could change is on the servers.', made: [], undone: [], found: [] },
    labDelays: { nodeLossDetection: 5, groupOnline: 2, databaseMount: 8 },
    rollbackStepPlan:
      STEPS[index]?.changesServers === true ? { title: STEPS[index].title, undo: undo[step] ?? 'Undo.', scripts: [] } : null,
    rollbackPlan: [...changed].reverse().map((s) => ({ stepId: s.id, title: s.title, undo: undo[s.id] ?? 'Undo.', scripts: [] })),
    can: {
      next: phase === 'review' || phase === 'done' || phase === 'rolledBack',
      back: index > 0 && phase !== 'running',
      retry: phase === 'failed',
      skip: STEPS[index]?.skippable === true && phase === 'review',
      rollbackStep: STEPS[index]?.changesServers === true && (phase === 'done' || phase === 'failed'),
      rollbackAll: changed.length > 0 && phase !== 'running',
      acknowledge: step === 'preflight',
      setInputs: step === 'accessPoint' && phase === 'review',
      restart: step === 'complete',
    },
    resume:
      params.get('resume') === '1' && !started
        ? {
            stepId: 'databases',
            stepTitle: 'Mailbox databases',
            phase: 'running',
            updatedAt: new Date(Date.now() - 3_600_000).toISOString(),
            site: 'rogertech.local, DAG PrimaryDAG',
            credentialFor: null,
          }
        : null,
    stateDir: 'C:\\Users\\admin\\AppData\\Roaming\\Exchange HA Wizard\\state',
    day2: null,
    undoNotes: [],
    damagedJournal: null,
  };
}

export function createFakeApi(params: URLSearchParams): WizardApi {
  const screen = params.get('screen') ?? 'connect';
  const phaseParam = params.get('phase') ?? 'review';
  let step: StepId = isStepId(screen) ? screen : 'connect';
  let phase: Phase = (PHASES as string[]).includes(phaseParam) ? (phaseParam as Phase) : 'review';
  let revision = 1;
  let view = build(step, phase, params, revision);
  let extra: Partial<WizardView> = {};
  const listeners = new Set<(v: WizardView) => void>();

  const publish = (): WizardView => {
    revision += 1;
    view = { ...build(step, phase, params, revision), ...extra };
    for (const l of listeners) l(view);
    return view;
  };
  const go = (s: StepId, p: Phase): WizardView => {
    step = s;
    phase = p;
    extra = {};
    params.delete('error');
    params.delete('activity');
    return publish();
  };
  const run = (): WizardView => {
    const s = step;
    go(s, 'running');
    setTimeout(() => {
      if (step === s) go(s, s === 'complete' ? 'review' : 'done');
    }, 1800);
    return view;
  };
  const settle = <T>(value: T): Promise<T> =>
    new Promise((resolve) =>
      setTimeout(() => {
        resolve(value);
      }, 120),
    );

  return {
    getView: () => settle(view),
    start: (req) => {
      params.set('target', req.target);
      params.set('started', '1');
      return settle(run());
    },
    resume: () => settle(go('databases', 'review')),
    discardJournal: () => {
      params.delete('resume');
      return settle(publish());
    },
    next: () => {
      if (phase === 'done' || step === 'accessPoint') {
        const following = STEP_IDS[stepIndex(step) + 1];
        return settle(following ? go(following, following === 'complete' ? 'done' : 'review') : view);
      }
      return settle(run());
    },
    back: () => settle(go(STEP_IDS[Math.max(0, stepIndex(step) - 1)] ?? 'connect', 'done')),
    retry: () => settle(run()),
    skip: () => {
      params.set('skipped', '1');
      return settle(go(STEP_IDS[stepIndex(step) + 1] ?? step, 'review'));
    },
    acknowledge: () => {
      extra = { notice: { ...view.notice, acknowledged: true } };
      return settle(publish());
    },
    setInputs: (inputs) => {
      const errors = validateAccessPoint(inputs, SITE);
      extra = { inputs, inputErrors: errors };
      if (hasErrors(errors)) return Promise.reject(new Error('The inputs are not valid.'));
      return settle(publish());
    },
    rollbackStep: () => settle(go(step, 'rolledBack')),
    rollbackAll: () => settle(go('connect', 'done')),
    restart: () => settle(go('connect', 'review')),
    day2Check: () => settle(view),
    day2Maintenance: () => settle(view),
    day2EndMaintenance: () => settle(view),
    day2Remove: () => settle(view),
    snapshotSite: (): Promise<ExportResult> =>
      settle({ fileName: 'exha-site-rogertech.local.json', mimeType: 'application/json', base64: btoa('{}\n'), savedTo: null }),
    exportReport: (req): Promise<ExportResult> => {
      const text = req.format === 'json' ? JSON.stringify(view, null, 2) : `Exchange HA Wizard report (${req.format}, fake)\n`;
      const bytes = new TextEncoder().encode(text);
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      return settle({
        fileName: `exchange-ha-report.${req.format}`,
        mimeType: 'application/octet-stream',
        base64: btoa(binary),
        savedTo: null,
      });
    },
    onView: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
