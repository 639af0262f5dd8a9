/**
 * A lenient shell word splitter with source offsets, for finding `docker run` command lines.
 *
 * Why not a parser from npm: `sh-syntax` (mvdan/sh as WebAssembly) parses asynchronously, and the
 * core lints synchronously on every keystroke; `mvdan-sh` is the older GopherJS build of the same
 * parser (several MB of JavaScript, no longer the maintained way to ship mvdan/sh);
 * `shell-quote` gives no offsets; `@ericcornelissen/bash-parser` gives offsets only as line/column
 * of a re-joined text and rejects the snippets documentation is full of (`docker run <image>`,
 * `${{ inputs.tag }}`). All of them fail on a whole file at the first syntax error, while a
 * README or a CI step is rarely a complete, valid script. And what they would have to read is not
 * the file itself: Makefile recipes (`$$`, `$(VAR)`), YAML block scalars and Markdown prompts are
 * first mapped to shell text (see model/run.ts), so offsets must be mapped back anyway. shell.ts's
 * analyzer (for `sh -c` scripts) stops at the first error too; this splitter never does: what it
 * cannot read ends a command.
 *
 * What it reads: words with '…', "…", $'…', backslash escapes and line continuations; `$VAR`,
 * `${VAR}`, `$(…)`, backticks, `$((…))` and GitHub's `${{ … }}` are unknown (a word containing one
 * has no value), `${VAR:-x}`/`${VAR-x}`/`${VAR:=x}` read as their default; commands end at a
 * newline, `;`, `&`, `|`, `&&`, `||`, `(`, `)`; `#` comments; redirections are dropped with their
 * target; here-document bodies are skipped; `<placeholder>` (documentation) is one word.
 */

export interface Word {
  /** Offsets in the source text [s, e) as written, quotes included. */
  s: number;
  e: number;
  raw: string;
  /** The word after quote removal; undefined when it holds an expansion the linter cannot know. */
  value?: string;
  /** Some part of it is quoted. */
  quoted: boolean;
  /** The word is one unquoted parameter expansion (`$OPTS`, `${OPTS}`): it may expand to several words. */
  bareVar: boolean;
  /** Command substitutions in it (`$(…)`, backticks): the offsets of their inner text. */
  subs?: [number, number][];
}

