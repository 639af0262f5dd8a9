/**
 * In-source suppression: our own directives and the pragmas of the tools people already use
 * (hadolint, checkov, kube-linter), mapped to our rule ids.
 */
import type { LineIndex } from './text';

export interface Directive {
  /** Rule ids silenced; empty = every rule. */
  rules: string[];
  reason?: string;
  /** Offsets [start, end) the directive covers. */
  scope: [number, number] | 'line';
  /** For `line` scope: the 0-based line silenced. */
  line?: number;
  by: string;
  /** Offsets of each id as written, for unknown-id hints. */
  ids: { id: string; start: number; end: number }[];
  own: boolean;
}

/** Peer pragmas → our rule ids. */
export const PEER_RULES: Record<string, string[]> = {
  DL3002: ['dockerfile/root-user'],
  DL3025: ['dockerfile/shell-form'],
  CKV_K8S_23: ['k8s/root-user'],
  CKV_DOCKER_8: ['dockerfile/root-user'],
  'ignore-check.kube-linter.io/run-as-non-root': ['k8s/root-user'],
  'ignore-check.kube-linter.io/no-read-only-root-fs': [],
};

const OWN = /^[ \t]*#[ \t]*container-signals-(disable-next-line|disable)\b[ \t]*([^\r\n]*)$/;
const HADOLINT = /^[ \t]*#[ \t]*hadolint[ \t]+(global[ \t]+)?ignore=([A-Z0-9, ]+)/i;
const CHECKOV = /^[ \t]*#[ \t]*checkov:skip=([A-Z0-9_]+)(?::([^\r\n]*))?/i;

export interface ScanOptions {
  /** Document ranges (YAML streams) — file-level directives apply to the document they open. */
  blocks: [number, number][];
  /** Is the line (0-based) a content line that the next-line directive targets? */
  isTarget?: (line: number) => boolean;
  /** Offset of the first content (instruction / key) of a block, for "first comment lines". */
  firstContent: (block: [number, number]) => number;
  /** Dockerfile: hadolint's `ignore=` targets the next instruction. */
  dockerfile: boolean;
}

export function scanDirectives(text: string, lines: LineIndex, opts: ScanOptions): Directive[] {
  const out: Directive[] = [];
  if (!text.includes('#')) return out;
  const n = lines.lineCount;
  const nextTarget = (line: number): number => {
    for (let l = line + 1; l < n; l++) {
      const t = lines.lineText(l).trim();
      if (!t || t.startsWith('#')) continue;
      if (opts.isTarget && !opts.isTarget(l)) continue;
      return l;
    }
    return -1;
  };
  const blockOf = (off: number): [number, number] => opts.blocks.find((b) => off >= b[0] && off < b[1]) ?? [0, text.length];
  // Visit only the lines that hold a `#`.
  for (let hash = text.indexOf('#'); hash >= 0; ) {
    const l = lines.positionAt(hash).line;
    const lineStart = lines.lineStarts[l];
    hash = l + 1 < n ? text.indexOf('#', lines.lineStarts[l + 1]) : -1;
    const s = lines.lineText(l);
    let m = OWN.exec(s);
    if (m) {
      const kind = m[1];
      const body = m[2];
      const [idsPart, reason] = splitReason(body);
      const bodyStart = lineStart + s.length - body.length;
      const ids = parseIds(idsPart, bodyStart);
      const d: Directive = { rules: ids.map((i) => i.id), reason, by: `container-signals-${kind}`, ids, own: true, scope: 'line' };
      if (kind === 'disable-next-line') { d.line = nextTarget(l); if (d.line < 0) continue; }
      else {
        const block = blockOf(lineStart);
        if (lineStart > opts.firstContent(block)) continue; // only at the top of a file/document
        d.scope = block;
      }
      out.push(d);
      continue;
    }
    m = HADOLINT.exec(s);
    if (m) {
      const codes = m[2].split(',').map((x) => x.trim().toUpperCase()).filter(Boolean);
      const rules = codes.flatMap((code) => PEER_RULES[code] ?? []);
      if (!rules.length) continue;
      const d: Directive = { rules, by: `hadolint ${m[1] ? 'global ' : ''}ignore`, ids: [], own: false, scope: 'line' };
      if (m[1] || !opts.dockerfile) d.scope = m[1] ? [0, text.length] : blockOf(lineStart);
      else { d.line = nextTarget(l); if (d.line < 0) continue; }
      out.push(d);
      continue;
    }
    m = CHECKOV.exec(s);
    if (m) {
      const rules = PEER_RULES[m[1].toUpperCase()] ?? [];
      if (!rules.length) continue;
      out.push({ rules, reason: m[2]?.trim() || undefined, by: 'checkov:skip', ids: [], own: false, scope: opts.dockerfile ? [0, text.length] : blockOf(lineStart) });
    }
  }
  return out;
}

function splitReason(body: string): [string, string | undefined] {
  const i = body.search(/(^|\s)--(\s|$)/);
  if (i < 0) return [body, undefined];
  const rest = body.slice(i).replace(/^\s*--\s*/, '').trim();
  return [body.slice(0, i), rest || undefined];
}

function parseIds(part: string, base: number): { id: string; start: number; end: number }[] {
  const out: { id: string; start: number; end: number }[] = [];
  const re = /[^\s,]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(part))) out.push({ id: m[0], start: base + m.index, end: base + m.index + m[0].length });
  return out;
}

/** The directive that silences `rule` at a finding starting at `offset` on `line`, if any. */
export function suppressing(directives: Directive[], rule: string, offset: number, line: number): Directive | undefined {
  for (const d of directives) {
    if (d.rules.length && !d.rules.includes(rule)) continue;
    if (d.scope === 'line' ? d.line === line : offset >= d.scope[0] && offset < d.scope[1]) return d;
  }
  return undefined;
}
