/** node:util parseArgs in strict mode, with errors a person can act on (what is valid), never a stack. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../run/usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends Options>(command: string, argv: string[], options: O, usage: string): ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const valid = Object.entries(options).map(([name, o]) => `--${name}${o.type === 'string' ? ' VALUE' : ''}`).join(', ');
    throw new UsageError(`faultline ${command}: ${message}\nvalid flags: ${valid}\n\n${usage}`);
  }
}

export function positiveInt(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${flag} must be a positive integer, got "${text}"`);
  return n;
}

export function integer(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n)) throw new UsageError(`--${flag} must be an integer, got "${text}"`);
  return n;
}

export function positiveNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag} must be a positive number, got "${text}"`);
  return n;
}
