// `exha <command> --help` prints that command's usage and exits 0, for every command; no PowerShell starts.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_USAGE } from '../../electron/cli/args';
import { DAY2_COMMANDS } from '../../electron/cli/day2';
import { helpText } from '../../electron/cli/help';

const EXHA = join(import.meta.dirname, '..', '..', 'bin', 'exha.js');
const exha = (args: string[]) => spawnSync(process.execPath, [EXHA, ...args], { encoding: 'utf8', timeout: 60_000 });
const COMMANDS = [...Object.keys(COMMAND_USAGE), ...DAY2_COMMANDS];

describe('exha help', () => {
  it.each(COMMANDS)('exha %s --help is its own usage', (command) => {
    for (const argv of [
      [command, '--help'],
      [command, '--state-dir', 'x', '-h'],
      ['help', command],
    ]) {
      const text = helpText(argv) ?? '';
      expect(text).toMatch(new RegExp(`^Usage:\\n  exha ${command} `));
      // Its own lines, not every command's.
      for (const other of COMMANDS.filter((c) => c !== command)) expect(text).not.toContain(`  exha ${other} `);
    }
  });

  it('exha, exha --help and exha help are everything; a command without --help is no help request', () => {
    for (const argv of [['--help'], ['help'], []]) for (const command of COMMANDS) expect(helpText(argv)).toContain(`  exha ${command} `);
    expect(helpText(['run', '--lab'])).toBeNull();
    expect(helpText(['resume', '--help'])).toContain('--answers replaces them');
  });

  it('through the launcher: exits 0 with the usage on stdout; an unknown option is still refused with exit 2', () => {
    const help = exha(['maintenance', '--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('exha maintenance --node EX01 --end');
    expect(help.stderr).toBe('');
    const typo = exha(['check', '--hepl']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('unknown option "--hepl" for exha check');
  });
});
