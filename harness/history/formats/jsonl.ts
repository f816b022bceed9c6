import type { History, Op } from '../types.js';
import { HistoryFormatError, splitLines } from './errors.js';

/** Our own format: one `Op` as JSON per line. `index` is rewritten to the position. */
export function parseJsonl(text: string, file = '<jsonl>', lines?: number[]): History {
  const ops: History = [];
  const rows = splitLines(text);
  for (let ln = 0; ln < rows.length; ln++) {
    const line = rows[ln]!;
    if (line.trim() === '') continue;
    const bad = (why: string): never => {
      throw new HistoryFormatError(file, ln + 1, why);
    };
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line);
    } catch (e) {
      return bad(`bad JSON (${(e as Error).message})`);
    }
    if (o === null || typeof o !== 'object' || Array.isArray(o)) bad('expected a JSON object');
    if (typeof o.process !== 'number' || !Number.isInteger(o.process)) bad('missing or bad "process"');
    if (!['invoke', 'ok', 'fail', 'info'].includes(o.type as string)) bad('missing or bad "type"');
    if (typeof o.f !== 'string') bad('missing or bad "f"');
    if (o.time !== undefined && (typeof o.time !== 'number' || !Number.isInteger(o.time))) bad('bad "time"');
    if (o.key !== undefined && typeof o.key !== 'string') bad('bad "key"');
    const op: Op = {
      index: ops.length,
      process: o.process as number,
      type: o.type as Op['type'],
      f: o.f as string,
      value: o.value === undefined ? null : o.value,
      time: (o.time as number | undefined) ?? ops.length,
    };
    if (typeof o.key === 'string') op.key = o.key;
    ops.push(op);
    lines?.push(ln + 1);
  }
  return ops;
}

export function printJsonl(history: History): string {
  return history
    .map((op) => {
      const o: Record<string, unknown> = { index: op.index, process: op.process, type: op.type, f: op.f, value: op.value ?? null, time: op.time };
      if (op.key !== undefined) o.key = op.key;
      return JSON.stringify(o) + '\n';
    })
    .join('');
}
