/**
 * Palette commands (category "Container Signals"). The harden commands ask the server
 * (`workspace/executeCommand`), which computes the edit and sends it back with
 * `workspace/applyEdit`; the message it returns is shown here and also returned (for tests).
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';
import { DOCUMENT_SELECTOR } from './selector';

/** Server commands (see server/src/lsp/commands.ts). */
const HARDEN_FILE = 'containerSignals.server.hardenFile';
const HARDEN_WORKSPACE = 'containerSignals.server.hardenWorkspace';
const SIGNAL_PATH = 'containerSignals.server.signalPath';

/** The read-only documents "Show signal path" opens (Markdown, shown in the Markdown preview). */
export const SIGNAL_PATH_SCHEME = 'container-signals-path';

/** What the server answers to SIGNAL_PATH (see server/src/lsp/commands.ts SignalPathResponse); `document`: the URI opened. */
export interface SignalPathResponse {
  status: string; message?: string; line?: string; markdown?: string;
  choices?: { name: string; kind: string; line: string }[];
  document?: string;
}

/** A finding left with suggestions after Harden (see server/src/lsp/commands.ts SuggestionRef). */
export interface SuggestionRef { uri: string; rule: string; message: string; line: number; character: number; titles: string[] }

export interface HardenResponse { status: string; message: string; changes?: string[]; owners?: string[]; files?: number; suggestions?: SuggestionRef[] }

/** The button of the Harden messages when suggestions are left to review. */
export const REVIEW_SUGGESTIONS = 'Review suggestions';
/** The palette-hidden command behind the button (also callable by tests): a pick list of the suggestions left. */
export const REVIEW_SUGGESTIONS_COMMAND = 'containerSignals.reviewSuggestions';

const NOT_A_MANIFEST = (name: string) => `${name} is not a Compose file, Kubernetes manifest or Dockerfile: nothing to harden.`;

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.OutputChannel): void {
  const pathDocs = new SignalPathDocuments();
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(SIGNAL_PATH_SCHEME, pathDocs));
  const show = (r: HardenResponse | undefined): HardenResponse | undefined => {
    if (!r) return r;
    if (r.status === 'failed') void vscode.window.showErrorMessage(r.message);
    else if (r.status === 'stale' || r.status === 'skipped' || r.status === 'disabled') void vscode.window.showWarningMessage(r.message);
    else if (r.suggestions?.length) {
      const left = r.suggestions;
      void vscode.window.showInformationMessage(r.message, REVIEW_SUGGESTIONS).then((b) => {
        if (b === REVIEW_SUGGESTIONS) void vscode.commands.executeCommand(REVIEW_SUGGESTIONS_COMMAND, left);
      });
    } else void vscode.window.showInformationMessage(r.message);
    return r;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('containerSignals.hardenSignals', async (): Promise<HardenResponse | undefined> => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return show({ status: 'notManifest', message: 'Open a Compose file, Kubernetes manifest or Dockerfile, then run Harden signals.' });
      const doc = editor.document;
      const name = doc.isUntitled ? doc.uri.path : doc.uri.path.split('/').pop() ?? doc.uri.toString();
      if (!vscode.languages.match(DOCUMENT_SELECTOR, doc)) return show({ status: 'notManifest', message: NOT_A_MANIFEST(name) });
      const r = await client.sendRequest(ExecuteCommandRequest.type, {
        command: HARDEN_FILE,
        arguments: [{ uri: client.code2ProtocolConverter.asUri(doc.uri), version: doc.version }],
      }) as HardenResponse | undefined;
      return show(r);
    }),
    // Optional argument { preview: false } writes without the refactor preview (for keybindings and tests).
    vscode.commands.registerCommand('containerSignals.hardenWorkspace', async (options?: { preview?: boolean }): Promise<HardenResponse | undefined> => {
      if (!vscode.workspace.workspaceFolders?.length) return show({ status: 'nothing', message: 'Harden signals in workspace needs an open folder.' });
      const r = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Container Signals: hardening the workspace' },
        () => client.sendRequest(ExecuteCommandRequest.type, { command: HARDEN_WORKSPACE, arguments: [{ preview: options?.preview !== false }] }),
      ) as HardenResponse | undefined;
      return show(r);
    }),
    // "Show signal path": the chain at the cursor's service/container (or the only one, else a pick
    // list) in a read-only Markdown document shown in the Markdown preview beside the editor, whose
    // file links open each step where it is written. Returns the server's answer (for tests).
    vscode.commands.registerCommand('containerSignals.showSignalPath', async (): Promise<SignalPathResponse | undefined> => {
      const editor = vscode.window.activeTextEditor;
      const doc = editor?.document;
      if (!editor || !doc || !vscode.languages.match(DOCUMENT_SELECTOR, doc)) {
        const message = 'Open a Compose file, Kubernetes manifest or Dockerfile, then run Show signal path.';
        void vscode.window.showInformationMessage(message);
        return { status: 'notManifest', message };
      }
      const uri = client.code2ProtocolConverter.asUri(doc.uri);
      const ask = (arg: Record<string, unknown>) => client.sendRequest(ExecuteCommandRequest.type, { command: SIGNAL_PATH, arguments: [{ uri, ...arg }] }) as Promise<SignalPathResponse | undefined>;
      let r = await ask({ position: client.code2ProtocolConverter.asPosition(editor.selection.active) });
      if (r?.status === 'choose' && r.choices?.length) {
        const picked = await vscode.window.showQuickPick(r.choices.map((c) => ({ label: c.name, description: c.kind === 'compose' ? 'service' : c.kind === 'kubernetes' ? 'container' : 'stage', detail: c.line })), {
          title: 'Container Signals: show the signal path of', matchOnDetail: true,
        });
        if (!picked) return r;
        r = await ask({ name: picked.label });
      }
      if (!r || r.status !== 'shown' || r.markdown === undefined) {
        if (r?.message) void (r.status === 'failed' ? vscode.window.showErrorMessage(r.message) : vscode.window.showInformationMessage(r.message));
        return r;
      }
      const name = doc.uri.path.split('/').pop() ?? 'file';
      const title = `${name} ${/^# Signal path of \w+ "(.*)"/.exec(r.markdown)?.[1] ?? ''}`.trim();
      const target = vscode.Uri.from({ scheme: SIGNAL_PATH_SCHEME, path: `/Signal path ${title.replace(/[\\/]/g, '_')}.md` });
      pathDocs.set(target, r.markdown);
      try {
        await vscode.commands.executeCommand('markdown.showPreviewToSide', target);
      } catch {
        // No Markdown preview (the built-in extension disabled): the document itself, where the links are Ctrl+click.
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), { viewColumn: vscode.ViewColumn.Beside, preview: true });
      }
      return { ...r, document: target.toString() };
    }),
    vscode.commands.registerCommand(REVIEW_SUGGESTIONS_COMMAND, (refs?: SuggestionRef[]) => reviewSuggestions(refs ?? [])),
    vscode.commands.registerCommand('containerSignals.showOutput', () => output.show(true)),
    // Used by the "Show documentation for <id>" code action: (rule id, link). Opens the rule's page
    // shipped in the extension (docs/rules/<id>.md) in the Markdown preview; returns its URI (for tests).
    vscode.commands.registerCommand('containerSignals.showDocumentation', async (rule: unknown, link?: unknown): Promise<string | undefined> => {
      const id = typeof rule === 'string' ? ruleIdOf(rule) : undefined;
      const page = id ? vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', ...id.split('/')) : undefined;
      const file = page ? page.with({ path: `${page.path}.md` }) : undefined;
      if (file && await exists(file)) {
        await vscode.commands.executeCommand('markdown.showPreview', file);
        return file.toString();
      }
      // Not shipped (a rule id this version does not know): the link, if it is a web address.
      const url = typeof link === 'string' ? link : typeof rule === 'string' ? rule : undefined;
      if (url && /^https:\/\//.test(url)) { await vscode.env.openExternal(vscode.Uri.parse(url)); return url; }
      void vscode.window.showWarningMessage(`Container Signals has no documentation page for ${String(rule)}.`);
      return undefined;
    }),
  );
}

