/** A small EDN reader: nil, booleans, numbers, strings, chars-free keywords, symbols, vectors, lists, sets, maps. */
export class Keyword {
  constructor(readonly name: string) {}
  toString(): string {
    return `:${this.name}`;
  }
}

export type Edn = null | boolean | number | string | Keyword | Edn[] | EdnSet | EdnMap;
export class EdnSet {
  constructor(readonly items: Edn[]) {}
}
export class EdnMap {
  constructor(readonly entries: [Edn, Edn][]) {}
  get(key: string): Edn | undefined {
    for (const [k, v] of this.entries) if (k instanceof Keyword && k.name === key) return v;
    return undefined;
  }
}

export class EdnSyntaxError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(detail);
  }
}

const DELIM = /[\s,()[\]{}"";]/;

/** A top-level form, the 1-based line it starts on and, for a vector or list, the line each item starts on. */
export interface TopForm {
  form: Edn;
  line: number;
  itemLines?: number[];
}

/** Reads every top-level form. */
export function readEdnForms(text: string): TopForm[] {
  let pos = 0;
  let line = 1;
  const fail = (why: string): never => {
    throw new EdnSyntaxError(line, why);
  };
  const skip = (): void => {
    while (pos < text.length) {
      const c = text[pos]!;
      if (c === '\n') line++;
      if (c === ';') {
        while (pos < text.length && text[pos] !== '\n') pos++;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === ',') pos++;
      else if (c === '#' && text[pos + 1] === '_') {
        pos += 2;
        read();
      } else break;
    }
  };
  const readSeq = (close: string, itemLines?: number[]): Edn[] => {
    const items: Edn[] = [];
    for (;;) {
      skip();
      if (pos >= text.length) fail(`unclosed collection: expected ${close}`);
      if (text[pos] === close) {
        pos++;
        return items;
      }
      itemLines?.push(line);
      items.push(read());
    }
  };
  const read = (): Edn => {
    skip();
    if (pos >= text.length) fail('unexpected end of input');
    const c = text[pos]!;
    if (c === '[') return pos++, readSeq(']');
    if (c === '(') return pos++, readSeq(')');
    if (c === '{') {
      pos++;
      const items = readSeq('}');
      if (items.length % 2 !== 0) fail('map with an odd number of forms');
      const entries: [Edn, Edn][] = [];
      for (let i = 0; i < items.length; i += 2) entries.push([items[i]!, items[i + 1]!]);
      return new EdnMap(entries);
    }
    if (c === '#' && text[pos + 1] === '{') {
      pos += 2;
      return new EdnSet(readSeq('}'));
    }
    if (c === ']' || c === ')' || c === '}') fail(`unexpected ${c}`);
    if (c === '"') {
      pos++;
      let s = '';
      for (;;) {
        if (pos >= text.length) fail('unterminated string');
        const d = text[pos++]!;
        if (d === '"') return s;
        if (d === '\n') line++;
        if (d === '\\') {
          const e = text[pos++];
          const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
          if (e === 'u') {
            s += String.fromCharCode(parseInt(text.slice(pos, pos + 4), 16));
            pos += 4;
          } else if (e !== undefined && map[e] !== undefined) s += map[e];
          else fail(`bad string escape \\${e ?? ''}`);
        } else s += d;
      }
    }
    if (c === '#') {
      // Tagged literal (#inst "...", #uuid "..."): keep the tagged value.
      pos++;
      readToken();
      return read();
    }
    const tok = readToken();
    if (tok === '') fail(`unexpected character ${JSON.stringify(c)}`);
    if (tok === 'nil') return null;
    if (tok === 'true') return true;
    if (tok === 'false') return false;
    if (tok.startsWith(':')) {
      if (tok.length === 1) fail('empty keyword');
      return new Keyword(tok.slice(1));
    }
    if (/^[+-]?\d+N?$/.test(tok)) return Number(tok.replace(/N$/, ''));
    if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?M?$/.test(tok)) return Number(tok.replace(/M$/, ''));
    if (/^[+-]?\d/.test(tok)) fail(`bad number ${tok}`);
    return tok; // symbol
  };
  const readToken = (): string => {
    const start = pos;
    while (pos < text.length && !DELIM.test(text[pos]!)) pos++;
    return text.slice(start, pos);
  };
  const forms: TopForm[] = [];
  for (;;) {
    skip();
    if (pos >= text.length) return forms;
    const at = line;
    const c = text[pos];
    if (c === '[' || c === '(') {
      pos++;
      const itemLines: number[] = [];
      forms.push({ form: readSeq(c === '[' ? ']' : ')', itemLines), line: at, itemLines });
    } else forms.push({ form: read(), line: at });
  }
}
