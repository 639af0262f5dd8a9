/**
 * A small real LSP client for the protocol tests: spawns the bundled server (`node dist/server.js
 * --stdio`), speaks JSON-RPC over its stdio with vscode-languageserver-protocol, answers
 * `workspace/configuration` from per-URI settings the test controls, records (and answers)
 * `workspace/applyEdit`, and lets tests await `publishDiagnostics` with a timeout (no sleeps).
 */
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, ProtocolConnection,
  InitializeRequest, InitializedNotification, ShutdownRequest, ExitNotification,
  ConfigurationRequest, ApplyWorkspaceEditRequest, RegistrationRequest, UnregistrationRequest,
  PublishDiagnosticsNotification, LogMessageNotification, ShowMessageNotification, WorkDoneProgressCreateRequest,
  DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification,
  DidChangeConfigurationNotification, CodeActionRequest, HoverRequest, ExecuteCommandRequest,
  type PublishDiagnosticsParams, type ApplyWorkspaceEditParams, type ApplyWorkspaceEditResult,
  type TextDocumentContentChangeEvent, type CodeAction, type Command, type Diagnostic, type Hover, type Range,
  type TextEdit, type WorkspaceEdit, type ClientCapabilities,
} from 'vscode-languageserver-protocol/node';
import { pathToFileURL } from 'node:url';

/** The repository root (the folder with package.json), found from this (bundled) file. */
export function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'server'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`repository root not found above ${__dirname}`);
}

export const SERVER = path.join(repoRoot(), 'dist/server.js');

export const uriOf = (p: string): string => pathToFileURL(p).href;

const CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    applyEdit: true,
    didChangeConfiguration: { dynamicRegistration: false },
    workspaceEdit: { documentChanges: true, changeAnnotationSupport: { groupsOnLabel: true }, resourceOperations: ['create', 'rename', 'delete'] },
    executeCommand: { dynamicRegistration: false },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } },
    codeAction: {
      dataSupport: true, isPreferredSupport: true,
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.fixAll', 'source.organizeImports'] } },
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

export interface StartOptions {
  folders: string[];
  initializationOptions?: Record<string, unknown>;
  /** Does the client answer workspace/configuration? (default true) */
  configuration?: boolean;
  /** Node options before the server script (e.g. `--require` of a tracing preload). */
  execArgv?: string[];
  /** Extra environment variables of the server process. */
  env?: Record<string, string>;
  /** Another server bundle (e.g. one with test-only rules); default dist/server.js. */
  server?: string;
}

export class LspClient {
  readonly conn: ProtocolConnection;
  /** Every publishDiagnostics per URI, in arrival order. */
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  readonly applyEdits: ApplyWorkspaceEditParams[] = [];
  readonly logs: string[] = [];
  readonly stderr: string[] = [];
  /** Settings returned for `workspace/configuration` (section containerSignals): default and per URI. */
  settings: Record<string, unknown> = {};
  settingsByUri = new Map<string, Record<string, unknown>>();
  /** What the client answers to workspace/applyEdit. */
  applyEditResult: ApplyWorkspaceEditResult = { applied: true };
  private waiters: { check: () => boolean }[] = [];
  private versions = new Map<string, number>();
  private exited = false;

  private constructor(readonly proc: ChildProcess) {
    this.conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    proc.stderr!.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    proc.on('exit', () => { this.exited = true; this.notify(); });
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const list = this.published.get(p.uri) ?? [];
      list.push(p);
      this.published.set(p.uri, list);
      this.notify();
    });
    this.conn.onNotification(LogMessageNotification.type, (p) => { this.logs.push(p.message); this.notify(); });
    this.conn.onNotification(ShowMessageNotification.type, (p) => { this.logs.push(`[show] ${p.message}`); });
    this.conn.onRequest(ConfigurationRequest.type, (p) => p.items.map((i) => (i.section === 'containerSignals' ? this.settingsFor(i.scopeUri) : null)));
    this.conn.onRequest(ApplyWorkspaceEditRequest.type, (p) => { this.applyEdits.push(p); this.notify(); return this.applyEditResult; });
    this.conn.onRequest(RegistrationRequest.type, () => undefined);
    this.conn.onRequest(UnregistrationRequest.type, () => undefined);
    this.conn.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    this.conn.listen();
  }

  static async start(o: StartOptions): Promise<LspClient> {
    const server = o.server ?? SERVER;
    if (!fs.existsSync(server)) throw new Error(`${server} is missing: run npm run build`);
    const proc = spawn(process.execPath, [...(o.execArgv ?? []), server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: o.env ? { ...process.env, ...o.env } : undefined });
    const c = new LspClient(proc);
    const caps: ClientCapabilities = o.configuration === false ? { ...CAPABILITIES, workspace: { ...CAPABILITIES.workspace, configuration: false } } : CAPABILITIES;
    const init = await c.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: o.folders[0] ? uriOf(o.folders[0]) : null,
      workspaceFolders: o.folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      capabilities: caps,
      initializationOptions: o.initializationOptions,
    });
    c.initializeResult = init;
    await c.conn.sendNotification(InitializedNotification.type, {});
    return c;
  }

  initializeResult: unknown;

  settingsFor(uri: string | undefined): Record<string, unknown> {
    return (uri && this.settingsByUri.get(uri)) || this.settings;
  }

  /** Changes the settings and tells the server (it re-pulls them). */
  async setSettings(s: Record<string, unknown>, uri?: string): Promise<void> {
    if (uri) this.settingsByUri.set(uri, s); else this.settings = s;
    await this.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  private notify(): void {
    this.waiters = this.waiters.filter((w) => !w.check());
  }

  /** Resolves with fn()'s first truthy value; rejects after `timeout` ms with `what`. */
  waitFor<T>(fn: () => T | undefined | false, what: string, timeout = 10000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const first = fn();
      if (first) { resolve(first); return; }
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeout} ms waiting for ${what}; server stderr: ${this.stderr.join('').slice(-2000)}; logs: ${this.logs.slice(-10).join(' | ')}`));
      }, timeout);
      const waiter = {
        check: () => {
          if (this.exited) { clearTimeout(timer); reject(new Error(`server exited while waiting for ${what}: ${this.stderr.join('').slice(-2000)}`)); return true; }
          const v = fn();
          if (!v) return false;
          clearTimeout(timer);
          resolve(v);
          return true;
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** The diagnostics published for `uri` at `version` (default: the version last sent). */
  diagnostics(uri: string, version = this.versions.get(uri), timeout?: number): Promise<Diagnostic[]> {
    return this.waitFor(() => {
      const list = this.published.get(uri) ?? [];
      for (let i = list.length - 1; i >= 0; i--) if (list[i].version === version) return list[i].diagnostics;
      return undefined;
    }, `diagnostics for ${path.basename(uri)} v${version}`, timeout);
  }

  /** The next publish for `uri` after `count` publishes (e.g. the empty one after close). */
  nextPublish(uri: string, count: number, timeout?: number): Promise<PublishDiagnosticsParams> {
    return this.waitFor(() => (this.published.get(uri) ?? [])[count], `publish #${count + 1} for ${path.basename(uri)}`, timeout);
  }

  publishCount(uri: string): number { return (this.published.get(uri) ?? []).length; }

  version(uri: string): number { return this.versions.get(uri) ?? 0; }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Sends a change (incremental edits, or the whole text) and returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[] | string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    const contentChanges = typeof changes === 'string' ? [{ text: changes }] : changes;
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<(CodeAction | Command)[] | null> {
    return this.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, only } });
  }

  hover(uri: string, line: number, character: number): Promise<Hover | null> {
    return this.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
  }

  executeCommand(command: string, args: unknown[]): Promise<any> {
    return this.conn.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      try {
        await Promise.race([this.conn.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
        await this.conn.sendNotification(ExitNotification.type);
      } catch { /* already gone */ }
      await Promise.race([new Promise((r) => this.proc.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
      if (!this.exited) this.proc.kill();
    }
    this.conn.dispose();
  }
}

/** Applies LSP text edits to a text (a small, independent applier for assertions). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') { starts.push(i + 2); i++; }
    else if (text[i] === '\n' || text[i] === '\r') starts.push(i + 1);
  }
  const off = (p: { line: number; character: number }) => (p.line >= starts.length ? text.length : Math.min(starts[p.line] + p.character, text.length));
  const sorted = edits.map((e) => ({ s: off(e.range.start), e: off(e.range.end), t: e.newText })).sort((a, b) => a.s - b.s || a.e - b.e);
  let out = '', pos = 0;
  for (const e of sorted) {
    if (e.s < pos) throw new Error(`overlapping edits at ${e.s}`);
    out += text.slice(pos, e.s) + e.t;
    pos = e.e;
  }
  return out + text.slice(pos);
}

/** The edits a WorkspaceEdit makes to `uri`, checking they are versioned documentChanges. */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): { version: number | null; edits: TextEdit[] } {
  if (!edit?.documentChanges) throw new Error('expected documentChanges');
  const changes = edit.documentChanges.filter((c): c is Extract<typeof c, { textDocument: unknown }> => 'textDocument' in c && c.textDocument.uri === uri);
  if (changes.length !== 1) throw new Error(`expected one TextDocumentEdit for ${uri}, got ${changes.length}`);
  return { version: changes[0].textDocument.version, edits: changes[0].edits as TextEdit[] };
}

export const isCodeAction = (a: CodeAction | Command): a is CodeAction => typeof (a as CodeAction).kind === 'string' || 'edit' in a || 'diagnostics' in a;
