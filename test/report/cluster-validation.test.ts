// The cluster's own validation, when the admin asked for it, is attached to every report format: the HTML
// (and so the PDF, printed from it) shows it, the JSON carries it as an optional field its schema knows, and
// the .ps1 has it as a commented-out step. Without it, nothing of it appears.
import { describe, expect, it } from 'vitest';
import type { ClusterRoleResult, ClusterValidationResult } from '../../shared/results';
import { formatFindings, loadPs2Checker } from '../../electron/powershell/ps2/check';
import type { JournalData } from '../../electron/procedure/journal';
import { renderHtml } from '../../electron/report/html';
import { renderPs1 } from '../../electron/report/ps1';
import { completeJournal } from './fixtures/journal';
import { checkedReport, validator } from './helpers';

const VALIDATION: ClusterValidationResult = {
  command: "Test-Cluster -Include 'Inventory','Network','System Configuration' -WarningVariable tcWarnings",
  ranAt: '2024-05-02T10:12:00.000Z',
  reportPath: 'C:\\Windows\\Cluster\\Reports\\Validation Report 2024.05.02 At 10.12.00.mht',
  categories: [
    { category: 'Inventory', succeeded: 3, warnings: 0, failed: 0 },
    { category: 'Network', succeeded: 2, warnings: 1, failed: 0 },
    { category: 'System Configuration', succeeded: 3, warnings: 0, failed: 0 },
  ],
  warnings: ['Test Result: ClusterConditionallyApproved'],
  error: null,
};

function withValidation(): JournalData {
  const journal = completeJournal();
  const outputs = (journal.snapshot as { context: { outputs: Record<string, unknown> } }).context.outputs;
  outputs.clusterRole = { ...(outputs.clusterRole as ClusterRoleResult), validation: VALIDATION };
  return journal;
}

describe('the cluster validation in the report', () => {
  const validate = validator();

  it('shows the command, the counts per category, the warnings and the report path in the HTML, listed in the contents', () => {
    const html = renderHtml(checkedReport(withValidation()));
    const section = /<section id="cluster-validation">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(section).toContain('<h2>Cluster validation</h2>');
    expect(section).toContain('Test-Cluster -Include &#39;Inventory&#39;,&#39;Network&#39;,&#39;System Configuration&#39;');
    expect(section).toMatch(/<td>Network<\/td><td>2<\/td><td>1<\/td><td>0<\/td>/);
    expect(section).toContain('Validation Report 2024.05.02 At 10.12.00.mht');
    expect(section).toContain('ClusterConditionallyApproved');
    expect(section).toContain('storage tests are never run on a live DAG');
    expect(html).toContain('<a href="#cluster-validation">Cluster validation</a>');
  });

  it('carries it in the JSON as an optional field of schema version 1', () => {
    const doc = checkedReport(withValidation());
    expect(doc.clusterValidation).toEqual(VALIDATION);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const without = checkedReport(completeJournal());
    expect('clusterValidation' in without).toBe(false);
    expect(validate(without), JSON.stringify(validate.errors)).toBe(true);
    expect(renderHtml(without)).not.toContain('cluster-validation');
  });

  it('puts it in the .ps1 as a commented-out step, in PowerShell 2.0', async () => {
    const text = renderPs1(withValidation());
    expect(text).toContain('$ExhaValidateCluster = {');
    expect(text).toContain(
      "# Invoke-ExhaCluster -ScriptBlock $ExhaValidateCluster -ArgumentList @('Inventory,Network,System Configuration')",
    );
    expect(text).not.toMatch(/^Invoke-ExhaCluster -ScriptBlock \$ExhaValidateCluster/m);
    const check = await loadPs2Checker();
    const findings = check(text);
    expect(findings, formatFindings(findings, 'report.ps1')).toEqual([]);
  });
});
