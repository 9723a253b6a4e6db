// The tool's name and version, as the report's generator and a site snapshot's header give them.
export const SNAPSHOT_TOOL = { name: 'Exchange HA Wizard', version: '0.1.0' } as const;
