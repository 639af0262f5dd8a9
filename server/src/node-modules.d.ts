/**
 * Type shims for the `…/node` entry points of the LSP packages. They are published through
 * package.json `exports`, which `moduleResolution: "node"` (tsconfig) does not read; esbuild
 * does, so only the type checker needs this. Remove when tsconfig moves to "bundler"/"node16".
 */
declare module 'vscode-jsonrpc/node' { export * from 'vscode-jsonrpc/lib/node/main'; }
declare module 'vscode-languageserver-protocol/node' { export * from 'vscode-languageserver-protocol/lib/node/main'; }
declare module 'vscode-languageserver/node' { export * from 'vscode-languageserver/lib/node/main'; }
declare module 'vscode-languageclient/node' { export * from 'vscode-languageclient/lib/node/main'; }
