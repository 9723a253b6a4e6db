// The pinned PowerShell 7 that set-up installs into .tools/pwsh (one place for the version).
export const PWSH_VERSION = '7.6.9';
