/**
 * The language server under bad input and under stress (a real LSP client over stdio):
 *   - a Go/Helm template gets ONE information diagnostic on line 1 saying it is skipped;
 *   - `containerSignals.maxFileSize` (per resource): larger documents get one information
 *     diagnostic, a larger limit lints them; the server keeps serving after each;
 *   - 1,000 rapid incremental edits to a large document: the last publish matches the core's
 *     lint of the final text, published versions never go back (no stale result after a newer
 *     one), and the server's memory (VmRSS) stays bounded across two such bursts;
 *   - a rule that throws (the Validator with a fake connection, and one more rule pushed into
 *     this test bundle's registry — no product hook): logged with the rule id, the other rules'
 *     diagnostics still published.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocuments, Connection } from 'vscode-languageserver/node';
import { LspClient, uriOf } from './lsp-client';
import { analyze } from '../../server/src/core/lint';
import { rules } from '../../server/src/core/rules';
import { defineRule, type Rule } from '../../server/src/core/rule';
import { Validator } from '../../server/src/lsp/validation';
import { Workspace } from '../../server/src/lsp/workspace';
import { SettingsCache } from '../../server/src/lsp/settings';

const DEBOUNCE = 20;
/** The stress test's server heap (--max-old-space-size) and its number of 1,000-edit bursts. */
const HEAP_MB = 96;
const BURSTS = 4;
const text = (m: unknown): string => (typeof m === 'string' ? m : (m as { value: string }).value);
const SEV = { error: 1, warning: 2, information: 3, hint: 4 } as const;

const HELM = `{{- if .Values.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: app
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
{{- end }}
`;
const DIRTY = 'services:\n  api:\n    image: example/api:1.0\n    user: root\n';

/** The server's RSS in kB (Linux), or undefined. */
function rssKb(pid: number | undefined): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch { return undefined; }
}

