/**
 * .gitignore semantics for discovery, with the `ignore` package (the matcher ESLint and
 * Prettier use): `.git/info/exclude`, then the `.gitignore` of every folder from the top (the
 * git root, or the scanned folder outside a repository) down to the entry.
 *
 * The patterns of a nested `.gitignore` are rewritten relative to the top (`x` in `svc/` becomes
 * `svc/**\/x`, `/x` and `a/x` become `svc/x` and `svc/a/x`) and appended after those of its
 * parents, so that one matcher per folder holds exactly the rules git applies there, in git's
 * order: the last pattern that matches wins, a deeper file wins over a higher one, a nested
 * `!keep.yaml` re-includes what a parent excluded, and nothing below an excluded folder comes
 * back. Case-insensitive on Windows and macOS (git's default there), sensitive elsewhere.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';

const IGNORECASE = process.platform === 'win32' || process.platform === 'darwin';

export interface IgnoreVerdict {
  /** The file the pattern is in, relative to the top, `/`-separated. */
  file: string;
  /** The pattern as written there. */
  pattern: string;
}

interface Level { patterns: ignore.PatternParams[]; matcher: Ignore | undefined }

/** Escapes a folder path for use as the start of a gitignore pattern. */
function escapePrefix(p: string): string {
  return p.replace(/[\\*?[\]]/g, '\\$&').replace(/^[#!]/, '\\$&');
}

/** The lines of a .gitignore in folder `rel` (relative to the top, `/`-separated, '' for the top) as patterns relative to the top. */
export function rebase(text: string, rel: string, file: string): ignore.PatternParams[] {
  const out: ignore.PatternParams[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) continue;
    const mark = JSON.stringify({ file, pattern: line });
    if (rel === '') { out.push({ pattern: line, mark }); continue; }
    const neg = line.startsWith('!');
    const body = neg ? line.slice(1) : line;
    const trimmed = body.replace(/\/+$/, '');
    const anchored = trimmed.includes('/');
    const prefix = escapePrefix(rel);
    const rebased = anchored ? `${prefix}/${body.replace(/^\/+/, '')}` : `${prefix}/**/${body}`;
    out.push({ pattern: (neg ? '!' : '') + rebased, mark });
  }
  return out;
}

export class GitIgnores {
  private levels = new Map<string, Level>();

  /**
   * `top`: the folder whose .gitignore is the highest one read (absolute); `gitRoot`: the git
   * root when there is one (then `top` is it, and `.git/info/exclude` is read too).
   */
  constructor(readonly top: string, private gitRoot: string | undefined) {}

  /** Why `absPath` (below `top`) is ignored, or undefined when it is not. */
  ignored(absPath: string, isDir: boolean): IgnoreVerdict | undefined {
    const rel = path.relative(this.top, absPath);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    const level = this.level(path.dirname(absPath));
    if (!level.matcher) return undefined;
    const p = rel.split(path.sep).join('/') + (isDir ? '/' : '');
    const r = level.matcher.test(p);
    if (!r.ignored) return undefined;
    try {
      return JSON.parse(r.rule?.mark ?? '') as IgnoreVerdict;
    } catch {
      return { file: '.gitignore', pattern: r.rule?.pattern ?? '' };
    }
  }

  /** The rules in force in folder `dir` (at or below the top). */
  private level(dir: string): Level {
    const cached = this.levels.get(dir);
    if (cached) return cached;
    const rel = path.relative(this.top, dir).split(path.sep).join('/');
    let patterns: ignore.PatternParams[];
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
      patterns = [];
      if (this.gitRoot !== undefined && this.gitRoot === this.top) {
        patterns.push(...rebase(read(path.join(this.top, '.git', 'info', 'exclude')), '', '.git/info/exclude'));
      }
      patterns.push(...rebase(read(path.join(this.top, '.gitignore')), '', '.gitignore'));
    } else {
      const parent = this.level(path.dirname(dir));
      const own = rebase(read(path.join(dir, '.gitignore')), rel, `${rel}/.gitignore`);
      if (!own.length) { this.levels.set(dir, parent); return parent; }
      patterns = [...parent.patterns, ...own];
    }
    const level: Level = { patterns, matcher: patterns.length ? ignore({ ignorecase: IGNORECASE }).add(patterns) : undefined };
    this.levels.set(dir, level);
    return level;
  }
}

function read(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return ''; // no such file, or unreadable: no rules
  }
}
