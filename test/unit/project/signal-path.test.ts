/** The signal path (core): small multi-file workspaces, an in-memory reader, exact text. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { WorkspaceReader } from '../../../server/src/core/types';
import type { HandlerScan } from '../../../server/src/core/project/handlers';
import {
  signalPaths, signalPathAt, formatSignalPath, formatSignalPathLines, judgeEntrypointScript, copiedScript,
} from '../../../server/src/core/project/signal-path';
import { parseDockerfile } from '../../../server/src/core/model/dockerfile';

const ROOT = path.resolve('/w');
const abs = (p: string) => path.join(ROOT, p);

/** A workspace of files in memory (paths relative to /w). */
function workspace(files: Record<string, string>): WorkspaceReader & { files: Record<string, string> } {
  const m = Object.fromEntries(Object.entries(files).map(([k, v]) => [abs(k), v]));
  return { files, readFile: (p: string) => m[p] };
}

function paths(files: Record<string, string>, file: string, scan?: (dir: string) => HandlerScan | undefined) {
  const ws = workspace(files);
  return signalPaths({ path: abs(file), text: files[file] }, ws, scan ? { scan } : undefined);
}
const line = (files: Record<string, string>, file: string, scan?: (dir: string) => HandlerScan | undefined) =>
  paths(files, file, scan).map((p) => formatSignalPath(p, { locations: true, cwd: ROOT }));

const ENTRYPOINT_EXEC = '#!/bin/sh\nset -e\nif [ "${1#-}" != "$1" ]; then\n  set -- bizclaw "$@"\nfi\nexec "$@"\n';
const ENTRYPOINT_NO_EXEC = '#!/bin/sh\nset -e\n./migrate\n"$@"\n';

describe('signal path: compose + Dockerfile + entrypoint script', () => {
  it('init: true, a script that execs, an unknown program', () => {
    const files = {
      'compose.yaml': 'services:\n  bizclaw:\n    build: .\n    init: true\n',
      'Dockerfile': 'FROM debian:12\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["bizclaw"]\n',
      'docker-entrypoint.sh': ENTRYPOINT_EXEC,
    };
    assert.deepEqual(line(files, 'compose.yaml'), [
      'docker compose stop → SIGTERM → tini (init: true, compose.yaml:4) → docker-entrypoint.sh (exec, docker-entrypoint.sh:6) → bizclaw (Dockerfile:4) · cannot tell (SIGKILL after 10s if SIGTERM is not handled)',
    ]);
  });
});
