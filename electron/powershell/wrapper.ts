// The PowerShell side of the protocol. node-powershell feeds pwsh one stdin line per command,
// so every call is one line of ASCII: base64 payloads (safe for any text, and for Windows
// PowerShell's console code page) handed to functions the bootstrap defined once per process.
// Each call answers with one line `EXHA-RESULT:<nonce>:<base64 JSON>`; anything else the script
// prints around it is ignored, so stray output can never be mistaken for a result.

export const RESULT_TAG = 'EXHA-RESULT';

// Kept compatible with Windows PowerShell 5.1: no ternaries, no ?? , no -EnumsAsStrings there.
const BOOTSTRAP = String.raw`
$global:ProgressPreference = 'SilentlyContinue'
# The workstation is Windows PowerShell 5.1 in real use: its branches can be forced on pwsh 7 to test them.
if ($null -eq $global:__exhaModern) { $global:__exhaModern = $PSVersionTable.PSVersion.Major -ge 7 }
$global:ErrorActionPreference = 'Stop'

function global:__exhaDecode([string] $Base64) {
    [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Base64))
}

# Parameters arrive as PowerShell source made by toPsLiteral; the restricted-language check is
# a second lock that refuses anything but literals, so a quoting bug fails instead of running.
function global:__exhaSplat([string] $Base64) {
    $block = [ScriptBlock]::Create((__exhaDecode $Base64))
    $block.CheckRestrictedLanguage([string[]] @('ConvertTo-SecureString'), [string[]] @(), $false)
    & $block
}

function global:__exhaErrorFields($Record) {
    $message = $Record.Exception.Message
    if ($Record.ErrorDetails -and $Record.ErrorDetails.Message) { $message = $Record.ErrorDetails.Message }
    $target = $null
    if ($null -ne $Record.TargetObject) { $target = [string] $Record.TargetObject }
    # Frames from here down are the engine's, not the caller's script.
    $frames = @([string] $Record.ScriptStackTrace -split '\r?\n' | Where-Object { $_ -ne '' })
    $cut = 0
    while ($cut -lt $frames.Count -and $frames[$cut] -notmatch '__exha') { $cut++ }
    $stack = ''
    if ($cut -gt 0) { $stack = $frames[0..($cut - 1)] -join [char] 10 }
    @{
        message = [string] $message
        fullyQualifiedErrorId = [string] $Record.FullyQualifiedErrorId
        category = [string] $Record.CategoryInfo.Category
        targetObject = $target
        exceptionType = $Record.Exception.GetType().FullName
        scriptStackTrace = $stack
    }
}

function global:__exhaReport($Items, $Failure, [string] $Nonce) {
    $output = New-Object 'Collections.Generic.List[object]'
    $warnings = New-Object 'Collections.Generic.List[string]'
    $information = New-Object 'Collections.Generic.List[string]'
    $firstError = $null
    foreach ($item in $Items) {
        if ($item -is [Management.Automation.ErrorRecord]) {
            # A native program's stderr line is chatter, not a failure: it keeps its exit code for that.
            if ([string] $item.FullyQualifiedErrorId -like 'NativeCommandError*') { $warnings.Add('stderr: ' + $item.Exception.Message) }
            elseif ($null -eq $firstError) { $firstError = $item }
        }
        elseif ($item -is [Management.Automation.WarningRecord]) { $warnings.Add($item.Message) }
        elseif ($item -is [Management.Automation.InformationRecord]) { $information.Add([string] $item.MessageData) }
        elseif ($item -is [Management.Automation.InformationalRecord]) { }
        elseif ($item -is [enum]) { $output.Add($item.ToString()) }
        else { $output.Add($item) }
    }
    if ($null -eq $firstError) { $firstError = $Failure }
    $json = @{ Depth = 10; Compress = $true; WarningAction = 'SilentlyContinue'; WarningVariable = 'jsonWarnings' }
    if ($global:__exhaModern) {
        # EscapeNonAscii also carries lone surrogates, which UTF-8 would turn into U+FFFD.
        $json.EnumsAsStrings = $true
        $json.EscapeHandling = 'EscapeNonAscii'
    }
    $data = 'null'
    try { $data = ConvertTo-Json -InputObject $output.ToArray() @json }
    catch { if ($null -eq $firstError) { $firstError = $_ } }
    foreach ($w in $jsonWarnings) { $warnings.Add([string] $w.Message) }
    $meta = @{ warnings = $warnings.ToArray(); information = $information.ToArray(); error = $null }
    if ($null -ne $firstError) { $meta.error = __exhaErrorFields $firstError }
    $envelope = '{"data":' + $data + ',"meta":' + (ConvertTo-Json -InputObject $meta -Depth 3 -Compress) + '}'
    [Console]::Out.WriteLine('${RESULT_TAG}:' + $Nonce + ':' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($envelope)))
}

# A call runs in a child scope of this function: it sees what the prelude defined globally,
# and its own variables vanish when it returns.
function global:__exhaRun([string] $__exhaScript, [string] $__exhaParams, [string] $__exhaNonce) {
    $ErrorActionPreference = 'Stop'
    $__exhaItems = New-Object 'Collections.Generic.List[object]'
    $__exhaFailure = $null
    try {
        $__exhaSplat = __exhaSplat $__exhaParams
        $__exhaBody = [ScriptBlock]::Create((__exhaDecode $__exhaScript))
        & $__exhaBody @__exhaSplat *>&1 | ForEach-Object { $__exhaItems.Add($_) }
    }
    catch { $__exhaFailure = $_ }
    __exhaReport $__exhaItems $__exhaFailure $__exhaNonce
}
`;

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** Defines the protocol functions in the fresh process and answers with its $PID, proving the pipe works. */
export function bootstrapLine(nonce: string, legacy = false): string {
  return `${legacy ? '$global:__exhaModern = $false; ' : ''}. ([ScriptBlock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${base64(BOOTSTRAP)}')))); __exhaReport @($PID) $null '${nonce}'`;
}

export function callLine(script: string, paramsLiteral: string, nonce: string): string {
  return `__exhaRun '${base64(script)}' '${base64(paramsLiteral)}' '${nonce}'`;
}

/**
 * The prelude is dot-sourced at the top level, which is the global scope, so the functions,
 * modules and variables it defines stay for every later call. It cannot live inside a function
 * like __exhaRun: dot-sourcing there would scope its definitions to that function.
 */
export function preludeLine(script: string, paramsLiteral: string, nonce: string): string {
  return [
    `$__exhaItems = New-Object 'Collections.Generic.List[object]'`,
    `$__exhaFailure = $null`,
    `try { $__exhaSplat = __exhaSplat '${base64(paramsLiteral)}'; . ([ScriptBlock]::Create((__exhaDecode '${base64(script)}'))) @__exhaSplat *>&1 | ForEach-Object { $__exhaItems.Add($_) } } catch { $__exhaFailure = $_ }`,
    `__exhaReport $__exhaItems $__exhaFailure '${nonce}'`,
    `Remove-Variable -Name __exhaItems, __exhaFailure, __exhaSplat -ErrorAction SilentlyContinue`,
  ].join('; ');
}
