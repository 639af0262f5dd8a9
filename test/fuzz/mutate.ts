/**
 * The mutation fuzzer's parts (see mutation.test.ts): a seeded PRNG, the mutations, the corpus
 * walk and the checks on one mutant.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { analyze, harden, lint } from '../../server/src/core/lint';
import type { LintOptions } from '../../server/src/core/types';
import { hasLoneCr, loneCrAsLf, stripCompose, stripK8s } from './props';

/** mulberry32: a small seeded PRNG, so a run can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  '{', '}', '[', ']', ', ', '&a ', '*a', '*missing', '<<: *a\n', '<<: [*a, *b]\n', '\t', '\r', '\r\n', '\n---\n', '\n...\n', '"', "'", ': ', '- ', '-\n',
  '# c\n', '\\\n', '`\n', '|\n', '>-\n', '!!binary ', '!custom ', '%YAML 1.2\n', '\u0000', '\uFEFF', '? ', '~', 'null', 'exec ', 'sh -c "', "bash -c '",
  'FROM scratch\n', 'CMD ', 'ENTRYPOINT [', 'USER root\n', 'STOPSIGNAL ', 'RUN <<EOF\n', 'EOF\n', '{{ .Values.x }}', '${VAR:-x}', 'services:\n', 'init: false\n',
  'securityContext:\n', 'containers:\n- name: x\n', 'user: 0\n', 'cap_add: [ALL]\n', 'x'.repeat(300), '\u2028', '\uD800', '😀',
];

export interface Mutant { text: string; ops: string[] }

export function mutate(buf: Buffer, others: Buffer[], rnd: () => number): Mutant {
  const int = (n: number) => Math.floor(rnd() * n);
  let b = Buffer.from(buf);
  const ops: string[] = [];
  const count = 1 + int(3);
  for (let k = 0; k < count; k++) {
    const op = int(8);
    const at = int(b.length + 1);
    switch (op) {
      case 0: { b = b.subarray(0, at); ops.push(`truncate@${at}`); break; }
      case 1: {
        const src = others[int(others.length)];
        const s = int(src.length + 1), len = int(Math.min(400, src.length - s + 1));
        const del = int(Math.min(200, b.length - at + 1));
        b = Buffer.concat([b.subarray(0, at), src.subarray(s, s + len), b.subarray(at + del)]);
        ops.push(`splice@${at}-${del}+${len}`);
        break;
      }
      case 2: {
        const n = 1 + int(8);
        for (let i = 0; i < n && b.length; i++) { const p = int(b.length); b[p] = rnd() < 0.5 ? b[p] ^ (1 << int(8)) : int(256); }
        ops.push(`flip×${n}`);
        break;
      }
      case 3: {
        const t = TOKENS[int(TOKENS.length)];
        b = Buffer.concat([b.subarray(0, at), Buffer.from(t), b.subarray(at)]);
        ops.push(`insert@${at}:${JSON.stringify(t).slice(0, 20)}`);
        break;
      }
      case 4: {
        // duplicate a range of lines (duplicate keys, repeated documents)
        const text = b.toString('latin1');
        const starts = [0];
        for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
        const i = int(starts.length), j = Math.min(starts.length - 1, i + 1 + int(6));
        const piece = b.subarray(starts[i], starts[j] ?? b.length);
        b = Buffer.concat([b.subarray(0, starts[j] ?? b.length), piece, b.subarray(starts[j] ?? b.length)]);
        ops.push(`dupLines@${i}-${j}`);
        break;
      }
      case 5: {
        // shift the indentation of some lines
        const lines = b.toString('latin1').split('\n');
        const n = 1 + int(5);
        for (let i = 0; i < n; i++) {
          const l = int(lines.length);
          lines[l] = rnd() < 0.5 ? ' '.repeat(1 + int(3)) + lines[l] : lines[l].replace(/^ {1,3}/, '');
        }
        b = Buffer.from(lines.join('\n'), 'latin1');
        ops.push(`reindent×${n}`);
        break;
      }
      case 6: {
        // mixed line ends
        const text = b.toString('latin1');
        const eol = ['\r\n', '\r', '\n'][int(3)];
        b = Buffer.from(text.replace(/\r?\n/g, (m) => (rnd() < 0.3 ? eol : m)), 'latin1');
        ops.push(`eol:${JSON.stringify(eol)}`);
        break;
      }
      default: {
        // tabs for indentation here and there
        b = Buffer.from(b.toString('latin1').replace(/\n( {2})/g, (m) => (rnd() < 0.2 ? '\n\t' : m)), 'latin1');
        ops.push('tabs');
      }
    }
  }
  // Decoded as an editor would (invalid bytes become U+FFFD).
  return { text: b.toString('utf8'), ops };
}

export function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (!/^(MANIFEST|EXPECTED)\.tsv$|^README\.md$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

export function optionsFor(file: string): LintOptions | undefined {
  const base = path.basename(file);
  if (/dockerfile|containerfile/i.test(base) && !/\.ya?ml$/i.test(base)) return { path: file, languageId: 'dockerfile' };
  if (/\.ya?ml$/i.test(base) || file.includes(`${path.sep}helm${path.sep}`)) return { path: file, languageId: 'yaml' };
  return undefined;
}

/** The documents of a YAML text, read as the YAML spec reads it (a lone CR is a line break). */
const yamlDocs = (text: string, merge = false) => {
  const docs = parseAllDocuments(loneCrAsLf(text.startsWith('\uFEFF') ? text.slice(1) : text), { merge, logLevel: 'silent' });
  return Array.isArray(docs) ? docs : [];
};

