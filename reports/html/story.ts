/**
 * "What happened", in sentences: each anomaly told from its own fields (who held or wrote what, when) with
 * client names instead of process numbers, and the faults and model events just before it. Anomalies of a
 * kind this file does not know become a small field/value table, never raw JSON.
 */
import type { History, Op } from '../../harness/history/types.js';
import { formatValue } from '../escape.js';
import { isRecord } from './locate.js';

export interface StoryContext {
  history: History;
  /** Client name of a history process (process mod client count), as the timeline's lanes name it. */
  client: (process: number) => string;
}

export interface AnomalyText {
  text: string;
  /** Field/value rows for an anomaly without a sentence of its own. */
  rows?: [string, string][];
}

/** Checker text names history processes ("process 1"); the report names the client that process belongs to. */
export function nameProcesses(text: string, client: (process: number) => string): string {
  return text.replace(/\bprocess (\d+)\b/g, (_, p: string) => `${client(Number(p))} (process ${p})`);
}

/** The client a history process belongs to: a client takes a fresh process after a timeout (process mod client count). */
export function clientOfProcess(clients: readonly string[], process: number): string {
  return clients.length > 0 ? clients[process % clients.length] ?? `process ${process}` : `process ${process}`;
}

/** Checker text with each "process N" named by its client, when the run has clients. */
export function withClientNames(text: string, clients: readonly string[]): string {
  return clients.length > 0 ? nameProcesses(text, (p) => clientOfProcess(clients, p)) : text;
}

export function seconds(us: number): string {
  return `${(us / 1e6).toFixed(3)} s`;
}

function span(fromUs: number, toUs: number): string {
  const d = toUs - fromUs;
  return `from ${seconds(fromUs)} to ${seconds(toUs)} (${d >= 1000 ? `${(d / 1000).toFixed(d >= 100_000 ? 0 : 1)} ms` : `${Math.round(d)} µs`} of true time)`;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);
const str = (v: unknown): string => (typeof v === 'string' ? v : formatValue(v, 80));

/** An operation in words: `c2 acquire() at 1.234 s, ok`. */
export function opWords(op: Op, ctx: StoryContext): string {
  const args = op.value === null || op.value === undefined ? '' : formatValue(op.value, 60);
  return `${ctx.client(op.process)} ${op.f}${op.key !== undefined ? ` [${op.key}]` : ''}(${args})`;
}

/** An invoke with how it completed: `c2 acquire() 1.234–1.240 s → ok`. */
export function opSpanWords(invokeIndex: number, ctx: StoryContext): string {
  const inv = ctx.history[invokeIndex];
  if (inv === undefined) return `op ${invokeIndex}`;
  const done = inv.type === 'invoke' ? ctx.history.find((o, k) => k > invokeIndex && o.process === inv.process && o.type !== 'invoke') : undefined;
  const head = opWords(inv, ctx);
  if (inv.type !== 'invoke') return `${head} at ${seconds(inv.time)}, ${inv.type}`;
  if (done === undefined) return `${head} from ${seconds(inv.time)}, never completed`;
  const out = done.type === 'ok' && done.value !== inv.value ? ` → ${formatValue(done.value, 60)}` : '';
  return `${head} ${(inv.time / 1e6).toFixed(3)}–${seconds(done.time)}, ${done.type}${out}`;
}

function belief(b: unknown): { client: string; fromUs: number; toUs: number } {
  const r = isRecord(b) ? b : {};
  return { client: str(r['client']), fromUs: num(r['fromUs']), toUs: num(r['toUs']) };
}

/** A lost add, by its acknowledgement: `c1's add 1002 (acknowledged at 0.120 s)`. */
function lostAdd(a: Record<string, unknown>, ctx: StoryContext): string {
  const ack = ctx.history[num(a['ackIndex'])];
  return ack === undefined ? formatValue(a['value'], 40) : `${ctx.client(ack.process)}'s add ${formatValue(a['value'], 40)} (acknowledged at ${seconds(ack.time)})`;
}