/**
 * "Review suggestions": VS Code 1.100 has no command that sets the Problems view's filter text
 * (`problems.action.focusFilter` only focuses it, `problems.action.clearFilterText` only clears
 * it), so the suggestions left are listed in a pick list instead: one entry per finding, with
 * its rule, place and message. Picking one opens the file at the finding (the current diagnostic
 * of that rule nearest to where Harden left it: the workspace preview may have skipped edits)
 * and opens the quick-fix menu, where its suggestions are the "Suggestion: …" entries.
 */
export async function reviewSuggestions(refs: SuggestionRef[]): Promise<void> {
  if (!refs.length) return;
  const items = refs.map((r) => {
    const uri = vscode.Uri.parse(r.uri);
    return {
      label: r.rule,
      description: `${vscode.workspace.asRelativePath(uri)}:${r.line + 1}`,
      detail: `${r.message} Suggestion: ${r.titles.join('; ')}`,
      ref: r, uri,
    };
  });
  const picked = refs.length === 1 ? items[0] : await vscode.window.showQuickPick(items, {
    title: `Container Signals: ${refs.length} suggestions to review`,
    placeHolder: 'Pick a finding: its suggestions open in the quick-fix menu',
    matchOnDescription: true, matchOnDetail: true,
  });
  if (!picked) return;
  const doc = await vscode.workspace.openTextDocument(picked.uri);
  const ours = vscode.languages.getDiagnostics(picked.uri).filter((d) => d.source === 'container-signals' && codeOf(d) === picked.ref.rule);
  const near = ours.sort((a, b) => Math.abs(a.range.start.line - picked.ref.line) - Math.abs(b.range.start.line - picked.ref.line))[0];
  const at = near?.range.start ?? new vscode.Position(picked.ref.line, picked.ref.character);
  const editor = await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at) });
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  await vscode.commands.executeCommand('editor.action.quickFix');
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : c === undefined ? undefined : String(c);
}

/** A rule id (`compose/missing-init`), also from a docs link (`…/docs/rules/compose/missing-init.md`). */
export function ruleIdOf(s: string): string | undefined {
  const m = /(?:^|\/docs\/rules\/)([a-z0-9-]+\/[a-z0-9-]+)(?:\.md)?$/.exec(s);
  return m ? m[1] : undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try { await vscode.workspace.fs.stat(uri); return true; } catch { return false; }
}

/** The content of the read-only signal path documents (refreshed when the command runs again). */
class SignalPathDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'Run "Container Signals: Show signal path" again to see this path.';
  }
}