describe('language server: bad input and stress', () => {
  let c: LspClient;
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-robust-')));
  const ws = path.join(root, 'ws');
  fs.mkdirSync(ws);
  const u = (rel: string) => uriOf(path.join(ws, rel));

  before(async () => { c = await LspClient.start({ folders: [ws], initializationOptions: { debounceMs: DEBOUNCE } }); });
  after(async () => { await c?.stop(); fs.rmSync(root, { recursive: true, force: true }); });

  it('a Go/Helm template: one information diagnostic on line 1, nothing else; harden says it is skipped', async () => {
    for (const [rel, languageId] of [['chart/templates/deployment.yaml', 'yaml'], ['tpl/docker-compose.yml', 'dockercompose']] as const) {
      const uri = u(rel);
      const content = languageId === 'yaml' ? HELM : `services:\n  api:\n    image: "{{ .Values.image }}"\n    user: root\n`;
      await c.open(uri, languageId, content);
      const ds = await c.diagnostics(uri, 1);
      assert.equal(ds.length, 1, JSON.stringify(ds));
      assert.equal(ds[0].severity, 3);
      assert.deepEqual(ds[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
      assert.match(text(ds[0].message), /skipped this file: it is a Go\/Helm template/);
      assert.equal((await c.executeCommand('containerSignals.server.hardenFile', [{ uri, version: 1 }])).status, 'skipped');
      assert.equal(await c.hover(uri, 4, 3), null);
      await c.close(uri);
    }
    assert.ok(c.logs.some((l) => /skipped .*deployment\.yaml: a Go\/Helm template/.test(l)));
    // A template helper that is no manifest at all (`_helpers.tpl` opened as YAML): silent.
    const helper = u('chart/templates/_helpers.yaml');
    await c.open(helper, 'yaml', '{{- define "app.fullname" -}}\n{{ .Release.Name }}\n{{- end }}\n');
    assert.deepEqual(await c.diagnostics(helper, 1), []);
    // Docker's own Go templates ({{.Name}}) are not Helm: the file is linted.
    const tagged = u('tagged/docker-compose.yml');
    await c.open(tagged, 'dockercompose', `${DIRTY}    logging:\n      options:\n        tag: "{{.Name}}"\n`);
    assert.ok((await c.diagnostics(tagged, 1)).some((d) => d.code === 'compose/root-user'));
    for (const x of [helper, tagged]) await c.close(x);
  });

  it('containerSignals.maxFileSize: one information diagnostic over the limit, a larger limit lints; the server keeps serving', async () => {
    const small = u('limits/small/docker-compose.yml');
    const large = u('limits/large/docker-compose.yml');
    const dflt = u('limits/default/docker-compose.yml');
    c.settingsByUri.set(small, { maxFileSize: 1000 });
    c.settingsByUri.set(large, { maxFileSize: 4 * 1024 * 1024 });
    const padded = (n: number) => DIRTY + `# ${'x'.repeat(n)}\n`;
    await c.open(small, 'dockercompose', padded(3000));
    const sd = await c.diagnostics(small, 1);
    assert.equal(sd.length, 1);
    assert.equal(sd[0].severity, 3);
    assert.match(text(sd[0].message), /larger than 1000 bytes \(containerSignals\.maxFileSize\)/);
    const big = padded(2.5 * 1024 * 1024);
    await c.open(dflt, 'dockercompose', big);
    assert.match(text((await c.diagnostics(dflt, 1, 30000))[0].message), /skipped this file: it is larger than 2 MB\.$/);
    await c.open(large, 'dockercompose', big);
    const ld = await c.diagnostics(large, 1, 30000);
    assert.ok(ld.some((d) => d.code === 'compose/root-user'), 'linted under the larger limit');
    assert.equal((await c.executeCommand('containerSignals.server.hardenFile', [{ uri: small, version: 1 }])).status, 'skipped');
    // Shrinking the document under the limit lints it.
    const v = await c.change(small, DIRTY);
    assert.ok((await c.diagnostics(small, v)).some((d) => d.code === 'compose/root-user'));
    const ok = u('limits/ok/docker-compose.yml');
    await c.open(ok, 'dockercompose', DIRTY);
    assert.ok((await c.diagnostics(ok, 1)).length > 0, 'still serving');
    for (const x of [small, large, dflt, ok]) await c.close(x);
  });

  it('1,000 rapid incremental edits: the last publish matches the final text, versions never go back, memory stays bounded', async (t) => {
    // A server of its own with a small heap: a leak of the documents' versions would run it out of memory.
    const c = await LspClient.start({ folders: [ws], initializationOptions: { debounceMs: DEBOUNCE }, execArgv: [`--max-old-space-size=${HEAP_MB}`] });
    t.after(() => c.stop());
    const service = (i: number) => `  svc-${i}:\n    image: example/app:${i}\n    user: ${i % 3 ? '"1000"' : 'root'}\n    command: sh -c "./migrate && ./app-${i}"\n    init: ${i % 2 ? 'true' : 'false'}\n    cap_add: [NET_ADMIN${i % 5 ? '' : ', SYS_PTRACE'}]\n`;
    const initial = 'services:\n' + Array.from({ length: 1700 }, (_, i) => service(i)).join('');
    const uri = u('stress/docker-compose.yml');
    const lintPath = path.join(ws, 'stress/docker-compose.yml');
    let local = TextDocument.create(uri, 'dockercompose', 1, initial);
    await c.open(uri, 'dockercompose', initial);
    await c.diagnostics(uri, 1, 60000);
    let seed = 12345;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    type Change = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string };
    const burst = async () => {
      let v = c.version(uri);
      const send = async (change: Change) => {
        v = await c.change(uri, [change]);
        local = TextDocument.update(local, [change], v);
      };
      for (let i = 0; i < 1000; i++) {
        const line = 1 + rnd(local.lineCount - 2);
        const lineText = local.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
        const end = lineText.length;
        const at = (character: number) => ({ line, character });
        // A plain scalar value: typing or deleting at its end keeps the YAML valid.
        const isPlain = (l: string) => /^\s+[a-z_]+: [A-Za-z0-9./][^"'[\]{}#]*[A-Za-z0-9./]$/.test(l);
        const plain = isPlain(lineText);
        const noop = { range: { start: at(end), end: at(end) }, text: '' };
        switch (rnd(6)) {
          case 0: await send(plain ? { range: { start: at(end), end: at(end) }, text: 'x' } : noop); break; // typing
          case 1: await send(isPlain(lineText.slice(0, -1)) ? { range: { start: at(end - 1), end: at(end) }, text: '' } : noop); break; // backspace
          case 2: await send({ range: { start: at(0), end: at(0) }, text: '    # note\n' }); break;
          case 3: {
            const u2 = lineText.indexOf('user: ');
            await send(u2 >= 0 ? { range: { start: at(u2 + 6), end: at(end) }, text: rnd(2) ? 'root' : '"1000"' } : { range: { start: at(end), end: at(end) }, text: ' ' });
            break;
          }
          case 4: { // break the document for one version, then mend it
            await send({ range: { start: at(0), end: at(0) }, text: '{[' });
            i++;
            await send({ range: { start: at(0), end: at(2) }, text: '' });
            break;
          }
          default: await send({ range: { start: at(end), end: at(end) }, text: '\n' }); // an empty line
        }
        if (i % 97 === 0) await new Promise((r) => setTimeout(r, rnd(3) * DEBOUNCE)); // let some validations run in between
      }
      return v;
    };
    const before = rssKb(c.proc.pid);
    const t0 = performance.now();
    const v1 = await burst();
    const last1 = await c.diagnostics(uri, v1, 60000);
    const burstMs = performance.now() - t0;
    const mid = rssKb(c.proc.pid);
    let v2 = v1;
    for (let b = 0; b < BURSTS - 1; b++) v2 = await burst();
    const last2 = await c.diagnostics(uri, v2, 60000);
    const after2 = rssKb(c.proc.pid);
    // The last publish is the core's lint of the final text.
    const expected = analyze(local.getText(), { path: lintPath, languageId: 'dockercompose' }).findings.filter((f) => !f.suppressed)
      .map((f) => ({ code: f.rule, range: f.range, message: f.message, severity: SEV[f.severity] }));
    const got = (ds: Diagnostic[]) => ds.map((d) => ({ code: String(d.code), range: d.range, message: text(d.message), severity: d.severity }));
    assert.deepEqual(got(last2), expected);
    assert.ok(last1.length > 100 && last2.length > 100, `${last1.length}, ${last2.length} diagnostics`);
    // Versions of the publishes never go back (nothing stale after something newer).
    const versions = (c.published.get(uri) ?? []).map((p) => p.version ?? -1);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `publish ${i}: v${versions[i]} after v${versions[i - 1]}`);
    assert.equal(versions[versions.length - 1], v2);
    const msg = `stress: ${BURSTS} × 1,000 edits on a ${initial.split('\n').length}-line compose file (${(initial.length / 1024).toFixed(0)} KB), ${versions.length} publishes; first burst + final lint ${burstMs.toFixed(0)} ms; server heap limit ${HEAP_MB} MB; RSS ${before} → ${mid} → ${after2} kB`;
    t.diagnostic(msg);
    console.log(`# ${msg}`);
    if (after2 !== undefined) assert.ok(after2 < (HEAP_MB + 150) * 1024, `RSS ${after2} kB`);
    assert.equal(c.proc.exitCode, null, 'the server is still running');
    await c.close(uri);
  });
});

describe('a rule that throws inside the language server (Validator, fake connection)', () => {
  /** Test-only: one more rule in this test bundle's registry, whose check throws. */
  const crash = defineRule({
    meta: { id: 'compose/test-crash', target: 'compose', presets: { recommended: 'warning', strict: 'warning' }, description: 'test', fixable: false, messages: { x: 'x' } },
    check() { throw new RangeError('boom inside a rule'); },
  }) as unknown as Rule;

  it('is logged once with the rule id; the other rules\' diagnostics are published', async () => {
    const errors: string[] = [];
    const sent: { uri: string; version?: number; diagnostics: Diagnostic[] }[] = [];
    const connection = {
      console: { error: (m: string) => errors.push(m), info: () => undefined, log: () => undefined, warn: () => undefined },
      sendDiagnostics: async (p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => { sent.push(p); },
    } as unknown as Connection;
    // A text linted nowhere else in this process (the core keeps per-document results, by text).
    const doc = TextDocument.create('file:///ws/docker-compose.yml', 'dockercompose', 1, `${DIRTY}# validator crash test\n`);
    const documents = { get: (uri: string) => (uri === doc.uri ? doc : undefined), all: () => [doc] } as unknown as TextDocuments<TextDocument>;
    const validator = new Validator(connection, documents, new Workspace(), new SettingsCache(async () => ({})), 0);
    (rules as Rule[]).push(crash);
    try {
      await validator.validate(doc.uri);
      await validator.validate(doc.uri);
    } finally {
      (rules as Rule[]).splice((rules as Rule[]).indexOf(crash), 1);
    }
    assert.equal(errors.length, 1, 'logged once per document and error');
    assert.match(errors[0], /^rule compose\/test-crash crashed on file:\/\/\/ws\/docker-compose\.yml \(its findings are missing; the other rules ran\): RangeError: boom inside a rule/);
    assert.equal(sent.length, 2);
    const codes = sent[1].diagnostics.map((d) => String(d.code));
    assert.ok(codes.includes('compose/root-user') && codes.includes('compose/missing-init'), codes.join(', '));
    assert.ok(!codes.includes('compose/test-crash'));
  });
});
