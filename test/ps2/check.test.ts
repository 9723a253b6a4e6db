import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatFindings, loadPs2Checker, type Ps2Checker, type Ps2Finding } from '../../electron/powershell/ps2/check';

const fixtures = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures');
const read = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

let check: Ps2Checker;
beforeAll(async () => {
  check = await loadPs2Checker();
});

const rulesOn = (findings: readonly Ps2Finding[], line: number): string[] =>
  [...new Set(findings.filter((f) => f.line === line).map((f) => f.rule))].sort();

function expectClean(script: string, label: string): void {
  const findings = check(script);
  expect(findings, formatFindings(findings, label)).toEqual([]);
}

describe('post-2.0 constructs', () => {
  const source = read('ps3-constructs.ps1');
  const lines = source.split('\n');
  const expected = lines.map((line) => {
    const match = /# expect: (.+)$/.exec(line);
    return match?.[1] === undefined
      ? []
      : match[1]
          .split(',')
          .map((r) => r.trim())
          .sort();
  });

  it.each(lines.map((line, i) => ({ line: i + 1, text: line.trim(), rules: expected[i] ?? [] })).filter((c) => c.rules.length > 0))(
    'line $line is caught: $text',
    ({ line, rules }) => {
      const findings = check(source);
      expect(rulesOn(findings, line), formatFindings(findings, 'ps3-constructs.ps1')).toEqual(rules);
    },
  );

  it('reports nothing on lines without an expectation, and no parse errors', () => {
    const findings = check(source);
    const stray = findings.filter((f) => (expected[f.line - 1] ?? []).length === 0 || f.rule === 'parse-error');
    expect(stray, formatFindings(stray, 'ps3-constructs.ps1')).toEqual([]);
  });

  it('catches each construct on its own as well (no help from neighbouring lines)', () => {
    lines.forEach((line, i) => {
      const rules = expected[i] ?? [];
      if (rules.length === 0) return;
      const alone = `Import-Module FailoverClusters\n${line}\n`;
      const findings = check(alone);
      expect(rulesOn(findings, 2), formatFindings(findings, `line ${i + 1} alone`)).toEqual(rules);
    });
  });
});

describe('clean PowerShell 2.0 scripts', () => {
  const clean = readdirSync(fixtures).filter((f) => f.startsWith('clean-') && f.endsWith('.ps1'));

  it('has clean fixtures', () => {
    expect(clean.length).toBeGreaterThanOrEqual(3);
  });

  it.each(clean)('%s has zero findings', (name) => {
    expectClean(read(name), name);
  });

  it('accepts the PS 2.0 spellings the rules sit next to', () => {
    expectClean(
      [
        'Get-Service | Where-Object -FilterScript { $_.Status -eq "Running" }',
        'Get-Service | ForEach-Object -Begin { $n = 0 } -Process { $n++ } -End { $n }',
        'Get-Service | % { $_.Name } | ? { $_ -like "MSExchange*" }',
        '$filter = { $_.Name }; Get-Service | Where-Object $filter',
        '$year = (Get-Date).Year',
        '$first = (Get-ClusterNode | Select-Object -First 1).Name',
        '$n = (Get-Service | Measure-Object).Count',
        '$len = (Get-Item C:\\boot.ini).Length',
        '$product = (Get-ItemProperty HKLM:\\Software\\Microsoft\\ExchangeServer\\v14\\Setup).MsiInstallPath',
        '$trimmed = (Get-Content C:\\x.txt | Out-String).Trim()',
        '$count = @(Get-ClusterNode).Count',
        '$g = [guid]::NewGuid()',
        '$o = New-Object PSObject -Property @{ A = 1 }',
        '$o = [psobject]$ht',
        'if ($names -contains $name) { "yes" }',
        'if ($names -notcontains $name) { "no" }',
        'Get-Item C:\\x 2> $null',
        'Get-Item C:\\x 2>&1 >> C:\\log.txt',
        '$text = "a ?? b, x ? y : z, -in, $($n) .ForEach(" # (Get-X).Name -iin ??',
        "$text = 'a ?? b ? c : d -iin $PSItem'",
        'Import-Module FailoverClusters; Get-ClusterGroup',
        'function g {',
        '  [CmdletBinding(SupportsShouldProcess = $true, DefaultParameterSetName = "ByName")]',
        '  param([Parameter(Mandatory = $true, ValueFromPipeline = $true)][string[]]$Name)',
        '  process { foreach ($n in $Name) { $n } }',
        '}',
      ].join('\n'),
      'inline PS 2.0 snippets',
    );
  });
});

