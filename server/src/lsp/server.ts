/**
 * The Container Signals language server: LSP wiring only. Works over IPC (the extension) and
 * `--stdio` (the protocol tests, other editors). The logic lives next to this file:
 * validation.ts (diagnostics), code-actions.ts, commands.ts (harden), hover.ts, settings.ts.
 *
 * initializationOptions (all optional): { debounceMs?: number, settings?: object } — `settings`
 * is used when the client cannot answer `workspace/configuration`.
 */
import * as path from 'node:path';
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  type InitializeParams, type InitializeResult, type ExecuteCommandParams, type Hover, type CodeAction,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SettingsCache, SECTION } from './settings';
import { Workspace, describeSkip, pathToUri, uriToPath, skipReason } from './workspace';
import { readText } from '../files/read';
import { Validator, DEFAULT_DEBOUNCE_MS, lintTarget } from './validation';
import { codeActions, CODE_ACTION_KINDS } from './code-actions';
import {
  SERVER_COMMANDS, HARDEN_FILE_COMMAND, HARDEN_WORKSPACE_COMMAND, HardenResponse, hardenFile, hardenWorkspaceEdit, WorkspaceFile, suggestionsClause,
  SIGNAL_PATH_COMMAND, SignalPathArgs, SignalPathResponse, signalPathCommand,
} from './commands';
import { stopPathAt, hoverMarkdown } from './hover';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const workspace = new Workspace();
let canPullConfiguration = false;
let canAnnotateChanges = false;
let workspaceFoldersSupported = false;
let fallbackSettings: unknown;
const settings = new SettingsCache(async (uri) => {
  if (!canPullConfiguration) return fallbackSettings;
  const [s] = await connection.workspace.getConfiguration([{ scopeUri: uri, section: SECTION }]);
  return s;
});
let validator!: Validator;

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const caps = params.capabilities ?? {};
  canPullConfiguration = !!caps.workspace?.configuration;
  canAnnotateChanges = !!caps.workspace?.workspaceEdit?.changeAnnotationSupport;
  workspaceFoldersSupported = !!caps.workspace?.workspaceFolders;
  const init = (params.initializationOptions ?? {}) as { debounceMs?: unknown; settings?: unknown };
  fallbackSettings = init.settings;
  const debounce = typeof init.debounceMs === 'number' && init.debounceMs >= 0 ? init.debounceMs : DEFAULT_DEBOUNCE_MS;
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspace.setFolders(folders);
  validator = new Validator(connection, documents, workspace, settings, debounce);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: false },
      hoverProvider: true,
      executeCommandProvider: { commands: SERVER_COMMANDS },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'container-signals' },
  };
});

connection.onInitialized(() => {
  if (workspaceFoldersSupported) {
    connection.workspace.onDidChangeWorkspaceFolders(async () => {
      const folders = (await connection.workspace.getWorkspaceFolders()) ?? [];
      workspace.setFolders(folders.map((f) => f.uri));
      validator.validateAll();
    });
  }
});

