/**
 * The Container Signals extension: starts the language server (dist/server.js) over IPC,
 * registers the palette commands and a language status item. activate() returns a small API
 * ({ client }) for tests.
 */
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { DOCUMENT_SELECTOR } from './selector';

export const CLIENT_ID = 'containerSignals';
export const CLIENT_NAME = 'Container Signals';


export interface ContainerSignalsApi {
  /** The running language client (tests use it to reach the server). */
  client: LanguageClient;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ContainerSignalsApi> {
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/{Dockerfile,Dockerfile.*,Dockerfile-*,Dockerfile_*,*_Dockerfile,*-Dockerfile,Containerfile,Containerfile.*,*.dockerfile,*.containerfile,*.env,.env,.env.*,.container-signals.yaml}');
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: CLIENT_ID, fileEvents: watcher },
    outputChannel: output,
    diagnosticCollectionName: 'container-signals',
  };
  client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);

  let starts = 0;
  context.subscriptions.push(client.onDidChangeState((e) => {
    if (e.newState === State.Running) {
      starts++;
      output.info(starts === 1 ? 'language server started' : `language server restarted (start #${starts})`);
    } else if (e.newState === State.Stopped && e.oldState === State.Running) {
      output.warn('language server stopped');
    }
  }));

  const status = vscode.languages.createLanguageStatusItem('containerSignals.status', DOCUMENT_SELECTOR);
  status.name = CLIENT_NAME;
  status.text = 'Container Signals';
  status.command = { title: 'Show output', command: 'containerSignals.showOutput' };
  context.subscriptions.push(status);

  registerCommands(context, client, output);
  await client.start();
  return { client };
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}
