import type { History, OpType } from '../types.js';
import { HistoryFormatError, splitLines, UnprintableOpError } from './errors.js';

/**
 * Porcupine's kv test files: one EDN map per line in a fixed field order,
 * `{:process 0, :type :invoke, :f :append, :key "4", :value "x 0 1 y"}` (value nil or a string).
 */
const LINE = /^\{:process (\d+), :type :(invoke|ok|fail|info), :f :(get|put|append), :key "([^"]*)", :value (nil|"[^"]*")\}\s*$/;

export function parseKvLog(text: string, file = '<kv log>', lines?: number[]): History {
  const ops: History = [];
  const rows = splitLines(text);
  for (let ln = 0; ln < rows.length; ln++) {
    const line = rows[ln]!;
    if (line.trim() === '') continue;
    const m = LINE.exec(line);
    if (m === null) throw new HistoryFormatError(file, ln + 1, `not a kv history line: ${JSON.stringify(line.slice(0, 80))}`);
    // Indexed access, not destructuring (an iterator in the interpreter, where a short check runs this loop).
    const raw = m[5]!;
    ops.push({ index: ops.length, process: Number(m[1]), type: m[2] as OpType, f: m[3]!, key: m[4]!, value: raw === 'nil' ? null : raw.slice(1, -1), time: ops.length });
    lines?.push(ln + 1);
  }
  return ops;
}

export function printKvLog(history: History): string {
  return history
    .map((op) => {
      const v = op.value === null || op.value === undefined ? 'nil' : `"${String(op.value)}"`;
      const line = `{:process ${op.process}, :type :${op.type}, :f :${op.f}, :key "${op.key ?? ''}", :value ${v}}`;
      if (typeof op.value === 'string' || op.value === null || op.value === undefined) {
        if (LINE.test(line) && !/[\r\n]/.test(line)) return `${line}\n`;
      }
      throw new UnprintableOpError('porcupine-kv', op.index, `${op.type} ${op.f} key ${JSON.stringify(op.key) ?? 'none'} value ${JSON.stringify(op.value) ?? 'undefined'} (it holds get, put and append with string keys and values, no quotes or line breaks)`);
    })
    .join('');
}
