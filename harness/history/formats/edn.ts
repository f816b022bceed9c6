import type { History, Op, OpType } from '../types.js';
import { EdnMap, EdnSet, EdnSyntaxError, forEachEdnForm, Keyword, readEdnForms, type Edn } from './edn-reader.js';
import { HistoryFormatError } from './errors.js';

/**
 * Jepsen/Knossos EDN histories: a sequence (or one vector) of op maps with keys in any order, possibly over
 * several lines. `:nemesis` entries are skipped. Keyword values become their names; sets become sorted
 * arrays; maps become objects. `:time` is Jepsen's nanoseconds (ours are µs); without it, the order index.
 * Completions follow Jepsen's rules (JEPSEN_RULES): `:fail` did not happen, a read of nil is unknown.
 */
export function parseEdnHistory(text: string, file = '<edn>', lines?: number[]): History {
  const ops: History = [];
  // A top-level vector or list holds the whole history: it must be the only top-level form.
  let seqLine: number | undefined;
  let topLevelForms = 0;
  const notAnOp = (line: number): never => {
    throw new HistoryFormatError(file, line, 'expected an operation map');
  };
  const visit = (form: Edn, line: number, inSeq?: number): void => {
    if (inSeq === undefined) {
      if (seqLine !== undefined) notAnOp(seqLine);
      topLevelForms++;
    }
    const op = toOp(form, ops.length, (why) => {
      throw new HistoryFormatError(file, line, why);
    });
    if (op === null) return;
    ops.push(op);
    lines?.push(line);
  };
  const openSeq = (line: number): void => {
    if (seqLine !== undefined) notAnOp(seqLine);
    if (topLevelForms > 0) notAnOp(line);
    seqLine = line;
  };
  try {
    forEachEdnForm(text, visit, openSeq);
  } catch (e) {
    if (e instanceof EdnSyntaxError) throw new HistoryFormatError(file, e.line, e.message);
    throw e;
  }
  return ops;
}

const OP_TYPES = new Set(['invoke', 'ok', 'fail', 'info']);

/** The op an EDN map describes, numbered `index`; null for `:nemesis` and other non-client entries. */
function toOp(form: Edn, index: number, bad: (why: string) => never): Op | null {
  if (!(form instanceof EdnMap)) return bad('expected an operation map');
  const proc = form.get('process');
  if (proc instanceof Keyword || typeof proc === 'string') return null; // :nemesis and friends
  if (typeof proc !== 'number' || !Number.isInteger(proc) || proc < 0) bad('missing or bad :process');
  const type = form.get('type');
  if (!(type instanceof Keyword) || !OP_TYPES.has(type.name)) bad('missing or bad :type');
  const f = form.get('f');
  if (!(f instanceof Keyword) && typeof f !== 'string') bad('missing or bad :f');
  const time = form.get('time');
  const op: Op = {
    index,
    process: proc as number,
    type: (type as Keyword).name as OpType,
    f: f instanceof Keyword ? f.name : (f as string),
    value: toJs(form.get('value') ?? null),
    time: typeof time === 'number' ? Math.round(time / 1000) : index,
  };
  const key = form.get('key');
  if (key !== undefined && key !== null) op.key = key instanceof Keyword ? key.name : String(toJs(key));
  return op;
}

/** One EDN value (such as `{:x 0 :y 0}`) as history values are read: keywords become their names. */
export function readEdnValue(text: string): unknown {
  const forms = readEdnForms(text);
  if (forms.length !== 1) throw new EdnSyntaxError(forms[1]?.line ?? 1, forms.length === 0 ? 'no value' : 'more than one value');
  return toJs(forms[0]!.form);
}

/** Strings that print as keywords (map keys, transaction functions and register names). */
const KEYWORD = /^[A-Za-z*+!_?-][\w*+!?.-]*$/;

function toJs(v: Edn): unknown {
  if (v instanceof Keyword) return v.name;
  if (Array.isArray(v)) return v.map(toJs);
  if (v instanceof EdnSet) return v.items.map(toJs).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (v instanceof EdnMap) {
    const entries: [string, unknown][] = [];
    for (let i = 0; i < v.items.length; i += 2) {
      const k = v.items[i]!;
      entries.push([k instanceof Keyword ? k.name : String(toJs(k)), toJs(v.items[i + 1]!)]);
    }
    return Object.fromEntries(entries);
  }
  return v;
}

export function printEdnValue(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'nil';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(printEdnValue).join(' ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${KEYWORD.test(k) ? ':' + k : JSON.stringify(k)} ${printEdnValue(x)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(String(v));
}

/**
 * A transaction's micro-ops as Jepsen writes them, `[:read :x 1]`: the function, and a register name that
 * reads as a keyword, become keywords (Knossos's multi-register matches `:read` / `:write`).
 */
function printTxn(v: unknown): string | null {
  if (!Array.isArray(v) || !v.every((m) => Array.isArray(m) && m.length === 3 && typeof m[0] === 'string' && KEYWORD.test(m[0]))) return null;
  const micro = (m: unknown[]) => {
    const k = typeof m[1] === 'string' && KEYWORD.test(m[1]) ? `:${m[1]}` : printEdnValue(m[1]);
    return `[:${m[0] as string} ${k} ${printEdnValue(m[2])}]`;
  };
  return `[${(v as unknown[][]).map(micro).join(' ')}]`;
}

export function printEdnHistory(history: History): string {
  return history
    .map((op) => {
      const key = op.key === undefined ? '' : `, :key ${JSON.stringify(op.key)}`;
      const value = (op.f === 'txn' ? printTxn(op.value) : null) ?? printEdnValue(op.value);
      return `{:process ${op.process}, :type :${op.type}, :f :${op.f}, :value ${value}, :time ${op.time * 1000}${key}}\n`;
    })
    .join('');
}
