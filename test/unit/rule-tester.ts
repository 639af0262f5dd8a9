/**
 * RuleTester (ESLint style): tables of valid and invalid cases per rule with exact ranges
 * (1-based line/column, like ESLint), the exact fixed output, a re-lint of the output (it must
 * parse, the rule must no longer fire) and a second harden that changes nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { analyze, lint, harden } from '../../server/src/core/lint';
import { ruleById } from '../../server/src/core/rules';
import { applyEdits } from '../../server/src/core/text';
import type { Finding, LintOptions, WorkspaceReader } from '../../server/src/core/types';
import { isYamlName, syntaxOf } from '../../server/src/core/detect';
import { findRunCommands } from '../../server/src/core/model/run';

export const WS = '/ws';

export interface CaseBase {
  name?: string;
  code: string;
  /** File name relative to the virtual workspace /ws (default by target: `run.sh` for run rules); its name decides the syntax (`x.md`, `Makefile`, `.github/workflows/ci.yml`). */
  path?: string;
  config?: LintOptions['config'];
  /** Other files of the virtual workspace, relative to /ws. */
  files?: Record<string, string>;
}
export type ValidCase = string | CaseBase;
export interface ExpectedError {
  line: number; column: number; endLine?: number; endColumn?: number;
  message?: string | RegExp; severity?: Finding['severity'];
}
export interface InvalidCase extends CaseBase {
  errors: ExpectedError[];
  /** The text after applying this rule's preferred fixes (harden restricted to the rule); null when there is no fix. */
  output: string | null;
  /** Texts after applying each alternative fix of the first finding, in order. */
  alternatives?: string[];
  /**
   * Texts after applying each suggestion of the first finding, in order (suggestions are never
   * applied by harden; `[]` asserts there are none). Each suggested text must parse and no longer
   * fire the rule for that finding's place.
   */
  suggestions?: string[];
}

export function memoryWorkspace(files: Record<string, string> = {}): WorkspaceReader {
  const abs = new Map(Object.entries(files).map(([k, v]) => [path.resolve(WS, k), v]));
  return { readFile: (p) => abs.get(path.resolve(p)), listDir: (d) => listMemory(abs, d) };
}

/** The entries of a folder of the virtual workspace (folders end with `/`), undefined when nothing lies below it. */
export function listMemory(files: ReadonlyMap<string, string>, dir: string): string[] | undefined {
  const d = path.resolve(dir);
  const out = new Set<string>();
  for (const f of files.keys()) {
    const rel = path.relative(d, f);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    const parts = rel.split(path.sep);
    out.add(parts.length > 1 ? `${parts[0]}/` : parts[0]);
  }
  return out.size ? [...out].sort() : undefined;
}

function defaultPath(ruleId: string): string {
  if (ruleId.startsWith('compose/')) return 'docker-compose.yml';
  if (ruleId.startsWith('k8s/')) return 'deployment.yaml';
  if (ruleId.startsWith('run/')) return 'run.sh';
  if (ruleId.startsWith('script/')) return 'docker-entrypoint.sh';
  return 'Dockerfile';
}

export function optionsFor(ruleId: string, c: CaseBase): LintOptions {
  return { path: path.join(WS, c.path ?? defaultPath(ruleId)), config: c.config, workspace: memoryWorkspace(c.files) };
}

/** This rule's unsuppressed findings; any rule that throws fails the case (a crash is not "no finding"). */
export function findingsOf(ruleId: string, c: CaseBase): Finding[] {
  const r = analyze(c.code, optionsFor(ruleId, c));
  assert.deepEqual(r.ruleErrors, [], 'no rule may throw');
  return r.findings.filter((f) => f.rule === ruleId && !f.suppressed);
}

function assertParses(ruleId: string, text: string, file?: string): void {
  if (ruleId.startsWith('dockerfile/') || ruleId.startsWith('script/')) return;
  if (ruleId.startsWith('run/') && !isYamlName(file ?? defaultPath(ruleId))) {
    // Scripts, Makefiles, Markdown: the edited text still holds readable command lines, as many as before.
    return;
  }
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  for (const d of list) assert.deepEqual(d.errors.map((e) => e.message), [], `fixed output must parse:\n${text}`);
}

const show = (s: string) => s.replace(/\r/g, '␍');

export function ruleTester(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(ruleId, () => {
    it('is registered', () => assert.ok(ruleById.get(ruleId), `rule ${ruleId} is not in the registry`));
    describe('valid', () => {
      cases.valid.forEach((v, i) => {
        const c: CaseBase = typeof v === 'string' ? { code: v } : v;
        it(c.name ?? `valid #${i + 1}`, () => {
          const found = findingsOf(ruleId, c);
          assert.deepEqual(found.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`), [], show(c.code));
        });
      });
    });
    describe('invalid', () => {
      cases.invalid.forEach((c, i) => {
        it(c.name ?? `invalid #${i + 1}`, () => {
          const opts = optionsFor(ruleId, c);
          const found = findingsOf(ruleId, c);
          assert.equal(found.length, c.errors.length, `expected ${c.errors.length} finding(s), got:\n${found.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`).join('\n')}\nin:\n${show(c.code)}`);
          c.errors.forEach((e, j) => {
            const f = found[j];
            const got = { line: f.range.start.line + 1, column: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 };
            const want = { line: e.line, column: e.column, endLine: e.endLine ?? got.endLine, endColumn: e.endColumn ?? got.endColumn };
            assert.deepEqual(got, want, `range of finding ${j + 1}: ${f.message}`);
            if (typeof e.message === 'string') assert.equal(f.message, e.message);
            else if (e.message) assert.match(f.message, e.message);
            if (e.severity) assert.equal(f.severity, e.severity);
          });
          const out = harden(c.code, opts, (f) => f.rule === ruleId);
          if (c.output === null) {
            assert.ok(found.every((f) => !f.fix), 'expected no fix');
            assert.equal(out.output, c.code);
          } else {
            assert.equal(show(out.output), show(c.output), 'fixed output');
            assertParses(ruleId, out.output, c.path);
            if (ruleId.startsWith('run/')) {
              const syntax = syntaxOf(optionsFor(ruleId, c).path);
              if (syntax === 'shell' || syntax === 'makefile' || syntax === 'markdown') assert.equal(findRunCommands(out.output, syntax).length, findRunCommands(c.code, syntax).length, 'the fixed text has as many command lines');
            }
            const again = lint(out.output, opts).filter((f) => f.rule === ruleId);
            assert.deepEqual(again.map((f) => f.message), [], 'the rule must not fire on the fixed output');
            const second = harden(out.output, opts, (f) => f.rule === ruleId);
            assert.equal(second.changed, false, 'a second harden must change nothing');
          }
          if (c.alternatives) {
            const alts = found[0]?.alternatives ?? [];
            assert.deepEqual(alts.map((a) => show(applyEdits(c.code, a.edits))), c.alternatives.map(show), 'alternative fixes');
          }
          if (c.suggestions) {
            const sugg = found[0]?.suggestions ?? [];
            const texts = sugg.map((a) => applyEdits(c.code, a.edits));
            assert.deepEqual(texts.map(show), c.suggestions.map(show), 'suggestions');
            for (const t of texts) assertParses(ruleId, t, c.path);
          }
        });
      });
    });
  });
}
