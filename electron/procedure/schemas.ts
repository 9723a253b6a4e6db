// Shapes shared by the step scripts' answers.
import { z } from 'zod';

/** PowerShell unrolls a one-item array and the engine returns a lone object: accept one, none or many. */
export function asArray<T extends z.ZodType>(item: T) {
  return z.preprocess((value: unknown): unknown => (Array.isArray(value) ? value : value === null ? [] : [value]), z.array(item));
}
