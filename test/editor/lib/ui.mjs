// Reusable Playwright steps for clicking through the VS Code workbench (code-server 4.100.3).
// A scenario is `async (ui) => { await ui.openFile(...); await ui.waitForSquiggle(); ... }`:
// every ui.* call below is a logged step with a numbered screenshot in test/editor/output/ui/.
// Assert on the saved file, not on DOM text: Monaco renders spaces as U+00A0 and may lay out
// `.view-line`s out of order.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  CODE_SERVER, EXTENSION, OUTPUT, log, waitUntil, checkPrerequisites, readManifest, createRun, startCodeServer,
  launchBrowser, workbenchUrl, stopRun, finishRun, stopOnSignals, tail,
} from './harness.mjs';

const SEVERITY = { error: 'squiggly-error', warning: 'squiggly-warning', info: 'squiggly-info', hint: 'squiggly-hint' };
const squiggleSelector = (severity = 'any') => severity === 'any'
  ? ['error', 'warning', 'info'].map(s => `.monaco-editor .${SEVERITY[s]}`).join(', ')
  : `.monaco-editor .${SEVERITY[severity] || severity}`;
const textMatches = (text, want) => (want instanceof RegExp ? want.test(text) : text.includes(want));
const nbsp = s => s.replace(/\u00a0/g, ' ');

/**
 * User settings for scenarios that type into the editor: no auto-indent, auto-closing or
 * suggestions (Enter would accept one), so the buffer receives exactly the keys typed; a solid
 * cursor and no minimap for steadier screenshots.
 */
const NO_AUTO_INDENT = { 'editor.autoIndent': 'none' };
export const TYPING_SETTINGS = {
  'editor.autoIndent': 'none',
  // The built-in YAML support sets "editor.autoIndent": "advanced" per language; override that too.
  '[yaml]': NO_AUTO_INDENT,
  '[dockercompose]': NO_AUTO_INDENT,
  '[dockerfile]': NO_AUTO_INDENT,
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoSurround': 'never',
  'editor.formatOnType': false,
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.wordBasedSuggestions': 'off',
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.inlineSuggest.enabled': false,
  'editor.cursorBlinking': 'solid',
  'editor.minimap.enabled': false,
  // Word highlights would cover the squiggle under the cursor in screenshots.
  'editor.occurrencesHighlight': 'off',
  'editor.selectionHighlight': false,
};

/**
 * Installs the extension into the run's extensions dir: the .vsix named by $VSIX when set, else a
 * symlink to the extension folder (so the pass always tests the freshly built dist/, never a
 * stale `<name>-<version>.vsix` lying in the repository root).
 */
export function installExtension(run, extensionDir = EXTENSION) {
  const m = readManifest(extensionDir);
  const vsix = process.env.VSIX && path.resolve(process.env.VSIX);
  if (vsix) {
    if (!fs.existsSync(vsix)) throw new Error(`VSIX=${vsix} does not exist`);
    execFileSync(CODE_SERVER, ['--user-data-dir', run.userData, '--extensions-dir', run.extensions, '--install-extension', vsix],
      { env: run.env, stdio: ['ignore', 'pipe', 'pipe'] });
    log(`installed ${m.id} from ${vsix}`);
  } else {
    const stale = path.join(extensionDir, `${m.name}-${m.version}.vsix`);
    if (fs.existsSync(stale)) log(`note: ignoring ${stale} (set VSIX=${stale} to test the package)`);
    fs.symlinkSync(extensionDir, path.join(run.extensions, `${m.id}-${m.version}`));
    log(`installed ${m.id} ${m.version} as a symlink to ${extensionDir}`);
  }
  return m;
}

export class Ui {
  constructor(page, run, shotsDir) {
    this.page = page; this.run = run; this.shotsDir = shotsDir; this.n = 0;
  }

  /** Runs fn as a named step: logs its time, screenshots after it (and on failure). */
  async step(name, fn) {
    const n = String(++this.n).padStart(2, '0');
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
    const t = Date.now();
    log(`step ${n}: ${name}`);
    try {
      const v = await fn();
      await this.shot(`${n}-${slug}`);
      log(`step ${n} done in ${Date.now() - t} ms`);
      return v;
    } catch (e) {
      await this.shot(`${n}-${slug}-FAILED`).catch(() => {});
      e.message = `step ${n} "${name}": ${e.message}`;
      throw e;
    }
  }

