/**
 * A tiny YAML writer for the fuzz generators: a tree of nodes with style choices (block or flow,
 * anchors and aliases, merge keys, block scalars, comments before and after) rendered with a file
 * style (indentation step, sequences flush with their key or indented, line ends, BOM). Comments
 * are numbered as they are written (`# c12 …`) and recorded, with whether a fix may delete the
 * line they are on (they sit inside the value of a key some fix deletes: `version`, `cap_add`,
 * `securityContext` …).
 */
import { parse } from 'yaml';

export type YNode = Scal | Block | MapN | SeqN | AliasN;
/** An inline scalar, already written as YAML (plain, quoted). */
export interface Scal { k: 's'; text: string }
/** A block scalar (`|`, `>`, `|-` …) with its content lines (unindented). */
export interface Block {
  k: 'b';
  header: string;
  lines: string[];
  /** A plain or quoted scalar over several lines (`header` is its first line): a comment goes after its last line. */
  inline?: boolean;
}
export interface MapN { k: 'm'; entries: Entry[]; flow?: boolean; anchor?: string }
export interface SeqN { k: 'q'; items: Item[]; flow?: boolean; anchor?: string }
export interface AliasN { k: 'a'; name: string }
export interface Entry {
  /** The key as written (`image`, `"image"`, `<<`). */
  key: string;
  value: YNode;
  /** A comment at the end of the key's line. */
  c?: boolean;
  /** Full-line comments before the key. */
  before?: number;
}
export interface Item { value: YNode; c?: boolean; before?: number }

/** Line breaks: LF, CRLF, CR only (old Mac), or a mix of the three (CR first). */
export type Eol = '\n' | '\r\n' | '\r' | 'mixed';
const MIXED = ['\r', '\n', '\r\n'];

/** The lines (which may hold `\n`) joined with `eol` (`mixed`: CR, LF and CRLF in turn); `final`: a break after the last. */
export function joinLines(lines: string[], eol: Eol, final: boolean): string {
  const all = lines.join('\n').split('\n');
  if (eol !== 'mixed') return all.join(eol) + (final ? eol : '');
  return all.map((l, i) => (i < all.length - 1 || final ? l + MIXED[i % 3] : l)).join('');
}

export interface Style {
  indent: number;
  /** `- ` written at the key's column (`flush`) or indented by `indent`. */
  flushSeq: boolean;
  eol: Eol;
  bom: boolean;
  /** The last line ends with a line break. */
  finalEol: boolean;
  /**
   * Small liberties taken here and there, drawn in turn (0 means none): a tab after `key:`,
   * `key :`, a tab before a comment, trailing blanks, a blank line, `-   ` before a map item,
   * a flow sequence over several lines, a comment at column 0 inside a nested map, a tag or an
   * anchor on a key, an explicit key (`? key` / `: value`).
   */
  quirks: number[];
}

export interface RenderedComment { text: string; deletable: boolean }

/** Keys whose whole pair (with the comments inside it) a fix may delete. */
export const DELETABLE_KEYS = new Set(['version', 'cap_add', 'securityContext', 'capabilities', 'add']);

const COMMENT_TEXTS = ['note', 'key: value', '- item', 'TODO: fix', 'é ü ✓', 'x # y', '"quoted"', "it's", '&anchor *alias', '<<: *merge', '---', '{flow: [1]}'];

export class Renderer {
  lines: string[] = [];
  comments: RenderedComment[] = [];
  private n = 0;
  constructor(readonly style: Style) {}

  comment(deletable: boolean): string {
    const id = this.n++;
    const text = `# c${id}: ${COMMENT_TEXTS[id % COMMENT_TEXTS.length]}`;
    this.comments.push({ text, deletable });
    return text;
  }

  private qi = 0;
  /** The next quirk (0: none). */
  private quirk(): number {
    const q = this.style.quirks;
    return q.length ? q[this.qi++ % q.length] : 0;
  }

  private push(s: string): void {
    // Trailing blanks (not on block scalar content, whose value they would change).
    this.lines.push(this.quirk() === 4 && !this.inBlock ? s + (this.qi % 2 ? ' ' : '\t') : s);
  }

