/**
 * `--format sarif`: SARIF 2.1.0, as GitHub code scanning (`github/codeql-action/upload-sarif`)
 * accepts it. One run; `tool.driver.rules` is the whole rule catalogue (in registry order, so
 * `ruleIndex` is stable); one result per finding with its level (error / warning / note —
 * information and hint are notes), message, location (URI relative to `%SRCROOT%`, the git root
 * or else the working directory, with 1-based line/column, end exclusive, columns in UTF-16
 * code units), related locations, and `fixes` (the preferred fix first, then the alternatives,
 * then the suggestions, whose description starts with "Suggestion (not applied by --fix): ")
 * as artifact changes with replacements. Each rule's `defaultConfiguration` is its default in
 * the active preset (level "none" and enabled false where the preset has it off). Suppressed findings are listed too, with
 * `suppressions: [{kind: "inSource", justification}]`, so code scanning shows them as dismissed.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Fix, Preset, Range, Severity } from '../core/types';
import { DEFAULT_PRESET } from '../core/types';
import { rules } from '../core/rules';
import { DOCS_BASE } from '../core/rule';
import type { FormatContext } from './formatters';
import type { FileResult, Summary } from './results';
import { VERSION } from './version';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
/** The project's home: the repository the rule docs live in. */
export const INFORMATION_URI = DOCS_BASE.replace(/\/blob\/.*$/, '');

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function sarifLevel(s: Severity): Level {
  return LEVEL[s];
}

interface ArtifactLocation { uri: string; uriBaseId?: string }

/** A relative URI (each segment percent-encoded) under `root`, or an absolute file: URI outside it. */
export function artifactLocation(absPath: string, root: string): ArtifactLocation {
  const rel = path.relative(root, absPath);
  if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(absPath).href };
}

function region(r: Range) {
  return {
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

/** The description prefix of a suggestion in `fixes` (SARIF has no kind for it). */
export const SUGGESTION_PREFIX = 'Suggestion (not applied by --fix): ';

function fixOf(fix: Fix, loc: ArtifactLocation, suggestion = false) {
  return {
    description: { text: suggestion ? SUGGESTION_PREFIX + fix.title : fix.title },
    artifactChanges: [{
      artifactLocation: loc,
      replacements: fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
    }],
  };
}

export function formatSarif(files: readonly FileResult[], _summary: Summary, ctx: FormatContext): string {
  const root = ctx.srcRoot ?? process.cwd();
  const preset: Preset = ctx.preset ?? DEFAULT_PRESET;
  const index = new Map(rules.map((r, i) => [r.meta.id, i]));
  const results: object[] = [];
  for (const f of files) {
    const loc = artifactLocation(f.absPath, root);
    const all = [...f.findings, ...(f.suppressed ?? [])].sort((a, b) =>
      a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule));
    for (const x of all) results.push(result(x, loc, f.absPath));
  }

  function result(x: Finding, loc: ArtifactLocation, absPath: string): object {
    const i = index.get(x.rule);
    const nonEmpty = (y: Fix | undefined): y is Fix => y !== undefined && y.edits.length > 0;
    const fixes = [
      ...[x.fix, ...(x.alternatives ?? [])].filter(nonEmpty).map((y) => fixOf(y, loc)),
      ...(x.suggestions ?? []).filter(nonEmpty).map((y) => fixOf(y, loc, true)),
    ];
    return {
      ruleId: x.rule,
      ...(i !== undefined ? { ruleIndex: i } : {}),
      level: sarifLevel(x.severity),
      message: { text: x.message },
      locations: [{ physicalLocation: { artifactLocation: loc, region: region(x.range) } }],
      ...(x.related?.length ? {
        relatedLocations: x.related.map((r, id) => ({
          id,
          message: { text: r.message },
          physicalLocation: {
            artifactLocation: r.path ? artifactLocation(path.resolve(path.dirname(absPath), r.path), root) : loc,
            region: region(r.range),
          },
        })),
      } : {}),
      ...(fixes.length ? { fixes } : {}),
      ...(x.suppressed ? {
        suppressions: [{ kind: 'inSource', ...(x.suppressed.justification ? { justification: x.suppressed.justification } : {}) }],
      } : {}),
    };
  }

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'container-signals',
          version: VERSION,
          semanticVersion: VERSION,
          informationUri: INFORMATION_URI,
          rules: rules.map((r) => ({
            id: r.meta.id,
            name: ruleName(r.meta.id),
            shortDescription: { text: firstSentence(r.meta.description) },
            fullDescription: { text: r.meta.description },
            helpUri: r.meta.docs,
            help: { text: `${r.meta.description} See ${r.meta.docs}`, markdown: `${r.meta.description} [Documentation](${r.meta.docs})` },
            defaultConfiguration: defaultConfiguration(r.meta.presets[preset]),
            properties: { tags: [r.meta.target, ...(r.meta.fixable ? ['fixable'] : []), ...(r.meta.suggests ? ['suggestions'] : [])] },
          })),
        },
      },
      originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(root).href.replace(/\/?$/, '/') } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** A rule's default in the active preset: its level, or disabled (level "none") where the preset has it off. */
function defaultConfiguration(s: Severity | 'off') {
  return s === 'off' ? { enabled: false, level: 'none' } : { level: sarifLevel(s) };
}

/** `compose/missing-init` → `ComposeMissingInit` (SARIF's `name`: an identifier-like form). */
function ruleName(id: string): string {
  return id.split(/[/-]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function firstSentence(s: string): string {
  const m = /^(.+?[.!?])(\s|$)/.exec(s);
  return m ? m[1] : s;
}