  async shot(name) {
    const f = path.join(this.shotsDir, `${name}.png`);
    await this.page.screenshot({ path: f });
    return f;
  }

  /** Waits for the workbench and the explorer of the workspace folder. */
  waitForWorkbench({ timeout = 60000 } = {}) {
    return this.step('workbench loaded', async () => {
      await this.page.waitForSelector('.monaco-workbench', { timeout });
      await this.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout });
    });
  }

  /** Opens a workspace file through Quick Open (Ctrl+P) and waits until its tab is active. */
  openFile(rel, { timeout = 30000 } = {}) {
    return this.step(`open ${rel}`, async () => {
      const p = this.page;
      await p.keyboard.press('Control+P');
      const input = p.locator('.quick-input-widget input');
      await input.waitFor({ timeout });
      await input.fill(rel);
      const base = path.basename(rel);
      await p.locator('.quick-input-list .monaco-list-row', { hasText: base }).first().waitFor({ timeout });
      await p.keyboard.press('Enter');
      await p.locator('.tabs-container .tab.active', { hasText: base }).waitFor({ timeout });
      await p.waitForSelector('.editor-instance .monaco-editor .view-lines', { timeout });
    });
  }

  /** Waits for a squiggle: severity 'error' | 'warning' | 'info' | 'hint' | 'any'. */
  waitForSquiggle(severity = 'any', { timeout = 60000 } = {}) {
    return this.step(`squiggle (${severity})`, async () => {
      await this.page.waitForSelector(squiggleSelector(severity), { timeout });
    });
  }

  /** Opens the Problems panel and waits for a row containing `text` (string or RegExp). */
  showProblems(text, { timeout = 30000 } = {}) {
    return this.step(`problems panel lists ${text}`, async () => {
      await this.page.keyboard.press('Control+Shift+M');
      const row = this.page.locator('.markers-panel .monaco-list-row', { hasText: text }).first();
      await row.waitFor({ timeout });
      return nbsp(await row.innerText()).replace(/\s+/g, ' ');
    });
  }

  /** Puts the cursor inside the index-th squiggle of the given severity (a click on its middle). */
  cursorToSquiggle(severity = 'any', index = 0, { timeout = 30000 } = {}) {
    return this.step(`cursor to ${severity} squiggle #${index}`, async () => {
      const sq = this.page.locator(squiggleSelector(severity)).nth(index);
      await sq.waitFor({ timeout });
      const box = await sq.boundingBox();
      if (!box) throw new Error('squiggle has no bounding box');
      await this.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    });
  }

  /** Moves the cursor to line:column (1-based) through Quick Open's ":line:column". */
  goTo(line, column = 1, { timeout = 30000 } = {}) {
    return this.step(`go to ${line}:${column}`, async () => {
      const p = this.page;
      await p.keyboard.press('Control+P');
      const input = p.locator('.quick-input-widget input');
      await input.waitFor({ timeout });
      await input.fill(`:${line}:${column}`);
      await p.keyboard.press('Enter');
      await p.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout });
      await p.locator('.statusbar', { hasText: `Ln ${line}, Col ${column}` }).waitFor({ timeout });
    });
  }

  /** Hovers the middle of the index-th squiggle and returns the hover's text. */
  hoverSquiggle(severity = 'any', index = 0, { timeout = 30000 } = {}) {
    return this.step(`hover ${severity} squiggle #${index}`, async () => {
      const sq = this.page.locator(squiggleSelector(severity)).nth(index);
      await sq.waitFor({ timeout });
      const box = await sq.boundingBox();
      if (!box) throw new Error('squiggle has no bounding box');
      await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
      await hover.waitFor({ timeout });
      const text = nbsp(await hover.innerText());
      log('hover:', JSON.stringify(text));
      return text;
    });
  }

  /** Waits for a notification toast whose message contains / matches `text` (string or RegExp); returns the message. */
  waitForNotification(text, { timeout = 30000 } = {}) {
    return this.step(`notification ${text}`, async () => {
      // Matched against the toast's message only: in a toast with buttons, the source and the
      // buttons come first in the DOM, so an anchored pattern (/^Hardened …$/) would never match
      // the whole toast's text.
      const message = this.page.locator('.notifications-toasts .notification-toast .notification-list-item-message', { hasText: text }).first();
      await message.waitFor({ timeout });
      return nbsp(await message.innerText()).replace(/\s+/g, ' ').trim();
    });
  }

  /** Ctrl+. at the cursor; returns the titles in the code action menu. */
  openQuickFixMenu({ timeout = 30000 } = {}) {
    return this.step('open Ctrl+. menu', async () => {
      await this.page.keyboard.press('Control+.');
      await this.page.locator('.action-widget .monaco-list-row').first().waitFor({ timeout });
      const titles = (await this.page.locator('.action-widget .monaco-list-row').allInnerTexts()).map(t => nbsp(t).trim()).filter(Boolean);
      log('code actions:', JSON.stringify(titles));
      return titles;
    });
  }

  /**
   * Picks the code action whose title matches (string or RegExp) from the open Ctrl+. menu, with
   * the keyboard as a person would (arrows + Enter; a mouse click is swallowed by the menu's
   * pointer block while it animates).
   */
  chooseAction(title, { timeout = 30000 } = {}) {
    return this.step(`choose action ${title}`, async () => {
      const p = this.page;
      const rows = p.locator('.action-widget .monaco-list-row');
      const titles = (await rows.allInnerTexts()).map(t => nbsp(t).trim());
      if (!titles.some(t => textMatches(t, title))) throw new Error(`no code action ${title} in ${JSON.stringify(titles)}`);
      const focused = p.locator('.action-widget .monaco-list-row.focused');
      for (let i = 0; i <= titles.length; i++) {
        await focused.waitFor({ timeout });
        const current = nbsp(await focused.innerText()).trim();
        if (textMatches(current, title)) {
          await p.keyboard.press('Enter');
          await p.locator('.action-widget').waitFor({ state: 'hidden', timeout });
          return;
        }
        await p.keyboard.press('ArrowDown');
        await waitUntil(async () => nbsp(await focused.innerText()).trim() !== current, { timeout: 5000, what: 'the next code action to be focused' });
      }
      throw new Error(`could not focus code action ${title} in ${JSON.stringify(titles)}`);
    });
  }

  /** F1, types the command's title, runs the entry whose label matches it exactly (or the RegExp). */
  runCommand(title, { timeout = 30000 } = {}) {
    return this.step(`F1 ${title}`, async () => {
      const p = this.page;
      await p.keyboard.press('F1');
      const input = p.locator('.quick-input-widget input');
      await input.waitFor({ timeout });
      await input.fill(`>${title instanceof RegExp ? '' : title}`);
      const rows = p.locator('.quick-input-list .monaco-list-row');
      const match = title instanceof RegExp ? title : new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
      const row = rows.filter({ has: p.locator('.label-name', { hasText: match }) }).first();
      await row.waitFor({ timeout });
      await row.click();
      await p.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout });
    });
  }

  /**
   * Waits for the Refactor Preview (VS Code's bulk edit pane) and returns its rendered rows in
   * tree order: { kind: 'file' | 'category' | 'edit', text, checked }.
   */
  refactorPreview({ timeout = 30000 } = {}) {
    return this.step('refactor preview', async () => {
      const panel = this.page.locator('.bulk-edit-panel[data-state=data]');
      await panel.waitFor({ timeout });
      await panel.locator('.monaco-list-row .edit-checkbox').first().waitFor({ timeout });
      const rows = await panel.locator('.monaco-list-row').evaluateAll((els) => els.map((el) => {
        const box = el.querySelector('.edit-checkbox');
        const kind = el.querySelector('.monaco-tl-contents.textedit') ? 'edit' : el.querySelector('.monaco-tl-contents.category') ? 'category' : 'file';
        return { kind, text: (el.textContent || '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim(), checked: box ? box.checked : null };
      }));
      log('refactor preview:', JSON.stringify(rows));
      return rows;
    });
  }

  /** Expands every collapsed row of the Refactor Preview (so each edit's row is rendered). */
  expandRefactorPreview({ timeout = 10000 } = {}) {
    return this.step('expand the refactor preview', async () => {
      const panel = this.page.locator('.bulk-edit-panel[data-state=data]');
      for (let i = 0; i < 50; i++) {
        const twisty = panel.locator('.monaco-tl-twistie.collapsible.collapsed').first();
        if (!(await twisty.count())) return;
        await twisty.click({ timeout });
      }
    });
  }

  /** Clicks a button of the Refactor Preview ('Apply' or 'Discard') and waits for the pane to empty. */
  refactorPreviewButton(label, { timeout = 30000 } = {}) {
    return this.step(`refactor preview: ${label}`, async () => {
      const panel = this.page.locator('.bulk-edit-panel[data-state=data]');
      await panel.locator('.buttons .monaco-button', { hasText: label }).first().click({ timeout });
      await this.page.locator('.bulk-edit-panel[data-state=data]').waitFor({ state: 'detached', timeout }).catch(async () => {
        await this.page.locator('.bulk-edit-panel[data-state=data]').waitFor({ state: 'hidden', timeout });
      });
    });
  }

  /** Presses keys one after the other (Playwright names: 'Control+End', 'Enter'). */
  press(...keys) {
    return this.step(`press ${keys.join(' ')}`, async () => {
      await this.page.locator('.editor-instance .monaco-editor.focused').first().waitFor({ timeout: 10000 }).catch(() => {});
      for (const k of keys) await this.page.keyboard.press(k);
    });
  }

  /**
   * Types `text` into the focused editor key by key ("\n" presses Enter), as a person would.
   * Run with `editor.autoIndent: "none"` and suggestions/auto-closing off (see TYPING_SETTINGS)
   * so that what lands in the buffer is exactly `text`.
   */
  type(text, { delay = 5, timeout = 10000 } = {}) {
    const label = text.length > 40 ? `${text.slice(0, 37)}...` : text;
    return this.step(`type ${JSON.stringify(label)}`, async () => {
      await this.page.locator('.editor-instance .monaco-editor.focused').first().waitFor({ timeout });
      await this.page.keyboard.type(text, { delay });
    });
  }

  /** Waits for a squiggle of that severity under the (primary) cursor of the active editor. */
  waitForSquiggleAtCursor(severity = 'any', { timeout = 60000 } = {}) {
    return this.step(`${severity} squiggle at the cursor`, async () => {
      const sel = squiggleSelector(severity).split(', ').map(x => x.replace('.monaco-editor', '.editor-instance .monaco-editor')).join(', ');
      await waitUntil(() => this.page.evaluate((sel) => {
        const c = document.querySelector('.editor-instance .monaco-editor .cursors-layer .cursor');
        if (!c) return false;
        const cr = c.getBoundingClientRect();
        return [...document.querySelectorAll(sel)].some((e) => {
          const r = e.getBoundingClientRect();
          return r.left <= cr.left + 1 && cr.left <= r.right && r.top < cr.bottom && cr.top < r.bottom;
        });
      }, sel), { timeout, what: `a ${severity} squiggle under the cursor` });
    });
  }

  /**
   * Screenshot of part of the page: the union of the elements' boxes (plus `pad` pixels right
   * and below), its bottom taken from the `bottom` selectors only when given, cut at `maxWidth`
   * / `maxHeight`. Returns { file, bytes }.
   */
  async clipShot(file, selectors, { bottom: bottomSelectors, pad = 8, maxWidth = 1100, maxHeight = 800 } = {}) {
    const boxesOf = async (sels) => {
      const boxes = [];
      for (const sel of sels) {
        const loc = this.page.locator(sel).first();
        if (await loc.count()) { const b = await loc.boundingBox(); if (b) boxes.push(b); }
      }
      return boxes;
    };
    const boxes = await boxesOf(selectors);
    if (!boxes.length) throw new Error(`nothing to screenshot: none of ${selectors.join(', ')} is visible`);
    const lows = bottomSelectors ? await boxesOf(bottomSelectors) : boxes;
    const x = Math.max(0, Math.min(...boxes.map(b => b.x)) - pad), y = Math.max(0, Math.min(...boxes.map(b => b.y)));
    const right = Math.max(...boxes.map(b => b.x + b.width)) + pad, bottom = Math.max(...(lows.length ? lows : boxes).map(b => b.y + b.height)) + pad;
    const clip = { x, y, width: Math.min(right - x, maxWidth), height: Math.min(bottom - y, maxHeight) };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file, clip });
    const bytes = fs.statSync(file).size;
    log(`screenshot ${file} (${Math.round(clip.width)}x${Math.round(clip.height)}, ${Math.round(bytes / 1024)} KB)`);
    return { file, bytes };
  }

  /** Polls the active editor's rendered text until it contains `want` (string or RegExp). */
  waitForEditorText(want, { timeout = 30000 } = {}) {
    return this.step(`editor shows ${want}`, async () => {
      const lines = this.page.locator('.editor-instance .monaco-editor .view-lines').first();
      await waitUntil(async () => textMatches(nbsp(await lines.innerText()), want), { timeout, what: `editor text ${want}` });
    });
  }

  /** Waits until no squiggle of that severity is left in the active editor. */
  waitForNoSquiggle(severity = 'any', { timeout = 30000 } = {}) {
    return this.step(`no ${severity} squiggle`, async () => {
      await waitUntil(async () => (await this.page.locator(squiggleSelector(severity)).count()) === 0, { timeout, what: `no ${severity} squiggle` });
    });
  }

  /** Ctrl+S in the editor and waits for the active tab to be clean. */
  save({ timeout = 30000 } = {}) {
    return this.step('save', async () => {
      await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout });
      await this.page.keyboard.press('Control+S');
      await waitUntil(async () => (await this.page.locator('.tabs-container .tab.active.dirty').count()) === 0, { timeout, what: 'the active tab to be saved' });
    });
  }

  /** Polls the workspace file on disk until it is exactly `want`; fails with a diff otherwise. */
  assertFileOnDiskEquals(rel, want, { timeout = 15000 } = {}) {
    return this.step(`file on disk ${rel} is exact`, async () => {
      const file = path.join(this.run.workspace, rel);
      let text = '';
      try {
        await waitUntil(() => (text = fs.readFileSync(file, 'utf8')) === want, { timeout, what: `${rel} on disk to equal the expected text` });
      } catch (e) {
        assert.strictEqual(text, want, `${e.message}\n--- ${rel} on disk ---\n${text}`);
      }
      log(`${rel} on disk (${text.length} chars) is exactly as expected`);
      return text;
    });
  }

  /**
   * Polls the workspace file on disk until `check` holds: a string it must contain, a RegExp,
   * or a function (text) => boolean (which may also assert). Returns the text.
   */
  assertFileOnDisk(rel, check, { timeout = 15000 } = {}) {
    return this.step(`file on disk ${rel}`, async () => {
      const file = path.join(this.run.workspace, rel);
      const ok = t => (typeof check === 'function' ? check(t) !== false : textMatches(t, check));
      let text = '';
      try {
        await waitUntil(() => { text = fs.readFileSync(file, 'utf8'); return ok(text); }, { timeout, what: `${rel} on disk to match ${check}` });
      } catch (e) {
        throw new Error(`${e.message}\n--- ${rel} on disk ---\n${text}`);
      }
      log(`${rel} on disk:\n${text}`);
      return text;
    });
  }
}

