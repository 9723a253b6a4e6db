// Runs every bench/*.bench.ts (each exports `run(): Promise<BenchResult[]>`) and prints the results.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

interface BenchModule {
  run: () => Promise<BenchResult[]>;
}

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts') && (only === undefined || file.includes(only)))
  .sort();

let failed = false;
for (const file of files) {
  console.log(`\n${file}`);
  try {
    const bench = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
    for (const result of await bench.run()) {
      const value = Number.isInteger(result.value) ? String(result.value) : result.value.toFixed(2);
      console.log(`  ${result.name.padEnd(44)} ${value.padStart(10)} ${result.unit.padEnd(4)} ${result.note ?? ''}`);
    }
  } catch (error) {
    failed = true;
    console.error(`  failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
process.exitCode = failed ? 1 : 0;
