// The ways a file read back from the state folder is found damaged: emptied, cut short (a lost write),
// not JSON, NUL bytes (a disk that lost the data but kept the length). Each test applies all of them.
export const DAMAGE: Record<string, (text: string) => string> = {
  emptied: () => '',
  truncated: (text) => text.slice(0, Math.floor(text.length / 2)),
  'invalid JSON': () => '{"pid": 12, "holder": exha run}',
  'NUL bytes': (text) => '\0'.repeat(Math.max(text.length, 8)),
};