  private inBlock = false;

  private eolComment(want: boolean | undefined, del: boolean): string {
    if (!want) return '';
    return (this.quirk() === 3 ? '\t' : ' ') + this.comment(del);
  }

  map(m: MapN, col: number, del: boolean): void {
    const ind = ' '.repeat(col);
    for (const e of m.entries) {
      if (this.quirk() === 5) this.lines.push('');
      for (let i = 0; i < (e.before ?? 0); i++) this.push((this.quirk() === 8 ? '' : ind) + this.comment(del));
      const d2 = del || DELETABLE_KEYS.has(unquote(e.key));
      const ec = this.eolComment(e.c, d2);
      const v = e.value;
      // A tag or an anchor on the key (`!!str image:`, `&k3 image:`): the data does not change.
      const kq = e.key === '<<' ? 0 : this.quirk();
      const key = kq === 9 ? `!!str ${e.key}` : kq === 10 ? `&k${this.qi} ${e.key}` : e.key;
      const head = ind + key + (this.quirk() === 2 ? ' :' : ':');
      const sep = this.quirk() === 1 ? '\t' : ' ';
      if (v.k === 's' && e.key !== '<<' && this.quirk() === 11) {
        // An explicit key: `? key` then `: value` on the next line.
        this.push(`${ind}? ${key}`);
        this.push(`${ind}:${sep}${v.text}${ec}`);
      } else if (v.k === 's') this.push(`${head}${sep}${v.text}${ec}`);
      else if (v.k === 'a') this.push(`${head}${sep}*${v.name}${ec}`);
      else if (v.k === 'b') {
        this.push(`${head} ${v.header}${v.inline ? '' : ec}`);
        this.inBlock = true;
        v.lines.forEach((l, i) => this.push((l === '' ? '' : ' '.repeat(col + this.style.indent) + l) + (v.inline && i === v.lines.length - 1 ? ec : '')));
        this.inBlock = false;
      } else if (v.k === 'q' && v.flow && v.items.length > 1 && v.items.every((i) => i.value.k === 's') && this.quirk() === 7) {
        // A flow sequence over several lines.
        const inner = ' '.repeat(col + this.style.indent);
        this.push(`${head} ${v.anchor ? `&${v.anchor} ` : ''}[`);
        v.items.forEach((it, i) => this.push(`${inner}${flow(it.value)}${i < v.items.length - 1 ? ',' : ''}`));
        this.push(`${ind}]${ec}`);
      } else if (v.flow || (v.k === 'm' ? v.entries.length === 0 : v.items.length === 0)) {
        this.push(`${head} ${v.anchor ? `&${v.anchor} ` : ''}${flow(v)}${ec}`);
      } else if (v.k === 'm') {
        this.push(`${head}${v.anchor ? ` &${v.anchor}` : ''}${ec}`);
        this.map(v, col + this.style.indent, d2);
      } else {
        this.push(`${head}${v.anchor ? ` &${v.anchor}` : ''}${ec}`);
        this.seq(v, this.style.flushSeq ? col : col + this.style.indent, d2);
      }
    }
  }