describe('whole-script and error handling', () => {
  it('asks for Import-Module before cluster cmdlets, once, at the first use', () => {
    const findings = check('$n = Get-ClusterNode\n$g = Get-ClusterGroup\n');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['module-autoload', 1]]);
    expect(check('Import-Module FailoverClusters\n$n = Get-ClusterNode\n')).toEqual([]);
    expect(check('$f = Get-WindowsFeature RSAT-Clustering\n').map((f) => f.rule)).toEqual(['module-autoload']);
  });

  it('reports a broken script as parse-error', () => {
    const findings = check('if ($a -eq 1 {\n  "x"\n}\n');
    expect(findings.length).toBeGreaterThan(0);
    expect(
      findings.every((f) => f.rule === 'parse-error'),
      formatFindings(findings, 'broken'),
    ).toBe(true);
  });

  it('explains the param-on-the-same-line parser quirk instead of a bare parse error', () => {
    const findings = check('function f { param($b) $b }\n');
    expect(findings.map((f) => f.rule)).toEqual(['parse-error']);
    expect(findings[0]?.message).toMatch(/own line/);
    expectClean('function f {\n  param($b)\n  $b\n}\n', 'param on its own line');
  });

  it('keeps checking after syntax the parser cannot read', () => {
    const findings = check("$a = $b ?? 'x'\n$c = $d ? 1 : 2\n$h = [ordered]@{ a = 1 }\n$p = $PSItem\n");
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['null-coalescing', 1],
      ['ternary', 2],
      ['ordered-hashtable', 3],
      ['psitem', 4],
    ]);
  });

  it('drops heuristic findings on a line marked # ps2-ok, but never parse errors', () => {
    expect(check('$v = (Get-WmiObject Win32_OperatingSystem).Caption # ps2-ok: one OS object\n')).toEqual([]);
    expect(check('$v = (Get-WmiObject Win32_OperatingSystem).Caption\n').map((f) => f.rule)).toEqual(['member-enumeration']);
    expect(check('if ($a { # ps2-ok\n').some((f) => f.rule === 'parse-error')).toBe(true);
  });

  it('gives 1-based positions and the source line as excerpt', () => {
    const [finding] = check('\r\n  $x = [pscustomobject]@{ a = 1 }\r\n');
    expect(finding).toMatchObject({ rule: 'pscustomobject', line: 2, column: 8, excerpt: '$x = [pscustomobject]@{ a = 1 }' });
    expect(finding?.message).toContain('New-Object PSObject -Property');
  });

  it('formats findings for a test failure', () => {
    const text = formatFindings(check('$x = $a -in $b\n'), 'step.ps1');
    expect(text).toContain('step.ps1: 1 PowerShell 2.0 problem');
    expect(text).toContain('step.ps1:1:9 [in-operator]');
    expect(text).toContain('$x = $a -in $b');
    expect(formatFindings([], 'ok.ps1')).toBe('ok.ps1: PowerShell 2.0 clean');
  });

  it('checks thousands of lines per second', () => {
    const body = ['clean-advanced-function.ps1', 'clean-cas-address.ps1', 'clean-remoting.ps1'].map(read).join('\n');
    const big = Array.from({ length: 40 }, () => body).join('\n');
    const lineCount = big.split('\n').length;
    check(body);
    const started = performance.now();
    const findings = check(big);
    const seconds = (performance.now() - started) / 1000;
    expect(findings.filter((f) => f.rule !== 'module-autoload')).toEqual([]);
    expect(lineCount / seconds).toBeGreaterThan(2000);
  });
});
