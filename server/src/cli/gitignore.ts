/**
 * .gitignore semantics for discovery, with the `ignore` package (the matcher ESLint and
 * Prettier use): the `.gitignore` of every folder from the top (the git root, or the scanned
 * folder outside a repository) down to the entry, plus `.git/info/exclude`. As in git, the last
 * pattern that matches wins and a deeper file wins over a higher one, so a nested `!keep.yaml`
 * re-includes what a parent excluded, but nothing below an excluded folder comes back (the walk
 * never enters it). Case-insensitive on Windows and macOS (git's default there), sensitive
 * elsewhere.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';

const IGNORECASE = process.platform === 'win32' || process.platform === 'darwin';

export interface IgnoreVerdict { file: string; pattern: string }

export class GitIgnores {
  private cache = new Map<string, Ignore | null>();

  /** `top`: the folder whose .gitignore is the highest one read (absolute). */
  constructor(readonly top: string, private gitRoot: string | undefined) {}

  /** Why `absPath` (below `top`) is ignored, or undefined when it is not. */
  ignored(absPath: string, isDir: boolean): IgnoreVerdict | undefined {
    const rel = path.relative(this.top, absPath);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    const parts = rel.split(path.sep);
    let verdict: IgnoreVerdict | undefined;
    let dir = this.top;
    const check = (ig: Ignore | null, base: string, file: string) => {
      if (!ig) return;
      let p = path.relative(base, absPath).split(path.sep).join('/');
      if (isDir) p += '/';
      const r = ig.test(p);
      if (r.ignored) verdict = { file, pattern: r.rule?.pattern ?? '' };
      else if (r.unignored) verdict = undefined;
    };
    if (this.gitRoot === this.top) check(this.load(path.join(this.top, '.git', 'info', 'exclude')), this.top, '.git/info/exclude');
    for (let i = 0; i < parts.length; i++) {
      check(this.load(path.join(dir, '.gitignore')), dir, path.join(path.relative(this.top, dir), '.gitignore').split(path.sep).join('/'));
      dir = path.join(dir, parts[i]);
    }
    return verdict;
  }

  private load(file: string): Ignore | null {
    let ig = this.cache.get(file);
    if (ig !== undefined) return ig;
    ig = null;
    try {
      const text = fs.readFileSync(file, 'utf8');
      ig = ignore({ ignorecase: IGNORECASE }).add(text);
    } catch { /* no such file, or unreadable: no rules */ }
    this.cache.set(file, ig);
    return ig;
  }
}