  seq(q: SeqN, col: number, del: boolean): void {
    const ind = ' '.repeat(col);
    for (const it of q.items) {
      for (let i = 0; i < (it.before ?? 0); i++) this.push(ind + this.comment(del));
      const v = it.value;
      if (v.k === 'm' && !v.flow && v.entries.length) {
        // `- key: v` (or `-   key: v`) then the other keys at the column after the dash; the map's own comments come first.
        const w = this.quirk() === 6 ? 4 : 2;
        const sub = new Renderer(this.style);
        sub.n = this.n;
        sub.qi = this.qi;
        sub.map(v, col + w, del);
        this.n = sub.n;
        this.qi = sub.qi;
        this.comments.push(...sub.comments);
        if (v.anchor) {
          // `- &a key: v` would anchor the key: the anchor of the map goes on its own line.
          this.push(`${ind}- &${v.anchor}`);
          for (const l of sub.lines) this.lines.push(l);
          continue;
        }
        const first = sub.lines.findIndex((l) => !/^\s*(#|$)/.test(l));
        sub.lines.forEach((l, i) => this.lines.push(i === first ? ind + '-' + ' '.repeat(w - 1) + l.slice(col + w) : l));
        continue;
      }
      const ec = this.eolComment(it.c, del);
      if (v.k === 's') this.push(`${ind}- ${v.text}${ec}`);
      else if (v.k === 'a') this.push(`${ind}- *${v.name}${ec}`);
      else if (v.k === 'b') {
        this.push(`${ind}- ${v.header}${v.inline ? '' : ec}`);
        this.inBlock = true;
        v.lines.forEach((l, i) => this.push((l === '' ? '' : ' '.repeat(col + 2) + l) + (v.inline && i === v.lines.length - 1 ? ec : '')));
        this.inBlock = false;
      } else this.push(`${ind}- ${v.anchor ? `&${v.anchor} ` : ''}${flow(v)}${ec}`);
    }
  }
}

function unquote(k: string): string {
  return k.replace(/^(["'])(.*)\1$/, '$2');
}

/** A node in flow style (block scalars become double-quoted strings). */
export function flow(v: YNode): string {
  switch (v.k) {
    case 's': return v.text;
    case 'a': return `*${v.name}`;
    case 'b': return JSON.stringify(v.lines.join('\n') + '\n');
    case 'm': return `{${v.entries.map((e) => `${e.key}: ${flowValue(e.value)}`).join(', ')}}`;
    case 'q': return `[${v.items.map((i) => flowValue(i.value)).join(', ')}]`;
  }
}

function flowValue(v: YNode): string {
  const anchor = (v.k === 'm' || v.k === 'q') && v.anchor ? `&${v.anchor} ` : '';
  return anchor + flow(v);
}

/** Renders a stream of documents (each a top-level map) in one style. */
export function renderStream(docs: { map: MapN; start?: boolean; end?: boolean; before?: number; directive?: boolean }[], style: Style): { text: string; comments: RenderedComment[] } {
  const r = new Renderer(style);
  docs.forEach((d, i) => {
    if (i === 0 && d.directive) r.lines.push('%YAML 1.2');
    if (i > 0 || d.start || d.directive) {
      for (let j = 0; j < (d.before ?? 0); j++) r.lines.push(r.comment(false));
      r.lines.push(d.before ? `--- ${r.comment(false)}` : '---');
    }
    r.map(d.map, 0, false);
    if (d.end && i < docs.length - 1) r.lines.push('...');
  });
  const text = (style.bom ? '\uFEFF' : '') + joinLines(r.lines, style.eol, style.finalEol);
  return { text, comments: r.comments };
}

// ---- scalars ---------------------------------------------------------------------------------

export type Quote = 'plain' | 'single' | 'double' | 'double-tab';

const plainCache = new Map<string, boolean>();

/** Whether `s` reads back as the same string written plain, in block and in flow context. */
export function plainOk(s: string): boolean {
  let ok = plainCache.get(s);
  if (ok !== undefined) return ok;
  ok = false;
  if (s !== '' && s.trim() === s && !s.includes('#') && !/[\r\n]/.test(s)) {
    try {
      ok = parse(`a: ${s}\n`, { logLevel: 'silent' })?.a === s && (parse(`[${s}]\n`, { logLevel: 'silent' }) as unknown[])?.[0] === s;
    } catch { ok = false; }
  }
  plainCache.set(s, ok);
  return ok;
}

/** A string scalar in the quote style asked for (double-quoted when plain would change its meaning). */
export function scalar(s: string, q: Quote): Scal {
  if (q === 'plain' && plainOk(s)) return { k: 's', text: s };
  if (q === 'single' && !/[\r\n]/.test(s)) return { k: 's', text: `'${s.replace(/'/g, "''")}'` };
  // Inside double quotes a tab may be written as is.
  const d = JSON.stringify(s);
  return { k: 's', text: q === 'double-tab' ? d.replace(/\\t/g, '\t') : d };
}

/** A scalar whose YAML text is given as is (`true`, `0`, `10s`). */
export const raw = (text: string): Scal => ({ k: 's', text });
