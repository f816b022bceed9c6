import type { History } from '../types.js';
import { parseEdnHistory, printEdnHistory } from './edn.js';
import { parseJsonl, printJsonl } from './jsonl.js';
import { parseEtcdLog, printEtcdLog } from './porcupine-etcd.js';
import { parseKvLog, printKvLog } from './porcupine-kv.js';

export { HistoryFormatError } from './errors.js';
export { parseEdnHistory, printEdnHistory, printEdnValue } from './edn.js';
export { readEdnForms, Keyword, EdnMap, EdnSet } from './edn-reader.js';
export { parseJsonl, printJsonl } from './jsonl.js';
export { parseEtcdLog, printEtcdLog } from './porcupine-etcd.js';
export { parseKvLog, printKvLog } from './porcupine-kv.js';

export interface HistoryFormat {
  parse(text: string, file?: string): History;
  print(history: History): string;
}

/** Formats by the name the CLI takes. */
export const formats: Readonly<Record<string, HistoryFormat>> = {
  'porcupine-etcd': { parse: parseEtcdLog, print: printEtcdLog },
  'porcupine-kv': { parse: parseKvLog, print: printKvLog },
  edn: { parse: parseEdnHistory, print: printEdnHistory },
  jsonl: { parse: parseJsonl, print: printJsonl },
};