function logError(what: string, e: unknown): void {
  connection.console.error(`${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
}

// ---- documents & diagnostics ----------------------------------------------------------------
// TextDocuments fires onDidChangeContent right after onDidOpen: the open is linted at once, not debounced.
const justOpened = new Set<string>();
documents.onDidOpen((e) => {
  justOpened.add(e.document.uri);
  validator.schedule(e.document.uri, 0);
  const p = uriToPath(e.document.uri);
  if (p && validator.projects.invalidate(p)) validator.validateAll(); // the buffer now wins over the disk
  else if (p) validator.validateDependents(p, e.document.uri); // dependents now read the buffer
});
documents.onDidChangeContent((e) => {
  if (justOpened.delete(e.document.uri)) return;
  validator.schedule(e.document.uri);
  const p = uriToPath(e.document.uri);
  if (p && validator.projects.invalidate(p)) validator.validateAll(); // an edited .container-signals.yaml
  else if (p) validator.validateDependents(p, e.document.uri);
});
documents.onDidClose((e) => {
  justOpened.delete(e.document.uri);
  validator.close(e.document.uri);
  const p = uriToPath(e.document.uri);
  if (p && validator.projects.invalidate(p)) validator.validateAll();
  else if (p) validator.validateDependents(p); // dependents now read the disk again
});

// The client pushes a change notification (synchronize.configurationSection); the settings themselves are pulled.
connection.onDidChangeConfiguration(() => {
  settings.clear();
  validator.validateAll();
});

connection.onDidChangeWatchedFiles((e) => {
  let projectChanged = false;
  for (const c of e.changes) {
    const p = uriToPath(c.uri);
    if (!p) continue;
    if (validator.projects.invalidate(p)) projectChanged = true;
    else validator.validateDependents(p);
  }
  if (projectChanged) validator.validateAll();
});

// ---- code actions ---------------------------------------------------------------------------
connection.onCodeAction(async (params): Promise<CodeAction[]> => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  const version = doc.version;
  const lo = await validator.lintOptions(doc);
  if (!lo || documents.get(doc.uri)?.version !== version || skipReason(doc.getText(), lo.settings.maxFileSize, lo.opts)) return [];
  try {
    return codeActions(params, { doc, lintOptions: lo.opts, fixableCount: (rule) => validator.fixableCount(doc.uri, rule) });
  } catch (e) {
    logError(`code actions failed for ${doc.uri}`, e);
    return [];
  }
});

// ---- hover ----------------------------------------------------------------------------------
connection.onHover(async (params): Promise<Hover | null> => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const lo = await validator.lintOptions(doc);
  if (!lo || skipReason(doc.getText(), lo.settings.maxFileSize, lo.opts)) return null;
  const text = doc.getText();
  let r: ReturnType<typeof stopPathAt>;
  try {
    r = stopPathAt(text, lo.opts, doc.offsetAt(params.position), lo.opts.workspace);
  } catch (e) {
    logError(`hover failed for ${doc.uri}`, e);
    return null;
  }
  if (!r) return null;
  return {
    contents: { kind: 'markdown', value: hoverMarkdown(r) },
    range: { start: doc.positionAt(r.start), end: doc.positionAt(r.end) },
  };
});

// ---- commands -------------------------------------------------------------------------------
connection.onExecuteCommand(async (params: ExecuteCommandParams): Promise<HardenResponse | SignalPathResponse | undefined> => {
  try {
    if (params.command === SIGNAL_PATH_COMMAND) return await runSignalPath(params.arguments?.[0]);
    if (params.command === HARDEN_FILE_COMMAND) return await runHardenFile(params.arguments?.[0]);
    if (params.command === HARDEN_WORKSPACE_COMMAND) return await runHardenWorkspace((params.arguments?.[0] as { preview?: unknown } | undefined)?.preview !== false);
  } catch (e) {
    logError(`${params.command} failed`, e);
    return { status: 'failed', message: `Container Signals: ${e instanceof Error ? e.message : String(e)}` };
  }
  return undefined;
});

async function runSignalPath(arg: unknown): Promise<SignalPathResponse> {
  const { uri, position, name } = (arg ?? {}) as SignalPathArgs;
  const doc = uri ? documents.get(uri) : undefined;
  const p = uri ? uriToPath(uri) : undefined;
  if (!uri || !doc || !p || !lintTarget(doc)) {
    return { status: 'notManifest', message: `${uri ? path.basename(p ?? uri) : 'This file'} is not a Compose file, Kubernetes manifest or Dockerfile: no signal path to show.` };
  }
  const lo = await validator.lintOptions(doc);
  if (!lo) return { status: 'disabled', message: 'Container Signals is disabled for this file (containerSignals.enable).' };
  const text = doc.getText();
  const skip = skipReason(text, lo.settings.maxFileSize);
  if (skip) return { status: 'skipped', message: `Container Signals skips this file: ${describeSkip(skip, lo.settings.maxFileSize)}.` };
  const folder = workspace.folderPaths.find((f) => p.startsWith(f + path.sep));
  return signalPathCommand({
    text, path: lo.opts.path, languageId: lo.opts.languageId, reader: lo.opts.workspace, root: folder,
    offset: position ? doc.offsetAt(position) : undefined, name: typeof name === 'string' ? name : undefined,
    composeProjects: lo.opts.config?.composeProjects,
  });
}

async function runHardenFile(arg: unknown): Promise<HardenResponse> {
  const { uri, version } = (arg ?? {}) as { uri?: string; version?: number };
  const doc = uri ? documents.get(uri) : undefined;
  if (!uri || !doc) {
    const name = uri ? path.basename(uriToPath(uri) ?? uri) : 'This file';
    return { status: 'notManifest', message: `${name} is not a Compose file, Kubernetes manifest or Dockerfile: nothing to harden.` };
  }
  if (typeof version === 'number' && version !== doc.version) {
    return { status: 'stale', message: 'The document changed while Harden signals was starting: run it again.' };
  }
  if (!lintTarget(doc)) return { status: 'notManifest', message: `${path.basename(uriToPath(uri) ?? uri)} is not a Compose file, Kubernetes manifest or Dockerfile: nothing to harden.` };
  const lo = await validator.lintOptions(doc);
  if (!lo) return { status: 'disabled', message: 'Container Signals is disabled for this file (containerSignals.enable).' };
  const text = doc.getText();
  const skip = skipReason(text, lo.settings.maxFileSize, lo.opts);
  if (skip) return { status: 'skipped', message: `Container Signals skips this file: ${describeSkip(skip, lo.settings.maxFileSize)}.` };
  const docVersion = doc.version;
  const { response, edit } = hardenFile({ uri, version: docVersion, text, opts: lo.opts });
  if (!edit) return response;
  if (documents.get(uri)?.version !== docVersion) return { status: 'stale', message: 'The document changed while Harden signals was running: run it again.' };
  const r = await connection.workspace.applyEdit({ label: 'Harden signals', edit });
  if (!r.applied) return { status: 'failed', message: `Harden signals could not apply its changes${r.failureReason ? `: ${r.failureReason}` : ''}.` };
  return response;
}

/** `preview` (default true): annotate every edit with needsConfirmation so the editor shows its refactor preview. */
async function runHardenWorkspace(preview: boolean): Promise<HardenResponse> {
  const folders = workspace.folderPaths;
  if (!folders.length) return { status: 'nothing', message: 'Harden signals in workspace needs an open folder.' };
  const paths = await workspace.walk();
  const open = new Map<string, ReturnType<typeof documents.get>>();
  for (const d of documents.all()) { const p = uriToPath(d.uri); if (p) open.set(p, d); }
  const files: WorkspaceFile[] = [];
  for (const p of paths) {
    if (!workspace.contains(p)) continue;
    const doc = open.get(p);
    const uri = doc?.uri ?? pathToUri(p);
    const target = doc ? lintTarget(doc) : { path: p, languageId: undefined };
    if (!target) continue;
    const lo = await validator.optionsFor(uri, target.path, target.languageId);
    if (!doc) settings.delete(uri); // cache settings for open documents only
    if (!lo) continue;
    const max = lo.settings.maxFileSize;
    const text = doc ? doc.getText() : readText(p, max);
    if (text === undefined || skipReason(text, max, lo.opts)) continue;
    files.push({ uri, path: p, version: doc ? doc.version : null, text, opts: lo.opts });
  }
  const root = (p: string) => {
    const f = folders.find((x) => p.startsWith(x + path.sep));
    return f ? path.relative(folders.length > 1 ? path.dirname(f) : f, p) : p;
  };
  const { edit, changed, summaries, withheld, suggestions } = hardenWorkspaceEdit(files, root, preview && canAnnotateChanges);
  // Files whose findings have fixes the core withholds: named, with why.
  const notHardened = withheld.length ? ` Not hardened: ${withheld.slice(0, 3).join('; ')}${withheld.length > 3 ? `; and ${withheld.length - 3} more` : ''}.` : '';
  const toReview = suggestionsClause(suggestions.length, new Set(suggestions.map((s) => s.uri)).size);
  const withSuggestions = suggestions.length ? { suggestions } : {};
  if (!edit) return { status: 'nothing', message: `Nothing to harden in the workspace (${files.length} manifest${files.length === 1 ? '' : 's'} checked).${toReview}${notHardened}`, files: 0, ...withSuggestions };
  // isRefactoring (LSP 3.18 metadata): VS Code then saves the changed files after Apply when
  // files.refactoring.autoSave is on (its default), as the CLI's --fix writes them.
  const r = await connection.workspace.applyEdit({ label: 'Harden signals in workspace', edit, ...(preview ? { metadata: { isRefactoring: true } } : {}) });
  if (!r.applied) {
    return { status: r.failureReason ? 'failed' : 'cancelled', message: r.failureReason ? `Harden signals in workspace failed: ${r.failureReason}` : 'Harden signals in workspace: no changes were applied.' };
  }
  return {
    status: 'applied',
    message: `Hardened ${changed.length} file${changed.length === 1 ? '' : 's'}: ${summaries.slice(0, 5).join('; ')}${summaries.length > 5 ? `; and ${summaries.length - 5} more` : ''}.${toReview}${notHardened}`,
    changes: changed.map((f) => root(f.path)),
    files: changed.length,
    ...withSuggestions,
  };
}

documents.listen(connection);
connection.listen();
