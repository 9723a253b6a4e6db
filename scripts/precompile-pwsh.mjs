#!/usr/bin/env node
// Precompiles (ReadyToRun, with .NET's crossgen2 from NuGet) the PowerShell assemblies a session loads,
// inside the pinned pwsh of .tools/pwsh. The PowerShell dotnet tool ships them as IL only, so every pwsh
// start compiled PowerShell itself: measured, a bare start 0.6 -> 0.23 CPU-s and a whole lab session
// (wizard and both servers) 4.9 -> 3.0. PowerShell's own release packages ship these assemblies
// precompiled the same way: the same code, compiled ahead of time.
//
// Best effort: without crossgen2 (no NuGet feed, an unknown platform) pwsh runs as installed, only
// slower, and PRECOMPILE_SKIPPED records why (delete it to try again). An assembly already precompiled is
// left alone, so a run that was interrupted simply goes on. Only node: imports (runs before node_modules).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isReadyToRun } from './ready-to-run.mjs';
import { PWSH_VERSION } from './pwsh-version.mjs';

/**
 * What a lab session loads from the tool (listed from a session's loaded assemblies; the small
 * per-platform Microsoft.Management.Infrastructure stub under runtimes/ aside); the rest stays IL.
 */
export const HOT_ASSEMBLIES = [
  'System.Management.Automation.dll',
  'Microsoft.PowerShell.Commands.Utility.dll',
  'Microsoft.PowerShell.Commands.Management.dll',
  'Microsoft.PowerShell.ConsoleHost.dll',
  'Microsoft.PowerShell.Security.dll',
  'Microsoft.PowerShell.MarkdownRender.dll',
  'Microsoft.ApplicationInsights.dll',
  'System.Management.dll',
  'Newtonsoft.Json.dll',
  'pwsh.dll',
];

const CROSSGEN_TARGETS = {
  'linux-x64': ['linux', 'x64'],
  'linux-arm64': ['linux', 'arm64'],
  'darwin-x64': ['osx', 'x64'],
  'darwin-arm64': ['osx', 'arm64'],
  'win32-x64': ['windows', 'x64'],
  'win32-arm64': ['windows', 'arm64'],
};

/** The folder holding the tool's assemblies for this platform, or undefined when pwsh is not installed there. */
export function pwshAssemblyDir(root) {
  const tools = join(root, '.tools', 'pwsh', '.store', 'powershell', PWSH_VERSION, 'powershell', PWSH_VERSION, 'tools');
  if (!existsSync(tools)) return undefined;
  const tfm = readdirSync(tools).find((name) => /^net\d+\.\d+$/.test(name));
  if (!tfm) return undefined;
  const dir = join(tools, tfm, 'any', process.platform === 'win32' ? 'win' : 'unix');
  return existsSync(join(dir, 'System.Management.Automation.dll')) ? dir : undefined;
}

/** Whether set-up has nothing left to do here: the tool's engine assembly is precompiled, or a skip says why not. */
export function pwshPrecompiled(root) {
  const toolDir = pwshAssemblyDir(root);
  return existsSync(skipMarker(root)) || (toolDir !== undefined && isReadyToRun(join(toolDir, 'System.Management.Automation.dll')));
}

/** Where a skipped precompile says why (inside .tools, beside the tool). */
export function skipMarker(root) {
  return join(root, '.tools', 'pwsh-precompile', `PRECOMPILE_SKIPPED-${PWSH_VERSION}`);
}

/** The newest installed Microsoft.NETCore.App of the tool's major version: the runtime pwsh will run on. */
function runtimeFor(major) {
  const listed = spawnSync('dotnet', ['--list-runtimes'], { encoding: 'utf8' });
  if (listed.status !== 0) return undefined;
  const runtimes = [...listed.stdout.matchAll(/^Microsoft\.NETCore\.App (\d+)\.(\d+)\.(\d+) \[(.+)\]$/gm)]
    .filter((m) => m[1] === major)
    .map((m) => ({ version: `${m[1]}.${m[2]}.${m[3]}`, patch: Number(m[3]), dir: join(m[4], `${m[1]}.${m[2]}.${m[3]}`) }))
    .sort((a, b) => b.patch - a.patch);
  return runtimes[0];
}

