/**
 * What the program in a build context does with signals, read from its sources: the language
 * (Cargo.toml, package.json, go.mod, pyproject.toml/requirements.txt, pom.xml…) and the signal
 * handlers it installs. Used by `app/sigterm-not-handled`, PID 1 knowledge and the signal path.
 *
 * (Scaffold: `scanHandlers` is filled in by the app-handlers work, issue 11 item 4.)
 */
import type { WorkspaceReader } from '../types';

export interface SourceSite {
  /** Absolute path of the source file. */
  path: string;
  /** 0-based line. */
  line: number;
  /** The source line, trimmed (for messages and the signal path). */
  text: string;
}

export interface HandlerScan {
  /** `rust`, `node`, `python`, `go`, `java`, `dotnet`, `ruby`, `elixir`… */
  language: string;
  /** Signals the program's own code handles (`SIGTERM`, `SIGINT`, `SIGHUP`, `SIGQUIT`…), each with where. */
  handles: Map<string, SourceSite[]>;
  /**
   * What the runtime does with SIGTERM when the code installs no handler for it: `exits` (Go,
   * the JVM, Node, Python: the default action ends the process), `ignored-as-pid1` (a native
   * program as PID 1: the kernel drops signals without a handler), or undefined when unknown.
   */
  sigtermDefault?: 'exits' | 'ignored-as-pid1';
  /** Anti-patterns found (`tokio::time::sleep(Duration::MAX)` in place of a signal wait…), with where. */
  antiPatterns: (SourceSite & { what: string })[];
  /** True when the scan stopped at its size cap: an absent handler may be in the files not read. */
  partial: boolean;
}

/** Scans the build context at `contextDir`; undefined when no language is recognised or the reader cannot list folders. */
export function scanHandlers(_contextDir: string, _reader: WorkspaceReader): HandlerScan | undefined {
  return undefined;
}
