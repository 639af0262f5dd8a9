/**
 * The labelled real-world set (test/corpus/labels.tsv, paths into ../shared/corpus): every label
 * row is one test. Fails when a finding labelled wrong fires in any preset, a not-default one
 * fires at recommended, a true one stops firing at recommended, an unsafe edit is applied by
 * harden (--fix), or a safe fix is no longer offered. Skipped (and reported as skipped) when the
 * corpus folder is absent; the label file itself is always checked.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LabelledCorpus, checkRow, describeRow, findCorpus, loadLabels } from './labels-lib';

const REPO = path.resolve(__dirname, '../../..'); // test/out/corpus → repo root
const CORPUS = findCorpus(REPO);
const rows = loadLabels(REPO);

describe('labels.tsv', () => {
  it('has at least 150 labelled findings', () => assert.ok(rows.length >= 150, `only ${rows.length}`));
  it('has no duplicate (path, rule, line)', () => {
    const seen = new Map<string, number>();
    for (const r of rows) {
      const k = `${r.path}\0${r.rule}\0${r.line}`;
      assert.ok(!seen.has(k), `labels.tsv:${r.tsvLine} repeats labels.tsv:${seen.get(k)}`);
      seen.set(k, r.tsvLine);
    }
  });
  it('covers the three targets and each label', () => {
    for (const t of ['compose/', 'k8s/', 'dockerfile/']) assert.ok(rows.some((r) => r.rule.startsWith(t)), t);
    for (const l of ['true', 'wrong', 'not-default']) assert.ok(rows.some((r) => r.label === l), l);
  });
});

// Without the corpus: one test, reported as skipped (not as passing), with the reason.
if (!CORPUS) it('labelled corpus findings', { skip: 'corpus not found (set CORPUS_DIR or put it at ../shared/corpus)' }, () => {});
else describe('labelled corpus findings', () => {
  const c = new LabelledCorpus(CORPUS);
  it('every labelled file exists and the line is inside it', () => {
    for (const r of rows) {
      assert.ok(c.exists(r.path), `labels.tsv:${r.tsvLine}: no such corpus file ${r.path}`);
      const lines = fs.readFileSync(path.join(CORPUS, r.path), 'utf8').split(/\r?\n/).length;
      assert.ok(r.line <= lines, `labels.tsv:${r.tsvLine}: line ${r.line} past the end (${lines})`);
    }
  });
  for (const row of rows) {
    it(`${row.rule}@${row.line} ${row.label}/${row.fix} ${row.path} (labels.tsv:${row.tsvLine})`, () => {
      const problems = checkRow(c, row);
      assert.deepEqual(problems, [], `${describeRow(row)}\n  ${problems.join('\n  ')}`);
    });
  }
});