/** One sentence for an anomaly of a known kind, else a table of its fields. */
export function anomalyText(a: unknown, ctx: StoryContext): AnomalyText {
  if (!isRecord(a)) return { text: formatValue(a, 200) };
  const kind = a['kind'];
  switch (kind) {
    case 'overlapping-holders': {
      const x = belief(a['first']);
      const y = belief(a['second']);
      return {
        text: `${x.client} and ${y.client} both held lock "${str(a['lock'])}" ${span(num(a['fromUs'] ?? a['overlapFromUs']), num(a['toUs'] ?? a['overlapToUs']))}: ` +
          `${x.client} believed it held it ${span(x.fromUs, x.toUs)}, ${y.client} ${span(y.fromUs, y.toUs)}.`,
      };
    }
    case 'stale-write': {
      const w = isRecord(a['write']) ? a['write'] : {};
      const after = isRecord(a['after']) ? a['after'] : {};
      const why = a['reason'] === 'token'
        ? `its fencing token ${str(w['token'])} is lower than ${str(after['token'])}, already accepted from ${str(after['client'])}`
        : `its lock (granted at ${seconds(num(w['acquiredUs']))}) had been superseded by ${str(after['client'])}'s (granted at ${seconds(num(after['acquiredUs']))}), which wrote ${formatValue(after['value'], 40)} at ${seconds(num(after['doneUs']))}`;
      return { text: `${str(w['client'])}'s write of ${formatValue(w['value'], 40)} to ${str(a['resource'])} was accepted at ${seconds(num(w['doneUs']))} although ${why}.` };
    }
    case 'overlapping-runs': {
      const x = isRecord(a['first']) ? a['first'] : {};
      const y = isRecord(a['second']) ? a['second'] : {};
      return {
        text: `Item ${str(a['item'])} ran on ${str(x['node'])} and ${str(y['node'])} at once ${span(num(a['fromUs']), num(a['toUs']))}: ` +
          `${str(x['node'])} ran it ${span(num(x['startUs']), num(x['endUs']))}, ${str(y['node'])} ${span(num(y['startUs']), num(y['endUs']))}.`,
      };
    }
    case 'item-not-running': {
      const last = isRecord(a['lastRunBefore']) ? a['lastRunBefore'] : null;
      return { text: `Item ${str(a['item'])} did not run ${span(num(a['fromUs']), num(a['toUs']))}${last !== null ? `; it last ran on ${str(last['node'])} from ${seconds(num(last['startUs']))}` : ''}.` };
    }
    case 'non-linearizable': {
      const minimal = Array.isArray(a['minimalOps']) ? (a['minimalOps'] as number[]) : [];
      const start = Array.isArray(a['startStates']) ? (a['startStates'] as unknown[]).map((s) => formatValue(s, 40)).join(' or ') : '?';
      return {
        text: `No order of these ${minimal.length} operations${a['partition'] !== undefined && a['partition'] !== 'all' ? ` on ${str(a['partition'])}` : ''} agrees with real time and the model, starting from ${start}: ` +
          `${minimal.map((i) => opSpanWords(i, ctx)).join('; ')}.`,
      };
    }
    case 'diverging-logs': {
      const e = (x: unknown): string => (isRecord(x) ? `${zx(x['zxid'])} ${str(x['txn'])}` : 'nothing');
      return { text: `${str(a['a'])} and ${str(a['b'])} committed different txns at log position ${str(a['index'])}: ${str(a['a'])} has ${e(a['aEntry'])}, ${str(a['b'])} has ${e(a['bEntry'])}.` };
    }
    case 'conflicting-commit':
      return { text: `zxid ${str(a['zxid'])} was committed as "${str(a['firstTxn'])}" on ${str(a['firstServer'])} and as "${str(a['txn'])}" on ${str(a['server'])}.` };
    case 'lost-committed-txn':
      return { text: `Txn ${str(a['zxid'])} (${str(a['txn'])}), committed by leader ${str(a['by'])}, is missing from the final history.` };
    case 'lost-acknowledged-write':
      return { text: `Txn ${str(a['zxid'])} (${str(a['txn'])}), acknowledged to ${str(a['by'])}, is missing from the final history.` };
    case 'two-leaders':
      return { text: `Epoch ${str(a['epoch'])} had ${Array.isArray(a['leaders']) ? a['leaders'].length : 2} established leaders: ${Array.isArray(a['leaders']) ? a['leaders'].join(', ') : '?'}.` };
    case 'acknowledged-without-quorum': {
      const w = isRecord(a['write']) ? a['write'] : {};
      return { text: `${str(w['server'])}, cut off from a quorum, acknowledged ${str(w['client'])}'s write ${span(num(w['invokeUs']), num(w['doneUs']))}.` };
    }
    case 'monotonic-reads':
    case 'read-your-writes':
    case 'fifo-order': {
      const op = isRecord(a['op']) ? (a['op'] as unknown as Op) : undefined;
      const who = op !== undefined ? ctx.client(op.process) : str(a['session']);
      return { text: `${who} (session ${str(a['session'])}) broke ${kind.replaceAll('-', ' ')}: ${str(a['what'])}.` };
    }
    case 'committed-divergence': {
      const e = (x: unknown): string => (isRecord(x) ? `${formatValue(x['value'], 40)} (epoch ${str(x['epoch'])})` : 'nothing');
      return { text: `${str(a['a'])} and ${str(a['b'])} both count offset ${str(a['offset'])} as committed (below ${str(a['bound'])}), but ${str(a['a'])} has ${e(a['aEntry'])} and ${str(a['b'])} has ${e(a['bEntry'])}.` };
    }
    case 'isr-mismatch': {
      const e = (x: unknown): string => (isRecord(x) ? `${formatValue(x['value'], 40)} (epoch ${str(x['epoch'])})` : 'nothing');
      return { text: `At the end ISR member ${str(a['replica'])} differs from leader ${str(a['leader'])} at offset ${str(a['offset'])}: ${e(a['replicaEntry'])} against ${e(a['leaderEntry'])}.` };
    }
    default:
      if ('ackIndex' in a && 'value' in a) return { text: `${lostAdd(a, ctx)} is missing from the final read.` };
      return {
        text: typeof kind === 'string' ? kind.replaceAll('-', ' ') : 'anomaly',
        rows: Object.entries(a).filter(([k]) => k !== 'kind').map(([k, v]): [string, string] => [k, formatValue(v, 160)]),
      };
  }
}

