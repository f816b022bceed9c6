import type { History, Op, OpType } from '../types.js';
import { HistoryFormatError, splitLines, UnprintableOpError } from './errors.js';

/**
 * Porcupine's Jepsen etcd logs (`INFO  jepsen.util - <process> <type> <f> <value>`, see
 * fixtures/porcupine/README.md). Values: read -> number | null, write -> number, cas -> [from, to];
 * the `:timed-out` marker of `:fail`/`:info` completions is the string 'timed-out'.
 */
const LINE = /^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:(read|write|cas)\s+(.*?)\s*$/;

export function parseEtcdLog(text: string, file = '<etcd log>', lines?: number[]): History {
  const ops: History = [];
  const rows = splitLines(text);
  // Indexed access and no closure per line: a short check runs this loop cold, in the interpreter.
  for (let ln = 0; ln < rows.length; ln++) {
    const line = rows[ln]!;
    if (line.trim() === '') continue;
    const m = LINE.exec(line);
    if (m === null) throw lineError(file, ln, line, 'not an etcd log line');
    const f = m[3]!;
    const value = parseValue(m[4]!, f);
    if (value === undefined) throw lineError(file, ln, line, `bad value for :${f}`);
    ops.push({ index: ops.length, process: Number(m[1]), type: m[2] as OpType, f, value: value.v, time: ops.length });
    lines?.push(ln + 1);
  }
  return ops;
}

function lineError(file: string, ln: number, line: string, why: string): HistoryFormatError {
  return new HistoryFormatError(file, ln + 1, `${why}: ${JSON.stringify(line.length > 80 ? line.slice(0, 80) + '...' : line)}`);
}

function parseValue(raw: string, f: string): { v: unknown } | undefined {
  if (raw === 'nil') return { v: null };
  if (raw === ':timed-out') return { v: 'timed-out' };
  if (/^-?\d+$/.test(raw)) return f === 'cas' ? undefined : { v: Number(raw) };
  const m = /^\[\s*(-?\d+|nil)\s+(-?\d+|nil)\s*\]$/.exec(raw);
  if (m !== null && f === 'cas') return { v: [num(m[1]!), num(m[2]!)] };
  return undefined;
}

const num = (s: string): number | null => (s === 'nil' ? null : Number(s));

function printValue(op: Op): string {
  const v = op.value;
  if (v === null || v === undefined) return 'nil';
  if (v === 'timed-out') return ':timed-out';
  if (Array.isArray(v)) return `[${v.map((x) => (x === null ? 'nil' : String(x))).join(' ')}]`;
  return String(v);
}

/** Whether the parser reads `printValue(op)` back: integers, nil, a cas pair, the timed-out marker. */
function printable(op: Op): boolean {
  return parseValue(printValue(op), op.f)?.v !== undefined && (op.f === 'read' || op.f === 'write' || op.f === 'cas') && Number.isSafeInteger(op.process);
}

export function printEtcdLog(history: History): string {
  return history
    .map((op) => {
      if (!printable(op)) {
        throw new UnprintableOpError('porcupine-etcd', op.index, `${op.type} ${op.f} ${JSON.stringify(op.value) ?? 'undefined'} (it holds read, write and cas of integers or nil)`);
      }
      return `INFO  jepsen.util - ${op.process}\t:${op.type}\t:${op.f}\t${printValue(op)}\n`;
    })
    .join('');
}
