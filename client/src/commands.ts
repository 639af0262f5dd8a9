/**
 * Palette commands (category "Container Signals"). The harden commands ask the server
 * (`workspace/executeCommand`), which computes the edit and sends it back with
 * `workspace/applyEdit`; the message it returns is shown here and also returned (for tests).
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';
import { DOCUMENT_SELECTOR } from './selector';

/** Server commands (see server/src/commands.ts). */
const HARDEN_FILE = 'containerSignals.server.hardenFile';
const HARDEN_WORKSPACE = 'containerSignals.server.hardenWorkspace';

export interface HardenResponse { status: string; message: string; changes?: string[]; owners?: string[]; files?: number }

const NOT_A_MANIFEST = (name: string) => `${name} is not a Compose file, Kubernetes manifest or Dockerfile: nothing to harden.`;

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.OutputChannel): void {
  const show = (r: HardenResponse | undefined): HardenResponse | undefined => {
    if (!r) return r;
    if (r.status === 'failed') void vscode.window.showErrorMessage(r.message);
    else if (r.status === 'stale' || r.status === 'skipped' || r.status === 'disabled') void vscode.window.showWarningMessage(r.message);
    else void vscode.window.showInformationMessage(r.message);
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

/** A rule id (`compose/missing-init`), also from a docs link (`…/docs/rules/compose/missing-init.md`). */
export function ruleIdOf(s: string): string | undefined {
  const m = /(?:^|\/docs\/rules\/)([a-z0-9-]+\/[a-z0-9-]+)(?:\.md)?$/.exec(s);
  return m ? m[1] : undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try { await vscode.workspace.fs.stat(uri); return true; } catch { return false; }
}
