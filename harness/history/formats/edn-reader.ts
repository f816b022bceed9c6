/**
 * A small EDN reader: nil, booleans, numbers, strings, chars-free keywords, symbols, vectors, lists, sets,
 * maps. Written for long Jepsen histories (a million operations is about 160 MB of text): it reads character
 * codes, not one-character strings, keeps one Keyword per name, and hands each top-level form to its caller
 * as soon as it is read (forEachEdnForm), so a history never holds every form at once.
 */
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
/** A map's keys and values alternate in `items` (k0, v0, k1, v1, ...), in the order written. */
export class EdnMap {
  constructor(readonly items: Edn[]) {}
  get(key: string): Edn | undefined {
    const items = this.items;
    for (let i = 0; i < items.length; i += 2) {
      const k = items[i];
      if (k instanceof Keyword && k.name === key) return items[i + 1];
    }
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

/** Character codes that end a token: whitespace, commas, brackets, quotes and comments. */
const DELIMITER = new Uint8Array(128);
for (const c of ' \t\r\n\f\v,()[]{}";') DELIMITER[c.charCodeAt(0)] = 1;
/** Whitespace beyond ASCII (no-break space, line separator, BOM...) also ends a token, and is not skipped. */
const WIDE_SPACE = /\s/;
const NEWLINE = 10;
/** Collections nested deeper than this are refused with their line (deeper, the reader would run out of stack). */
export const MAX_NESTING = 1000;
/** String escapes as Clojure prints them (its char-escape-string), besides \uXXXX. */
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\' };
const HEX4 = /^[0-9a-fA-F]{4}$/;
const INTEGER = /^[+-]?\d+N?$/;
const DECIMAL = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?M?$/;

/**
 * A piece of the text as a string of its own: V8 makes a slice of 13 or more characters a view that keeps the
 * string it was cut from alive, so one long name or string in a history would keep the whole file in memory.
 * Concatenating makes a new string that the slice then flattens into a copy.
 */
function detach(piece: string): string {
  return piece.length < 13 ? piece : (' ' + piece).slice(1);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

class Reader {
  pos = 0;
  line = 1;
  readonly #keywords = new Map<string, Keyword>();
  #depth = 0;
  constructor(readonly text: string) {}

  fail(why: string): never {
    throw new EdnSyntaxError(this.line, why);
  }

  /** Skips whitespace, commas, comments and `#_` discarded forms; true if a form follows. */
  more(): boolean {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === NEWLINE) {
        this.line++;
        this.pos++;
      } else if (c === 32 || c === 44 || c === 9 || c === 13) this.pos++; // space , tab CR
      else if (c === 59) {
        // ; comment to the end of the line
        const end = text.indexOf('\n', this.pos);
        this.pos = end === -1 ? text.length : end;
      } else if (c === 35 && text.charCodeAt(this.pos + 1) === 95) {
        // #_ discards the next form
        this.pos += 2;
        this.read();
      } else return true;
    }
    return false;
  }

  /** Skips to the next item of a collection closed by `close`: true if one follows, false once `close` is read. */
  nextItem(close: number): boolean {
    if (!this.more()) this.fail(`unclosed collection: expected ${String.fromCharCode(close)}`);
    if (this.text.charCodeAt(this.pos) !== close) return true;
    this.pos++;
    return false;
  }

  /** The items up to `close` (the opening bracket already read). */
  readSeq(close: number): Edn[] {
    if (++this.#depth > MAX_NESTING) this.fail(`collections nested more than ${MAX_NESTING} deep`);
    const items: Edn[] = [];
    while (this.nextItem(close)) items.push(this.read());
    this.#depth--;
    return items;
  }

  read(): Edn {
    if (!this.more()) this.fail('unexpected end of input');
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    switch (c) {
      case 91: // [
        this.pos++;
        return this.readSeq(93);
      case 40: // (
        this.pos++;
        return this.readSeq(41);
      case 123: {
        // {
        this.pos++;
        const items = this.readSeq(125);
        if (items.length % 2 !== 0) this.fail('map with an odd number of forms');
        return new EdnMap(items);
      }
      case 93:
      case 41:
      case 125:
        return this.fail(`unexpected ${String.fromCharCode(c)}`);
      case 34: // "
        return this.readString();
      case 35: // #
        if (text.charCodeAt(this.pos + 1) === 123) {
          this.pos += 2;
          return new EdnSet(this.readSeq(125));
        }
        // Tagged literal (#inst "...", #uuid "..."): keep the tagged value.
        this.pos++;
        this.readToken();
        return this.read();
    }
    return this.atom(c);
  }

  readString(): string {
    const text = this.text;
    const start = ++this.pos;
    const end = text.indexOf('"', start);
    // No escape up to the next quote (looked for there only, so reading stays linear in the text): the text
    // between the quotes as it stands.
    const plain = end === -1 ? '' : text.slice(start, end);
    if (end !== -1 && !plain.includes('\\')) {
      for (let i = plain.indexOf('\n'); i !== -1; i = plain.indexOf('\n', i + 1)) this.line++;
      this.pos = end + 1;
      return detach(plain);
    }
    let s = '';
    for (;;) {
      if (this.pos >= text.length) this.fail('unterminated string');
      const d = text[this.pos++]!;
      if (d === '"') return s;
      if (d === '\n') this.line++;
      if (d === '\\') {
        const e = text[this.pos++];
        if (e === 'u') {
          const hex = text.slice(this.pos, this.pos + 4);
          if (!HEX4.test(hex)) this.fail(`bad string escape \\u${hex}`);
          s += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
        } else if (e !== undefined && ESCAPES[e] !== undefined) s += ESCAPES[e];
        else this.fail(`bad string escape \\${e ?? ''}`);
      } else s += d;
    }
  }

  readToken(): string {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    for (; pos < text.length; pos++) {
      const c = text.charCodeAt(pos);
      if (c < 128 ? DELIMITER[c] === 1 : WIDE_SPACE.test(text[pos]!)) break;
    }
    this.pos = pos;
    return text.slice(start, pos);
  }

  /** nil, true, false, a keyword, a number or a symbol, starting with character code `c`. */
  atom(c: number): Edn {
    const tok = this.readToken();
    // Only whitespace that is not skipped (form feed, no-break space, a BOM...) leaves an empty token: name its code.
    if (tok === '') this.fail(`unexpected character U+${c.toString(16).toUpperCase().padStart(4, '0')}`);
    if (c === 58) {
      // :keyword
      if (tok.length === 1) this.fail('empty keyword');
      const name = tok.slice(1);
      let k = this.#keywords.get(name);
      if (k === undefined) this.#keywords.set(name, (k = new Keyword(detach(name))));
      return k;
    }
    if (isDigit(c) || ((c === 43 || c === 45) && isDigit(tok.charCodeAt(1)))) {
      if (INTEGER.test(tok)) return Number(tok.endsWith('N') ? tok.slice(0, -1) : tok);
      if (DECIMAL.test(tok)) return Number(tok.endsWith('M') ? tok.slice(0, -1) : tok);
      this.fail(`bad number ${tok}`);
    }
    if (tok === 'nil') return null;
    if (tok === 'true') return true;
    if (tok === 'false') return false;
    return detach(tok); // symbol
  }
}

/** A top-level form and the 1-based line it starts on. */
export interface TopForm {
  form: Edn;
  line: number;
}

/** Reads every top-level form. */
export function readEdnForms(text: string): TopForm[] {
  const reader = new Reader(text);
  const forms: TopForm[] = [];
  while (reader.more()) forms.push({ line: reader.line, form: reader.read() });
  return forms;
}

/**
 * Hands each top-level form to `visit` as soon as it is read, with the line it starts on. The items of a
 * top-level vector or list are handed over one by one, with `inSeq` the line the sequence starts on (Jepsen
 * writes a history either as forms one after another or as one vector of them); `openSeq` hears of each such
 * sequence before its items, empty or not.
 */
export function forEachEdnForm(text: string, visit: (form: Edn, line: number, inSeq?: number) => void, openSeq?: (line: number) => void): void {
  const reader = new Reader(text);
  while (reader.more()) {
    const line = reader.line;
    const c = text.charCodeAt(reader.pos);
    if (c !== 91 && c !== 40) {
      visit(reader.read(), line);
      continue;
    }
    openSeq?.(line);
    const close = c === 91 ? 93 : 41;
    reader.pos++;
    while (reader.nextItem(close)) {
      const itemLine = reader.line;
      visit(reader.read(), itemLine, line);
    }
  }
}
