import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { escapeHtml, escapeXml, formatValue, jsonForScript } from './escape.js';
import { XSS } from './fixtures.test-util.js';

test('escapeHtml escapes the five special characters', () => {
  assert.is(escapeHtml(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  assert.is(escapeHtml('plain µs → text'), 'plain µs → text');
  assert.not.match(escapeHtml(XSS), /[<>"]/);
});

test('escapeXml escapes markup and replaces characters XML cannot carry', () => {
  assert.is(escapeXml(`<x a="1" b='2'>&</x>`), '&lt;x a=&quot;1&quot; b=&apos;2&apos;&gt;&amp;&lt;/x&gt;');
  assert.is(escapeXml('a\u0000b\u0007c\td\ne'), 'a\uFFFDb\uFFFDc\td\ne');
  assert.is(escapeXml('lone \uD800 surrogate, pair \uD83D\uDE00'), 'lone \uFFFD surrogate, pair \uD83D\uDE00');
});

test('jsonForScript cannot close the script block and round-trips', () => {
  const value = { a: XSS, b: '<!-- & -->', c: 'line\u2028sep' };
  const json = jsonForScript(value);
  assert.not.match(json, /[<>&\u2028]/);
  assert.equal(JSON.parse(json), value);
});

test('formatValue renders any value in one bounded line', () => {
  assert.is(formatValue('x'), '"x"');
  assert.is(formatValue(undefined), 'undefined');
  assert.is(formatValue(10n), '10n');
  assert.is(formatValue({ a: [1, 2] }), '{"a":[1,2]}');
  const cyclic: Record<string, unknown> = { name: 'c' };
  cyclic['self'] = cyclic;
  assert.is(formatValue(cyclic), '{"name":"c","self":"[cycle]"}');
  const long = formatValue('y'.repeat(1000), 50);
  assert.is(long.length, 50);
  assert.ok(long.endsWith('…'));
});

test.run();
