// Day 2 in the window: a setup finished in the lab (by exha run) reopened in the window opens on its health
// and actions; a check reads it; maintenance on EX01 shows its PowerShell and asks first, moves the role and
// the active databases to EX02 and back; every state at 640, 1024 and 1920 px with axe at 0 serious.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { atEveryWidth } from '../helpers/at-every-width';
import { exha } from '../helpers/exha';
import { WizardPage, e2eFile, newContext, startWizard } from './harness';

const files = e2eFile();

type Lab = { cluster: { groups: { name: string; ownerNode: string }[] }; databases: { name: string; activeServer: string }[] };

describe('day 2 in the window', () => {
  it('a finished lab setup: its health, a check, maintenance on EX01 and its end', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'exha-e2e-day2-'));
    const run = exha(['run', '--lab', '--lab-fast', '--state-dir', stateDir]);
    expect(run.status, run.stderr).toBe(0);

    const server = files.track(await startWizard({ stateDir }));
    const context = files.track(await newContext(files.browser()));
    const wp = await WizardPage.open(context, server.url);
    const violations: string[] = [];
    const lab = () => server.readLab() as unknown as Lab;

    // The window opens on what it finds: the finished setup, its health and the actions.
    await wp.until('the day-2 screen is shown', '[data-testid=screen-day2]');
    expect(await wp.text('[data-testid=day2-health]')).toContain('Cluster group CASArray');
    expect(await wp.text('[data-testid=plan]')).toContain('Get-ClusterGroup');
    await atEveryWidth(wp, 'day2', 'opened', violations);

    await wp.page.locator('[data-testid=day2-check]').click();
    await wp.untilText('the check has run', '[data-testid=day2-result]', /Healthy/);
    expect(await wp.text('[data-testid=day2-role]')).toMatch(/CASArray: Online on EX01/);
    expect(await wp.text('[data-testid=day2-databases]')).toContain('CASArray.rogertech.local');
    expect(await wp.page.locator('[data-testid=transcript] .line').count()).toBeGreaterThan(3);
    await atEveryWidth(wp, 'day2', 'checked', violations);

    // Maintenance asks first and shows what it runs; Cancel changes nothing.
    await wp.page.locator('[data-testid=day2-maintenance-EX01]').click();
    await wp.until('the maintenance confirmation', '[data-testid=day2-dialog]');
    const dialog = await wp.text('[data-testid=day2-dialog]');
    expect(dialog).toMatch(/Cluster group CASArray: EX01 → EX02/);
    expect(dialog).toContain("-Groups @('");
    expect(dialog).toContain('Move-ActiveMailboxDatabase');
    await wp.screenshot('day2-maintenance-dialog');
    violations.push(...(await wp.axeBothSchemes('maintenance dialog')));
    await wp.page.locator('[data-testid=day2-dialog] [data-cancel]').click();
    expect(lab().cluster.groups.find((g) => g.name === 'CASArray')?.ownerNode).toBe('EX01');

    await wp.page.locator('[data-testid=day2-maintenance-EX01]').click();
    await wp.page.locator('[data-testid=day2-dialog] [data-confirm]').click();
    await wp.untilText('EX01 is ready for maintenance', '[data-testid=day2-result]', /EX01 is ready for maintenance/);
    expect(lab().cluster.groups.every((g) => g.ownerNode === 'EX02')).toBe(true);
    expect(lab().databases.every((d) => d.activeServer === 'EX02')).toBe(true);
    expect(await wp.text('[data-testid=day2-maintenance-open]')).toMatch(/EX01 is in maintenance since/);
    expect(await wp.text('[data-testid=day2-changes]')).toMatch(/Role owner: EX01 → EX02/);
    await atEveryWidth(wp, 'day2', 'maintenance', violations);

    await wp.page.locator('[data-testid=day2-end]').click();
    await wp.until('the end-maintenance confirmation', '[data-testid=day2-dialog]');
    expect(await wp.text('[data-testid=day2-dialog]')).toMatch(/Cluster group CASArray: back to EX01/);
    await wp.page.locator('[data-testid=day2-dialog] [data-confirm]').click();
    await wp.untilText('maintenance has ended', '[data-testid=day2-result]', /Maintenance of EX01 ended/);
    expect(lab().cluster.groups.find((g) => g.name === 'CASArray')?.ownerNode).toBe('EX01');
    expect(lab().databases.find((d) => d.name === 'VIP')?.activeServer).toBe('EX01');
    expect(await wp.text('[data-testid=day2-role]')).toMatch(/Online on EX01/);
    await atEveryWidth(wp, 'day2', 'ended', violations);

    // The run's own steps and report are one click away.
    await wp.page.locator('[data-testid=day2-close]').click();
    await wp.waitForScreen('complete');
    expect(await wp.page.locator('[data-testid=day2-open]').count()).toBe(1);

    expect(violations).toEqual([]);
    expect(wp.problems).toEqual([]);
  }, 420_000);
});
