/**
 * Escaping for every place report text lands: HTML text and attributes, XML, and JSON embedded in a
 * `<script type="application/json">` block. Every value from a history or a model goes through here.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The first line of a (possibly multi-line) message. */
export function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * Escapes text for XML 1.0 content and attributes. Characters XML 1.0 cannot carry at all (most C0
 * controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD, so a binary value cannot make the file invalid.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[&<>"']/g, (c) => (c === "'" ? '&apos;' : HTML_ESCAPES[c] ?? c));
}

/**
 * JSON that is safe inside `<script type="application/json">`: `<`, `>` and `&` become `\u003c` etc., so
 * `</script>` or `<!--` inside a value cannot end or change the block; U+2028/U+2029 are escaped too.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A readable one-line rendering of any value a model put in a history or note: JSON where possible,
 * bigint as `123n`, cycles as `[cycle]`, cut to `maxChars` so one huge value cannot bloat the report.
 */
export function formatValue(value: unknown, maxChars = 200): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'undefined';
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (typeof value === 'function' || typeof value === 'symbol') text = String(value);
  else {
    const seen = new WeakSet<object>();
    try {
      text = JSON.stringify(value, (_key, v: unknown) => {
        if (typeof v === 'bigint') return `${v}n`;
        if (typeof v === 'object' && v !== null) {
          if (seen.has(v)) return '[cycle]';
          seen.add(v);
        }
        return v;
      }) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}