function zx(v: unknown): string {
  return typeof v === 'number' ? `${Math.floor(v / 2 ** 32)}:${v % 2 ** 32}` : str(v);
}

/** Lost acknowledged adds, told once for the lot: how many, whose, from when to when, and the final read. */
export function lostAddsSentence(lost: readonly Record<string, unknown>[], ctx: StoryContext): string | null {
  if (lost.length === 0) return null;
  const acks = lost.map((a) => ctx.history[num(a['ackIndex'])]).filter((o): o is Op => o !== undefined).sort((x, y) => x.time - y.time);
  const clients = [...new Set(acks.map((o) => ctx.client(o.process)))].sort();
  const read = ctx.history[num(lost[0]?.['readIndex'])];
  const first = acks[0];
  const last = acks[acks.length - 1];
  if (first === undefined || last === undefined) return null;
  const finalRead = read !== undefined ? `the final read by ${ctx.client(read.process)} at ${seconds(read.time)}` : 'the final read';
  if (lost.length === 1) return `An acknowledged add was lost: ${lostAdd(lost[0]!, ctx)}, but ${finalRead} does not contain it.`;
  return `${lost.length} acknowledged adds were lost: ${clients.join(', ')} ${clients.length === 1 ? 'was' : 'were'} told they succeeded ` +
    `${span(first.time, last.time)} (the first: ${lostAdd(lost[0]!, ctx)}), but ${finalRead} does not contain them.`;
}
