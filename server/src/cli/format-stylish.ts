/**
 * `--format stylish` (the default), after ESLint's: per file with findings a header line (the
 * path relative to the working directory), rows `  line:col  severity  message  rule-id`
 * aligned per file, a blank line; then the summary. Nothing is printed when there are no
 * problems. Colour only when asked for (see FormatContext).
 */
import type { Severity } from '../core/types';
import type { FileResult, Summary } from './results';
import { problemCount } from './results';
import type { FormatContext } from './formatters';

const LABEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' };

const SGR = { reset: 0, bold: 1, dim: 2, underline: 4, red: 31, yellow: 33, blue: 34, gray: 90 } as const;
type Style = keyof typeof SGR;

function paint(on: boolean, text: string, ...styles: Style[]): string {
  if (!on || !styles.length || !text) return text;
  return styles.map((s) => `\x1b[${SGR[s]}m`).join('') + text + '\x1b[0m';
}

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', information: 'blue', hint: 'gray' };

export function plural(n: number, one: string, many: string = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatStylish(files: readonly FileResult[], summary: Summary, ctx: FormatContext): string {
  const c = ctx.color;
  let out = '';
  for (const f of files) {
    if (!f.findings.length) continue;
    const rows = f.findings.map((x) => ({
      line: String(x.range.start.line + 1),
      col: String(x.range.start.character + 1),
      sev: x.severity,
      message: x.message.replace(/\s*\r?\n\s*/g, ' ').trim(),
      rule: x.rule,
    }));
    const wLine = Math.max(...rows.map((r) => r.line.length));
    const wCol = Math.max(...rows.map((r) => r.col.length));
    const wSev = Math.max(...rows.map((r) => LABEL[r.sev].length));
    const wMsg = Math.max(...rows.map((r) => r.message.length));
    out += paint(c, f.path, 'underline') + '\n';
    for (const r of rows) {
      const pos = `${r.line.padStart(wLine)}:${r.col.padEnd(wCol)}`;
      out += `  ${paint(c, pos, 'dim')}  ${paint(c, LABEL[r.sev].padEnd(wSev), SEVERITY_STYLE[r.sev])}  ${r.message.padEnd(wMsg)}  ${paint(c, r.rule, 'dim')}\n`;
    }
    out += '\n';
  }
  const total = problemCount(summary);
  if (!total) return out;
  const style: Style = summary.errors ? 'red' : 'yellow';
  const counts = [
    plural(summary.errors, 'error'), plural(summary.warnings, 'warning'),
    plural(summary.information, 'info', 'info'), plural(summary.hints, 'hint'),
  ].join(', ');
  out += paint(c, `✖ ${plural(total, 'problem')} (${counts})`, style, 'bold') + '\n';
  if (summary.fixable) {
    out += paint(c, `  ${plural(summary.fixable, 'problem')} ${summary.fixable === 1 ? 'is' : 'are'} fixable with --fix`, style, 'bold') + '\n';
  }
  if (summary.suggestions) {
    out += paint(c, `  ${plural(summary.suggestions, 'suggestion')} to review (not applied by --fix; see --fix-dry-run --format json)`, style, 'bold') + '\n';
  }
  return out;
}
