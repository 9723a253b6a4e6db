// `exha --help`, `exha help [command]` and `exha <command> --help`: which usage text to print, if any.
import { commandUsage, COMMAND_USAGE, USAGE, type Command } from './args';
import { day2CommandUsage, DAY2_USAGE, isDay2Command } from './day2';
import { SNAPSHOT_USAGE } from './snapshot';

const asksHelp = (arg: string) => arg === '--help' || arg === '-h';

function usageOf(command: string | undefined): string | null {
  if (isDay2Command(command)) return day2CommandUsage(command);
  if (command === 'snapshot') return SNAPSHOT_USAGE;
  if (command !== undefined && Object.hasOwn(COMMAND_USAGE, command)) return commandUsage(command as Command);
  return null;
}

/** The usage the arguments ask for, or null when they ask for none (an unknown command is the parser's). */
export function helpText(argv: readonly string[]): string | null {
  const [first, ...rest] = argv;
  const full = `${USAGE}\n\n${DAY2_USAGE}\n\n${SNAPSHOT_USAGE}`;
  if (first === undefined || asksHelp(first)) return full;
  if (first === 'help') return usageOf(rest[0]) ?? full;
  if (!rest.some(asksHelp)) return null;
  return usageOf(first);
}