/** A document's data with merge keys applied, or undefined when it has none to compare (it does not resolve). */
const dataOf = (d: ReturnType<typeof yamlDocs>[number]): unknown => {
  try { return d.toJS({ maxAliasCount: 10000 }); } catch { return undefined; }
};

/**
 * The checks on one mutant; returns the time it took. A mutant with a lone CR (a CR not followed
 * by LF) is read as the YAML spec, Compose and kubectl read it, a lone CR as a line break (the
 * `yaml` library does not take it for one: `yamlDocs` reads it as LF). Its hardened YAML must also
 * keep the data outside the keys the fixes write; a Dockerfile with a lone CR is never changed
 * (Docker does not read a lone CR as a line break) and its findings have no fix.
 */
export function checkMutant(text: string, opts: LintOptions): number {
  const t0 = performance.now();
  const r = analyze(text, opts);
  assert.deepEqual(r.ruleErrors.map((e) => `${e.rule}: ${e.error.split('\n').slice(0, 4).join(' | ')}`), [], 'no rule may throw');
  lint(text, opts);
  const h = harden(text, opts);
  const ms = performance.now() - t0;
  const loneCr = hasLoneCr(text);
  if (loneCr && opts.languageId === 'dockerfile') {
    assert.deepEqual(r.findings.filter((f) => f.fix || f.alternatives).map((f) => f.rule), [], 'no fix on a Dockerfile with a lone CR');
    assert.equal(h.changed, false, 'a Dockerfile with a lone CR is never changed');
  }
  if (h.changed) {
    assert.deepEqual(analyze(h.output, opts).ruleErrors.map((e) => e.rule), [], 'no rule may throw on the hardened text');
    if (opts.languageId === 'yaml') {
      const before = yamlDocs(text), after = yamlDocs(h.output);
      assert.equal(after.length, before.length, 'harden keeps the number of documents');
      after.forEach((d, i) => assert.ok(d.errors.length === 0 || before[i].errors.length > 0, `harden broke document ${i + 1}, which parsed`));
      if (loneCr) {
        const strip = r.kind === 'compose' ? stripCompose : stripK8s;
        const mergedBefore = yamlDocs(text, true), mergedAfter = yamlDocs(h.output, true);
        mergedBefore.forEach((d, i) => {
          const js = d.errors.length ? undefined : dataOf(d);
          if (js !== undefined) assert.deepEqual(strip(mergedAfter[i].toJS({ maxAliasCount: 10000 })), strip(js), `document ${i + 1}: data outside the fixed keys changed`);
        });
      }
    }
    assert.equal(harden(h.output, opts).output, h.output, 'a second harden is a no-op');
  }
  return ms;
}