const BREAK = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '<', '>', '(', ')']);
const PLACEHOLDER = /<[A-Za-z0-9_][^<>\s'"`]*>/y;

/** Index just past a `(…)` group starting at `i` (quotes respected); src.length when unterminated. */
function closeParen(src: string, i: number): number {
  let depth = 0;
  for (let j = i; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') { j++; continue; }
    if (c === "'") { const k = src.indexOf("'", j + 1); if (k < 0) return src.length; j = k; continue; }
    if (c === '"') { j = closeDouble(src, j + 1) - 1; continue; }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j + 1;
  }
  return src.length;
}

/** Index just past the closing `"` of a double-quoted string whose content starts at `i`. */
function closeDouble(src: string, i: number): number {
  for (let j = i; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') { j++; continue; }
    if (c === '"') return j + 1;
    if (c === '$' && src[j + 1] === '(') { j = closeParen(src, j + 1) - 1; continue; }
    if (c === '`') { const k = src.indexOf('`', j + 1); if (k < 0) return src.length; j = k; }
  }
  return src.length;
}

/** Index just past the `}` closing a `${` whose `{` is at `i`. */
function closeBrace(src: string, i: number): number {
  let depth = 0;
  for (let j = i; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') { j++; continue; }
    if (c === "'") { const k = src.indexOf("'", j + 1); if (k < 0) return src.length; j = k; continue; }
    if (c === '"') { j = closeDouble(src, j + 1) - 1; continue; }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j + 1;
    else if (c === '\n' && depth === 1) return j; // unterminated on this line
  }
  return src.length;
}

/** An expansion starting at `i` (`$…` or a backtick): its end and its value when known. */
function expansion(src: string, i: number): { e: number; value?: string } {
  if (src[i] === '`') {
    for (let j = i + 1; j < src.length; j++) {
      if (src[j] === '\\') { j++; continue; }
      if (src[j] === '`') return { e: j + 1 };
    }
    return { e: src.length };
  }
  const d = src[i + 1] ?? '';
  if (d === "'") { // $'…' (ANSI-C quoting)
    let v = '';
    let j = i + 2;
    for (; j < src.length && src[j] !== "'"; j++) {
      if (src[j] === '\\') {
        const x = src[++j] ?? '';
        v += x === 'n' ? '\n' : x === 't' ? '\t' : x;
      } else v += src[j];
    }
    return { e: Math.min(j + 1, src.length), value: v };
  }
  if (d === '(') return { e: closeParen(src, i + 1) };
  if (d === '{') {
    if (src[i + 2] === '{') { // GitHub Actions ${{ … }}
      const k = src.indexOf('}}', i + 3);
      return { e: k < 0 ? src.length : k + 2 };
    }
    const e = closeBrace(src, i + 1);
    const inner = src.slice(i + 2, e - 1);
    const m = /^[A-Za-z_]\w*:?[-=]([\s\S]*)$/.exec(inner);
    if (m) {
      const dflt = m[1];
      if (!/[$`\\]/.test(dflt)) return { e, value: dflt.replace(/^(["'])(.*)\1$/s, '$2') };
    }
    return { e };
  }
  if (/[A-Za-z_]/.test(d)) { let j = i + 2; while (j < src.length && /\w/.test(src[j])) j++; return { e: j }; }
  if (/[0-9@*#?$!-]/.test(d)) return { e: i + 2 };
  return { e: i + 1, value: '$' };
}

/** Reads one word starting at `i`. */
function readWord(src: string, i: number): Word {
  const s = i, n = src.length;
  let v = '', known = true, quoted = false;
  let subs: [number, number][] | undefined;
  const sub = (a: number, e: number) => {
    // Only terminated substitutions: an unclosed one runs to the end of the text, and reading
    // that again (and the next unclosed one in it) would cost quadratic time.
    if (e - a < 2) return;
    if (src[a] === '`') { if (src[e - 1] === '`') (subs ??= []).push([a + 1, e - 1]); }
    else if (src[a + 1] === '(' && src[a + 2] !== '(' && src[e - 1] === ')') (subs ??= []).push([a + 2, e - 1]);
  };
  while (i < n) {
    const ch = src[i];
    if (BREAK.has(ch)) break;
    if (ch === '\\') {
      if (src[i + 1] === '\n') { i += 2; continue; }
      if (src[i + 1] === '\r' && src[i + 2] === '\n') { i += 3; continue; }
      v += src[i + 1] ?? '';
      i += 2;
      continue;
    }
    if (ch === "'") {
      quoted = true;
      let j = src.indexOf("'", i + 1);
      if (j < 0) j = n;
      v += src.slice(i + 1, j);
      i = j + 1;
      continue;
    }
    if (ch === '"') {
      quoted = true;
      i++;
      while (i < n && src[i] !== '"') {
        const d = src[i];
        if (d === '\\') {
          const x = src[i + 1];
          if (x === '\n') i += 2;
          else if (x !== undefined && '"\\$`'.includes(x)) { v += x; i += 2; } else { v += d; i++; }
        } else if ((d === '$' && src[i + 1] !== '"' && src[i + 1] !== undefined) || d === '`') {
          const r = expansion(src, i);
          if (r.value === undefined) { known = false; sub(i, r.e); } else v += r.value;
          i = r.e;
        } else { v += d; i++; }
      }
      i++;
      continue;
    }
    if (ch === '$' || ch === '`') {
      const r = expansion(src, i);
      if (r.value === undefined) { known = false; sub(i, r.e); } else v += r.value;
      i = r.e;
      continue;
    }
    v += ch;
    i++;
  }
  const e = Math.min(i, n);
  const raw = src.slice(s, e);
  const w: Word = { s, e, raw, value: known ? v : undefined, quoted, bareVar: !quoted && /^\$(?:\{[A-Za-z_]\w*\}|[A-Za-z_]\w*)$/.test(raw) };
  if (subs) w.subs = subs;
  return w;
}

/**
 * The simple commands of `src`, each as its words (redirections left out), and those of the
 * command substitutions in its words (after the command holding them). Never throws.
 */
export function shellCommands(src: string, depth = 0): Word[][] {
  const out: Word[][] = [];
  const nested = (w: Word) => {
    if (!w.subs || depth > 8) return;
    for (const [a, b] of w.subs) {
      for (const c of shellCommands(src.slice(a, b), depth + 1)) out.push(c.map((x) => shift(x, a)));
    }
  };
  let cur: Word[] = [];
  const end = () => { if (cur.length) out.push(cur); cur = []; };
  const n = src.length;
  let i = 0;
  let heredocs: { delim: string; strip: boolean }[] = [];
  let redirect = false;
  let wantDelim: boolean | undefined;
  while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '\\' && src[i + 1] === '\n') { i += 2; continue; }
    if (c === '\\' && src[i + 1] === '\r' && src[i + 2] === '\n') { i += 3; continue; }
    if (c === '#') { const j = src.indexOf('\n', i); i = j < 0 ? n : j; continue; }
    if (c === '\n') {
      end();
      i++;
      redirect = false;
      for (const h of heredocs) { // skip the body up to the delimiter line
        while (i < n) {
          let j = src.indexOf('\n', i);
          if (j < 0) j = n;
          let line = src.slice(i, j).replace(/\r$/, '');
          if (h.strip) line = line.replace(/^\t+/, '');
          i = j + 1;
          if (line === h.delim) break;
        }
      }
      heredocs = [];
      continue;
    }
    if (c === '<') {
      PLACEHOLDER.lastIndex = i;
      if (PLACEHOLDER.test(src)) { // `<image>` in documentation: a word (`<registry>/app` too)
        let e = PLACEHOLDER.lastIndex;
        let value: string | undefined = src.slice(i, e);
        if (e < n && !BREAK.has(src[e])) { const w = readWord(src, e); value = w.value === undefined ? undefined : value + w.value; e = w.e; }
        if (redirect) redirect = false;
        else cur.push({ s: i, e, raw: src.slice(i, e), value, quoted: false, bareVar: false });
        i = e;
        continue;
      }
      if (src.startsWith('<<<', i)) { i += 3; redirect = true; continue; }
      if (src.startsWith('<<', i)) { wantDelim = src[i + 2] === '-'; i += wantDelim ? 3 : 2; continue; }
      i += src[i + 1] === '&' || src[i + 1] === '>' ? 2 : 1;
      redirect = true;
      continue;
    }
    if (c === '>') {
      i += src[i + 1] === '>' || src[i + 1] === '&' || src[i + 1] === '|' ? 2 : 1;
      redirect = true;
      continue;
    }
    if (c === '&' && src[i + 1] === '>') { i += src[i + 2] === '>' ? 3 : 2; redirect = true; continue; }
    if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      end();
      redirect = false;
      i += (c === '&' || c === '|' || c === ';') && src[i + 1] === c ? 2 : 1;
      if (c === '|' && src[i] === '&') i++;
      continue;
    }
    const w = readWord(src, i);
    i = w.e > i ? w.e : i + 1;
    if (/^\d+$/.test(w.raw) && (src[w.e] === '<' || src[w.e] === '>')) continue; // 2>file: the fd
    if (wantDelim !== undefined) { heredocs.push({ delim: w.value ?? w.raw, strip: wantDelim }); wantDelim = undefined; continue; }
    if (redirect) { redirect = false; nested(w); continue; }
    cur.push(w);
    nested(w);
  }
  end();
  return out;
}

function shift(w: Word, by: number): Word {
  const x: Word = { ...w, s: w.s + by, e: w.e + by };
  if (w.subs) x.subs = w.subs.map(([a, b]) => [a + by, b + by]);
  return x;
}