/**
 * Runs a UI scenario end to end: fresh run folder and workspace copy, extension installed,
 * code-server + Chromium, the scenario's steps, cleanup. Returns the process exit code.
 */
export async function runUiScenario(scenario, { name = 'ui', extensionDir = EXTENSION, settings = {} } = {}) {
  const shotsDir = path.join(OUTPUT, name);
  fs.rmSync(shotsDir, { recursive: true, force: true });
  fs.mkdirSync(shotsDir, { recursive: true });
  let run, ok = false;
  try {
    checkPrerequisites();
    run = createRun(name, { settings });
    stopOnSignals(run);
    installExtension(run, extensionDir);
    const cs = await startCodeServer(run);
    const { page } = await launchBrowser(run);
    page.setDefaultTimeout(30000);
    await page.goto(workbenchUrl(cs, run.workspace));
    const ui = new Ui(page, run, shotsDir);
    await ui.waitForWorkbench();
    await scenario(ui, { assert, run, extensionDir });
    ok = true;
  } catch (e) {
    console.error(`\nUI FAILED: ${e?.message ?? e}\n${String(e?.stack ?? '').split('\n').filter(l => /^\s+at /.test(l)).join('\n')}`);
    if (run) {
      console.error(`screenshots: ${shotsDir}\ncode-server log tail:\n${tail(run.csLog, 20)}`);
      // The extension host's own log (activation errors, crashes) and the extensions' output channels.
      const logs = fs.existsSync(path.join(run.userData, 'logs')) ? fs.readdirSync(path.join(run.userData, 'logs'), { recursive: true }) : [];
      for (const f of logs.filter(f => /exthost\d*[\\/](remoteexthost\.log$|output_logging_)/.test(f) && f.endsWith('.log')))
        console.error(`--- ${f} ---\n${tail(path.join(run.userData, 'logs', f), 30)}`);
    }
  } finally {
    if (run) { await stopRun(run); finishRun(run, ok); }
  }
  log(ok ? `UI PASSED (screenshots in ${shotsDir})` : 'UI FAILED');
  console.log(`ui: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
  return ok ? 0 : 1;
}