/** Downloads crossgen2 for this platform and runtime version (a project that only downloads the package). */
function fetchCrossgen(work, rid, version) {
  const project = join(work, 'crossgen2-download');
  mkdirSync(project, { recursive: true });
  const packageName = `Microsoft.NETCore.App.Crossgen2.${rid}`;
  writeFileSync(
    join(project, 'crossgen2-download.csproj'),
    `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net${version.split('.').slice(0, 2).join('.')}</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="${packageName}" Version="[${version}]" /></ItemGroup>
</Project>
`,
  );
  const packages = join(work, 'packages');
  const restored = spawnSync('dotnet', ['restore', project, '--packages', packages], { encoding: 'utf8' });
  const exe = join(packages, packageName.toLowerCase(), version, 'tools', process.platform === 'win32' ? 'crossgen2.exe' : 'crossgen2');
  if (restored.status !== 0 || !existsSync(exe)) {
    const why = (restored.stdout + restored.stderr).split('\n').find((line) => /error/i.test(line)) ?? 'no crossgen2 in the package';
    throw new Error(`${packageName} ${version} could not be restored from NuGet: ${why.trim()}`);
  }
  return exe;
}

/** Compiles every hot assembly not yet precompiled; each lands by rename, so none is ever half-written. */
function compile(exe, toolDir, runtimeDir, work, [targetOs, targetArch]) {
  const staging = join(work, 'staging');
  mkdirSync(staging, { recursive: true });
  const todo = HOT_ASSEMBLIES.filter((name) => existsSync(join(toolDir, name)) && !isReadyToRun(join(toolDir, name)));
  for (const name of todo) {
    const out = join(staging, name);
    const args = [join(toolDir, name), '-o', out, '-r', join(runtimeDir, '*.dll'), '-r', join(toolDir, '*.dll')];
    const result = spawnSync(exe, [...args, `--targetos:${targetOs}`, `--targetarch:${targetArch}`, '-O'], { encoding: 'utf8' });
    if (result.status !== 0 || !isReadyToRun(out))
      throw new Error(`crossgen2 failed on ${name}: ${(result.stderr || result.stdout).trim()}`);
    renameSync(out, join(toolDir, name));
  }
  return todo.length;
}

export function precompilePwsh(root) {
  const toolDir = pwshAssemblyDir(root);
  if (!toolDir) throw new Error(`pwsh ${PWSH_VERSION} is not installed in .tools/pwsh (scripts/install-pwsh.mjs)`);
  const work = dirname(skipMarker(root));
  try {
    const target = CROSSGEN_TARGETS[`${process.platform}-${process.arch}`];
    if (!target) throw new Error(`no crossgen2 for ${process.platform}-${process.arch}`);
    const major = /^net(\d+)\./.exec(toolDir.split(/[\\/]/).find((part) => /^net\d+\.\d+$/.test(part)) ?? '')?.[1];
    const runtime = major === undefined ? undefined : runtimeFor(major);
    if (!runtime) throw new Error(`no .NET ${major ?? '?'} runtime listed by dotnet --list-runtimes`);
    const rid = `${target[0] === 'windows' ? 'win' : target[0]}-${target[1]}`;
    const exe = fetchCrossgen(work, rid, runtime.version);
    const compiled = compile(exe, toolDir, runtime.dir, work, target);
    console.log(`pwsh ${PWSH_VERSION}: ${compiled} assemblies precompiled for .NET ${runtime.version}`);
  } catch (error) {
    mkdirSync(work, { recursive: true });
    const why = error instanceof Error ? error.message : String(error);
    writeFileSync(skipMarker(root), `${why}\n`);
    console.log(`pwsh ${PWSH_VERSION} runs as installed, without precompiled code (each start is slower): ${why}`);
    console.log(`(delete ${skipMarker(root)} to try again)`);
  } finally {
    rmSync(join(work, 'staging'), { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  precompilePwsh(join(dirname(fileURLToPath(import.meta.url)), '..'));
}
