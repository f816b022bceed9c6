/**
 * The HTML report in a real Chromium (Debian's /usr/bin/chromium via playwright-core): no console
 * errors, no network, the violation and replay command visible, hostile values shown as text, and a
 * 20,000-operation report that loads quickly and zooms and pans.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allScenarios } from '../harness/run/registry.js';
import { renderHtmlReport } from './index.js';
import { OLD_LEADER_RESYNC_US, suiteReport, XSS } from './fixtures.test-util.js';

/** Debian's Chromium; FAULTLINE_CHROMIUM points elsewhere. */
const CHROMIUM = process.env['FAULTLINE_CHROMIUM'] ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(import.meta.dirname, '../faultline-out/artifacts');
const LOAD_BUDGET_MS = 10_000;
const REPO = resolve(import.meta.dirname, '..');
/** Every family's expect-violation scenarios of the smoke suite: their real failures are what the report must explain. */
const FAMILY_SCENARIOS = allScenarios().filter((s) => s.expect === 'violation' && s.tags.includes('smoke')).map((s) => s.id);
/** Page-side snippets as strings: this project's type check has no DOM library. */
const TWO_FRAMES = 'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))';

interface Opened {
  page: Page;
  consoleErrors: string[];
  network: string[];
  loadMs: number;
}

if (!existsSync(CHROMIUM)) {
  const message = `${CHROMIUM} is missing: install it with \`apt-get update && apt-get install -y --no-install-recommends chromium\``;
  if (process.env['CI']) {
    test('chromium is installed (required on CI)', () => {
      assert.unreachable(message);
    });
  } else {
    console.warn(`\n!!!!!!!! SKIPPING reports/browser.test.ts: ${message} !!!!!!!!\n`);
  }
  test.run();
} else {
  let context: BrowserContext;
  let profile: string;
  let pages: string;
  const files: Record<string, string> = {};

  test.before(async () => {
    // Pages go to a private directory (other tests may clear faultline-out/); screenshots go to ARTIFACTS.
    mkdirSync(ARTIFACTS, { recursive: true });
    pages = mkdtempSync(join(tmpdir(), 'faultline-report-'));
    const write = (name: string, html: string): string => {
      const path = join(pages, name);
      writeFileSync(path, html);
      return path;
    };
    files['fixture'] = write('report-fixture.html', renderHtmlReport(suiteReport()));
    files['hostile'] = write('report-hostile.html', renderHtmlReport(suiteReport({ hostile: true })));
    files['big'] = write('report-20k.html', renderHtmlReport(suiteReport({ ops: 20_000, endUs: 60_000_000 })));
    // The real thing: the CLI runs and shrinks every family's expected violations and writes its report.
    const out = join(pages, 'families');
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'harness/cli/cli.ts', 'run', ...FAMILY_SCENARIOS, '--out', out, '--workers', '2', '--quiet'], { cwd: REPO, encoding: 'utf8' });
    if (!existsSync(join(out, 'report.html'))) throw new Error(`faultline run wrote no report (exit ${cli.status}):\n${cli.stdout}\n${cli.stderr}`);
    files['families'] = join(out, 'report.html');
    const { chromium } = await import('playwright-core');
    profile = mkdtempSync(join(tmpdir(), 'faultline-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  test.after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (pages) rmSync(pages, { recursive: true, force: true });
  });

  async function open(path: string): Promise<Opened> {
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    const network: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      network.push(url);
      return route.abort();
    });
    const started = performance.now();
    await page.goto(pathToFileURL(path).href);
    await page.waitForSelector('body[data-ready="1"]', { timeout: LOAD_BUDGET_MS });
    // Two frames so the first canvas draw has happened.
    await page.evaluate(TWO_FRAMES);
    return { page, consoleErrors, network, loadMs: performance.now() - started };
  }

  /**
   * Where a model-panel mark is drawn (viewport coordinates of its tick, in the first panel's row `row`) and the
   * canvas pixel there, from the view range the page reports and the panel's layout (gutter 132 px, axis
   * 22 px, rows 22 px with a 16 px bar 3 px down).
   */
  async function markAt(page: Page, atUs: number, row: number): Promise<{ x: number; y: number; rgb: number[] }> {
    const got = await page.evaluate<{ x: number; y: number; rgb: number[] }>(`(() => {
      const card = document.querySelector('.failure');
      const canvas = card.querySelector('canvas.model-panel');
      const from = Number(card.getAttribute('data-view-from')), to = Number(card.getAttribute('data-view-to'));
      const w = canvas.clientWidth, dpr = window.devicePixelRatio || 1;
      const px = Math.round(132 + (${atUs} - from) / (to - from) * (w - 132));
      const py = 22 + ${row} * 22 + 3 + 10;
      const d = canvas.getContext('2d').getImageData(Math.floor((px + 0.5) * dpr), Math.floor(py * dpr), 1, 1).data;
      const r = canvas.getBoundingClientRect();
      return { x: r.left + px + 0.5, y: r.top + py, rgb: [d[0], d[1], d[2]] };
    })()`);
    return got;
  }

  function clean(o: Opened): void {
    assert.equal(o.consoleErrors, [], 'no console errors');
    assert.equal(o.network, [], 'no network requests');
  }

  test('failure view: violation, explanation, replay command, schedule and timeline are visible', async () => {
    const o = await open(files['fixture'] as string);
    const { page } = o;
    assert.ok(await page.isVisible('text=not linearizable on x: 3 operations cannot be ordered'));
    const explanation = page.locator('.failure .violation-explanation').first();
    assert.ok(await explanation.isVisible());
    assert.match((await explanation.textContent()) ?? '', 'not linearizable on x');
    const replay = page.locator('.failure .replay-command');
    assert.ok(await replay.isVisible());
    assert.is(await replay.textContent(), 'npx faultline replay faultline-out/replay/lock-lease-seed-7.json');
    const schedule = await page.locator('.failure ol.schedule li').allTextContents();
    assert.is(schedule.length, 8);
    assert.ok(schedule.some((s) => s.includes('partition halves')));
    assert.ok(schedule.some((s) => s.includes('clock on n2 jumps back 30 ms')));
    assert.ok(await page.isVisible('table.scenarios >> text=lock-lease'));
    assert.ok(await page.isVisible('table.coverage >> text=crash of leader'));
    const drawn = Number(await page.getAttribute('.failure canvas.timeline', 'data-drawn-ops'));
    assert.ok(drawn > 0, `timeline drew ${drawn} ops`);
    const points = Number(await page.getAttribute('.failure canvas.latency', 'data-drawn-points'));
    assert.ok(points > 0, `latency plot drew ${points} points`);
    const messages = Number(await page.getAttribute('.failure canvas.messages', 'data-drawn-messages'));
    assert.ok(messages > 0, `message flow drew ${messages} messages`);
    // The view opens on the violation window (just after 4 s of a 10 s run), not on the whole run.
    const from = Number(await page.getAttribute('.failure', 'data-view-from'));
    const to = Number(await page.getAttribute('.failure', 'data-view-to'));
    const vf = Number(await page.getAttribute('.failure', 'data-violation-from'));
    const vt = Number(await page.getAttribute('.failure', 'data-violation-to'));
    assert.ok(from <= vf && to >= vt && vf >= 4_000_000 && to - from < 2_000_000, `view ${from}..${to}, violation ${vf}..${vt}`);
    // "What happened" tells it with client names; the clock panel is there (the run has clock faults).
    assert.match((await page.locator('.failure .story').first().textContent()) ?? '', /c[123] /);
    assert.is(await page.locator('.failure canvas.clocks').count(), 1);
    // The legend lists what is drawn: outcomes, the violation's operations and window, the pause band.
    const keys = ((await page.getAttribute('.failure .legend', 'data-keys')) ?? '').split(',');
    for (const k of ['ok', 'violating', 'window', 'pause']) assert.ok(keys.includes(k), `legend ${keys.join(',')} has ${k}`);
    assert.not.ok(keys.includes('strobe'), 'nothing drawn as a clock strobe');
    // "Violation" focuses on the violation window.
    await page.click('.failure button.focus-violation');
    await page.evaluate(TWO_FRAMES);
    const vFrom = Number(await page.getAttribute('.failure', 'data-view-from'));
    const vTo = Number(await page.getAttribute('.failure', 'data-view-to'));
    assert.ok(vFrom < 4_300_000 && vTo > 4_300_000 && vTo - vFrom < 3_000_000, `violation view ${vFrom}..${vTo}`);
    await page.locator('.failure').screenshot({ path: join(ARTIFACTS, 'report-failure.png') });
    await page.screenshot({ path: join(ARTIFACTS, 'report-top.png') });
    clean(o);
    await page.close();
  });

  test('model panel marks: drawn over the row, with a tooltip on hover', async () => {
    const o = await open(files['fixture'] as string);
    const { page } = o;
    await page.click('.failure button.whole-run');
    await page.evaluate(TWO_FRAMES);
    const canvas = page.locator('.failure canvas.model-panel').first();
    assert.is(await canvas.getAttribute('data-drawn-marks'), '2', 'both marks are in the whole run');
    // The late mark on n1 (row 0): its tick is drawn in the bad tone over the state segment.
    const mark = await markAt(page, OLD_LEADER_RESYNC_US, 0);
    const [r, g, b] = mark.rgb as [number, number, number];
    assert.ok(r > 150 && g < 90 && b < 90, `mark pixel rgb(${mark.rgb.join(',')}) is the bad tone`);
    const beside = await markAt(page, OLD_LEADER_RESYNC_US - 400_000, 0);
    assert.ok(beside.rgb[0]! > 200 && beside.rgb[1]! > 200, `the state beside it is the pale segment (rgb(${beside.rgb.join(',')}))`);
    await canvas.scrollIntoViewIfNeeded();
    await page.evaluate(TWO_FRAMES); // the scroll event (which hides the tooltip) comes first
    const m = await markAt(page, OLD_LEADER_RESYNC_US, 0);
    await page.mouse.move(m.x + 2, m.y);
    await page.waitForSelector('#tooltip', { state: 'visible', timeout: 2_000 });
    const tip = (await page.locator('#tooltip').textContent()) ?? '';
    assert.match(tip, 'n1: full resync from n3 (was leader): discards 2 writes\nat 8.500 s');
    assert.match(tip, 'state: follower t2');
    await page.locator('.failure .panel').filter({ has: page.locator('canvas.model-panel') }).first().screenshot({ path: join(ARTIFACTS, 'report-panel-marks.png') });
    // Off the mark, the tooltip names the state only.
    await page.mouse.move(m.x - 60, m.y);
    await page.evaluate(TWO_FRAMES);
    const off = (await page.locator('#tooltip').textContent()) ?? '';
    assert.ok(off.startsWith('n1: follower t2') && !off.includes('full resync'), off);
    clean(o);
    await page.close();
  });

  test('hostile values show as literal text and run no script', async () => {
    const o = await open(files['hostile'] as string);
    const { page } = o;
    assert.is(await page.evaluate('typeof window.__pwned'), 'undefined');
    assert.is(await page.locator('img').count(), 0, 'no img element from data');
    assert.is(await page.locator('body script').count(), 2, 'only the data block and the page script');
    assert.match((await page.locator('h1').first().textContent()) ?? '', '</script><img src=x onerror="window.__pwned=1">');
    assert.match((await page.locator('.violation-explanation').first().textContent()) ?? '', 'read saw </script><img src=x');
    assert.match((await page.locator('table.scenarios').textContent()) ?? '', 'Lease-based lock </script><img');
    assert.match((await page.locator('.failure').textContent()) ?? '', 'leader per term </script><img');
    assert.is(await page.title(), 'faultline suite </script><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>');
    // A hostile mark label reaches the tooltip as text.
    await page.click('.failure button.whole-run');
    await page.locator('.failure canvas.model-panel').first().scrollIntoViewIfNeeded();
    await page.evaluate(TWO_FRAMES); // the scroll event (which hides the tooltip) comes first
    const m = await markAt(page, OLD_LEADER_RESYNC_US, 0);
    await page.mouse.move(m.x, m.y);
    await page.waitForSelector('#tooltip', { state: 'visible', timeout: 2_000 });
    assert.match((await page.locator('#tooltip').textContent()) ?? '', `full resync ${XSS}`);
    assert.is(await page.evaluate('typeof window.__pwned'), 'undefined');
    assert.is(await page.locator('img').count(), 0, 'no img element from a mark');
    clean(o);
    await page.close();
  });

  test('20,000 operations: loads within budget, culls, zooms and pans', async () => {
    const o = await open(files['big'] as string);
    const { page } = o;
    assert.ok(o.loadMs < LOAD_BUDGET_MS, `loaded in ${Math.round(o.loadMs)} ms`);
    console.log(`  20k-op report loaded and drawn in ${Math.round(o.loadMs)} ms`);
    const view = async (): Promise<[number, number]> => [
      Number(await page.getAttribute('.failure', 'data-view-from')),
      Number(await page.getAttribute('.failure', 'data-view-to')),
    ];
    const drawn = async (): Promise<number> => Number(await page.getAttribute('.failure canvas.timeline', 'data-drawn-ops'));
    const settle = (): Promise<unknown> => page.evaluate(TWO_FRAMES);
    const [f0, t0] = await view();
    assert.ok(t0 - f0 < 60_000_000 / 5, `opens on the violation, not the run: ${f0}..${t0}`);
    await page.click('.failure button.focus-violation');
    await settle();
    const focused = await drawn();
    assert.ok(focused > 0 && focused < 2_000, `violation view draws few ops (${focused})`);

    await page.click('.failure button.whole-run');
    await settle();
    const [f1, t1] = await view();
    assert.is(f1, 0);
    assert.is(t1, 60_000_000);
    const whole = await drawn();
    assert.ok(whole > 0 && whole < 20_000, `whole run is culled to pixels (${whole} bars drawn)`);
    // Redrawing the whole run stays fast.
    const redrawMs = await page.evaluate<number>(`(async () => {
      const t = performance.now();
      document.querySelector('.failure button.zoom-in').click();
      await ${TWO_FRAMES};
      return performance.now() - t;
    })()`);
    assert.ok(redrawMs < 500, `zoomed redraw took ${Math.round(redrawMs)} ms`);
    const [f2, t2] = await view();
    assert.ok(t2 - f2 < t1 - f1, 'zoom-in button narrows the view');

    // Wheel over the timeline zooms in around the cursor.
    const box = await page.locator('.failure canvas.timeline').boundingBox();
    assert.ok(box !== null);
    await page.mouse.move(box!.x + box!.width * 0.6, box!.y + 80);
    await page.mouse.wheel(0, -400);
    await settle();
    const [f3, t3] = await view();
    assert.ok(t3 - f3 < t2 - f2, `wheel zooms in: ${t2 - f2} -> ${t3 - f3}`);

    // Drag pans earlier in time.
    await page.mouse.move(box!.x + box!.width * 0.5, box!.y + 80);
    await page.mouse.down();
    await page.mouse.move(box!.x + box!.width * 0.8, box!.y + 80, { steps: 5 });
    await page.mouse.up();
    await settle();
    const [f4, t4] = await view();
    assert.ok(f4 < f3, `drag right pans to earlier time: ${f3} -> ${f4}`);
    assert.ok(Math.abs((t4 - f4) - (t3 - f3)) < 2, 'pan keeps the span');
    await page.click('.failure button.whole-run');
    await settle();
    await page.locator('.failure canvas.timeline').screenshot({ path: join(ARTIFACTS, 'report-20k-whole-run.png') });
    clean(o);
    await page.close();
  });

  /** Pairs of canvas labels whose boxes overlap, on every canvas of a failure card; a canvas that recorded no label is one too. */
  async function overlappingLabels(page: Page, card: number): Promise<string[]> {
    return page.evaluate<string[]>(`(() => {
      const out = [];
      document.querySelectorAll('.failure')[${card}].querySelectorAll('canvas').forEach((cv) => {
        const b = cv.labelBoxes || [];
        if (b.length === 0) out.push(cv.className + ': no labels recorded');
        for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) {
          const x = b[i], y = b[j];
          if (x.x < y.x + y.w && y.x < x.x + x.w && x.y < y.y + y.h && y.y < x.y + x.h) out.push(cv.className + ' ' + JSON.stringify([x, y]));
        }
      });
      return out;
    })()`);
  }

  test('every family: the report opens on the violation, tells it with clients and faults, and no labels overlap', async () => {
    const o = await open(files['families'] as string);
    const { page } = o;
    const cards = page.locator('.failure');
    const count = await cards.count();
    assert.is(count, FAMILY_SCENARIOS.length, 'a failure view per expected violation');
    // As-expected failures start collapsed: a green suite is a short page.
    assert.is(await page.locator('.failure.collapsed').count(), count);
    const shot = new Set<string>();
    for (let i = 0; i < count; i++) {
      const card = cards.nth(i);
      const title = (await card.locator('h2').textContent()) ?? '';
      await card.locator('.toggle-failure').click();
      await page.evaluate(TWO_FRAMES);
      const attr = async (name: string): Promise<number> => Number(await card.getAttribute(name) ?? Number.NaN);
      const [from, to, vFrom, vTo, end] = [await attr('data-view-from'), await attr('data-view-to'), await attr('data-violation-from'), await attr('data-violation-to'), await attr('data-end-us')];
      assert.ok(Number.isFinite(vFrom) && Number.isFinite(vTo), `${title}: a violation window`);
      assert.ok(from <= vFrom && to >= vTo, `${title}: view ${from}..${to} holds the violation ${vFrom}..${vTo}`);
      assert.ok(to - from < end / 5, `${title}: view ${from}..${to} is less than a fifth of the ${end} µs run`);
      const story = (await card.locator('.story').first().textContent()) ?? '';
      assert.match(story, /\b[cj]\d+\b/, `${title}: the story names clients: ${story}`);
      assert.not.match(story, /process \d/, `${title}: client names, not process numbers`);
      if ((await card.locator('ol.schedule li').count()) > 0) assert.match(story, /at \d+\.\d{3} s: /, `${title}: the story names the faults: ${story}`);
      assert.equal(await overlappingLabels(page, i), [], `${title}: no two labels overlap`);
      const family = (await card.getAttribute('data-scenario'))?.split('/')[0] ?? '';
      if (!shot.has(family)) {
        shot.add(family);
        await card.screenshot({ path: join(ARTIFACTS, `report-family-${family}.png`) });
      }
      // Nor on the whole run, where everything is densest.
      await card.locator('button.whole-run').click();
      await page.evaluate(TWO_FRAMES);
      assert.equal(await overlappingLabels(page, i), [], `${title}: no two labels overlap on the whole run`);
      await card.locator('.toggle-failure').click();
    }
    assert.equal([...shot].sort(), [...new Set(FAMILY_SCENARIOS.map((s) => s.split('/')[0]))].sort(), 'a screenshot per family');
    // A linearizability violation shows its partial linearization: steps with states, the op that cannot be placed.
    const lin = page.locator('.failure .linearization').first();
    assert.ok(await page.locator('.failure .linearization').count() > 0, 'some failure is a linearizability violation');
    assert.ok(await lin.locator('.linearization-steps tr').count() >= 2, 'steps with the state after each');
    assert.match((await lin.locator('.stuck').textContent()) ?? '', /Cannot be placed: [cj]\d+ /);
    // "Unexpected only" hides what went as expected.
    await page.check('input.unexpected-only');
    assert.is(await page.locator('.failure:visible').count(), 0);
    clean(o);
    await page.close();
  });

  test('"Violation" steps through the anomaly windows', async () => {
    const o = await open(files['families'] as string);
    const { page } = o;
    // The first failure whose anomalies lie in several windows.
    const labels = await page.locator('.failure button.focus-violation').allTextContents();
    const at = labels.findIndex((l) => Number(/\/(\d+)/.exec(l)?.[1] ?? 0) >= 2);
    assert.ok(at >= 0, `a failure with several anomaly windows: ${labels.join(', ')}`);
    const card = page.locator('.failure').nth(at);
    await card.locator('.toggle-failure').click();
    const steps = Number(/\/(\d+)/.exec(labels[at]!)?.[1]);
    const seen = new Set<string>();
    for (let k = 0; k < steps; k++) {
      await card.locator('button.focus-violation').click();
      await page.evaluate(TWO_FRAMES);
      const [from, to, vf, vt] = await Promise.all(['data-view-from', 'data-view-to', 'data-violation-from', 'data-violation-to'].map(async (a) => Number(await card.getAttribute(a))));
      seen.add(String(vf));
      assert.ok(from! <= vf! && to! >= vt!, `step ${k}: ${from}..${to} holds ${vf}..${vt}`);
    }
    assert.is(seen.size, steps, `${steps} distinct windows`);
    clean(o);
    await page.close();
  });

  test.run();
}
