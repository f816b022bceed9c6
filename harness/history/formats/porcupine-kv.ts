import type { History } from '../types.js';
import { HistoryFormatError, splitLines } from './errors.js';

/**
 * Porcupine's kv test files: one EDN map per line in a fixed field order,
 * `{:process 0, :type :invoke, :f :append, :key "4", :value "x 0 1 y"}` (value nil or a string).
 */
const LINE = /^\{:process (\d+), :type :(invoke|ok|fail|info), :f :(get|put|append), :key "([^"]*)", :value (nil|"[^"]*")\}\s*$/;

export function parseKvLog(text: string, file = '<kv log>'): History {
  const ops: History = [];
  const lines = splitLines(text);
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln]!;
    if (line.trim() === '') continue;
    const m = LINE.exec(line);
    if (m === null) throw new HistoryFormatError(file, ln + 1, `not a kv history line: ${JSON.stringify(line.slice(0, 80))}`);
    const [, proc, type, f, key, raw] = m as RegExpExecArray & [string, string, 'invoke', string, string, string];
    ops.push({ index: ops.length, process: Number(proc), type, f, key, value: raw === 'nil' ? null : raw.slice(1, -1), time: ops.length });
  }
  return ops;
}

export function printKvLog(history: History): string {
  return history
    .map((op) => {
      const v = op.value === null || op.value === undefined ? 'nil' : `"${String(op.value)}"`;
      return `{:process ${op.process}, :type :${op.type}, :f :${op.f}, :key "${op.key ?? ''}", :value ${v}}\n`;
    })
    .join('');
}
