// The cluster's own validation, offered after the role is added (issue 12 item 7): Test-Cluster with the
// non-disruptive categories only. Storage tests take disks offline, which a live DAG must never see, so
// 'Storage' is dropped on the node too, whatever the caller passes.
import { z } from 'zod';
import type { ClusterValidationResult } from '../../../shared/results';
import { ps, type StepScript } from '../../powershell/script';
import { StepFailure, type PlanContext, type PlannedCall, type StepContext } from '../step';

export const VALIDATION_CATEGORIES = ['Inventory', 'Network', 'System Configuration'] as const;

export const validateCluster: StepScript = {
  label: "Run the cluster's own validation: Test-Cluster -Include Inventory, Network, System Configuration (no storage tests)",
  runsOn: 'cluster',
  kind: 'verify',
  // One comma-separated string: a cluster script's parameters travel positionally, and an array would be spread.
  params: ['Include'],
  timeoutSeconds: 600,
  body: ps`
    param([string]$Include)
    $categories = @($Include.Split(',') | ForEach-Object { $_.Trim() } | Where-Object { $_ -and $_ -ne 'Storage' })
    $tcWarnings = @()
    $report = Test-Cluster -Include $categories -WarningAction SilentlyContinue -WarningVariable tcWarnings
    $path = ''
    if ($report) { $path = [string](@($report)[0].FullName) }
    # The report's rows are category, test, result; counted here so only numbers and the path travel back.
    $counts = New-Object System.Collections.ArrayList
    if ($path -and (Test-Path -LiteralPath $path)) {
        $text = [System.IO.File]::ReadAllText($path)
        foreach ($m in [regex]::Matches($text, '<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>')) {
            $category = $m.Groups[1].Value
            $row = @($counts | Where-Object { $_.Category -eq $category })[0]
            if (-not $row) {
                $row = New-Object PSObject -Property @{ Category = $category; Succeeded = 0; Warnings = 0; Failed = 0 }
                [void]$counts.Add($row)
            }
            $result = $m.Groups[3].Value
            if ($result -like 'Success*') { $row.Succeeded = $row.Succeeded + 1 }
            elseif ($result -like 'Warning*') { $row.Warnings = $row.Warnings + 1 }
            elseif ($result -like 'Fail*') { $row.Failed = $row.Failed + 1 }
        }
    }
    New-Object PSObject -Property @{
        ReportPath = $path
        Categories = @($counts | ForEach-Object { New-Object PSObject -Property @{ Category = [string]$_.Category; Succeeded = [int]$_.Succeeded; Warnings = [int]$_.Warnings; Failed = [int]$_.Failed } })
        Warnings = @($tcWarnings | ForEach-Object { [string]$_ })
    }
  `,
};

const ValidationSchema = z.object({
  ReportPath: z.string(),
  Categories: z.array(z.object({ Category: z.string(), Succeeded: z.number(), Warnings: z.number(), Failed: z.number() })),
  Warnings: z.array(z.string()),
});

const VALUES = { Include: VALIDATION_CATEGORIES.join(',') };

/** The admin asked for it (the cluster role screen's checkbox, exha run --validate-cluster). */
export function validationRequested(ctx: PlanContext): boolean {
  return ctx.before.validateCluster === true;
}

/** Shown before the step runs, whether asked for or not: the label says it runs only when asked. */
export function validationCall(ctx: PlanContext): PlannedCall {
  return validationRequested(ctx)
    ? { script: validateCluster, values: VALUES }
    : { script: { ...validateCluster, label: `Only if you ask for it: ${validateCluster.label}` }, values: VALUES };
}

/** Runs Test-Cluster; its own failure is recorded, not thrown: the role is in place and verified already. */
export async function runValidation(ctx: StepContext): Promise<ClusterValidationResult> {
  // The cmdlet line as it ran on the node; the whole script is in the command log.
  const command = `Test-Cluster -Include ${VALIDATION_CATEGORIES.map((c) => `'${c}'`).join(',')} -WarningVariable tcWarnings`;
  const ranAt = new Date(ctx.now()).toISOString();
  try {
    const r = await ctx.run(validateCluster, VALUES, ValidationSchema);
    return {
      command,
      ranAt,
      reportPath: r.ReportPath,
      categories: r.Categories.map((c) => ({ category: c.Category, succeeded: c.Succeeded, warnings: c.Warnings, failed: c.Failed })),
      warnings: r.Warnings,
      error: null,
    };
  } catch (error) {
    if (!(error instanceof StepFailure)) throw error;
    return { command, ranAt, reportPath: '', categories: [], warnings: [], error: error.powershell?.message ?? error.message };
  }
}

/** One line for the CLI, the report's step summary and the screen. */
export function describeValidation(v: ClusterValidationResult): string {
  if (v.error) return `Cluster validation did not finish: ${v.error}`;
  const parts = v.categories.map(
    (c) => `${c.category}: ${String(c.succeeded)} passed, ${String(c.warnings)} warnings, ${String(c.failed)} failed`,
  );
  return `Cluster validation (${VALIDATION_CATEGORIES.join(', ')}): ${parts.join('; ') || 'no results read from the report'}. Report: ${v.reportPath || '(none)'}.`;
}
