import { FAULTLINE_RULES, JEPSEN_RULES, type CompletionRules } from '../completion-rules.js';
import type { History } from '../types.js';
import { parseEdnHistory, printEdnHistory } from './edn.js';
import { parseJsonl, printJsonl } from './jsonl.js';
import { parseEtcdLog, printEtcdLog } from './porcupine-etcd.js';
import { parseKvLog, printKvLog } from './porcupine-kv.js';

export { HistoryFormatError, UnprintableOpError } from './errors.js';
export { parseEdnHistory, printEdnHistory, printEdnValue, readEdnValue } from './edn.js';
export { readEdnForms, Keyword, EdnMap, EdnSet, EdnSyntaxError } from './edn-reader.js';
export { parseJsonl, printJsonl } from './jsonl.js';
export { parseEtcdLog, printEtcdLog } from './porcupine-etcd.js';
export { parseKvLog, printKvLog } from './porcupine-kv.js';

export interface HistoryFormat {
  /** Reads a file; `lines`, when given, gets the 1-based line each op starts on. Malformed input: HistoryFormatError. */
  parse(text: string, file?: string, lines?: number[]): History;
  /** Writes a history; an op the format cannot hold: UnprintableOpError. */
  print(history: History): string;
  /** What `fail` and a nil read mean in histories of this format. */
  rules: CompletionRules;
}

/** Formats by the name the CLI takes. */
export const formats: Readonly<Record<string, HistoryFormat>> = {
  'porcupine-etcd': { parse: parseEtcdLog, print: printEtcdLog, rules: FAULTLINE_RULES },
  'porcupine-kv': { parse: parseKvLog, print: printKvLog, rules: FAULTLINE_RULES },
  edn: { parse: parseEdnHistory, print: printEdnHistory, rules: JEPSEN_RULES },
  jsonl: { parse: parseJsonl, print: printJsonl, rules: JEPSEN_RULES },
};
