/**
 * `.container-signals.yaml` for the editor: the same file and the same parser (core/config.ts)
 * as the CLI. The nearest file at or above a document, not above its workspace folder, applies;
 * the editor's `containerSignals.*` settings override it. Parsed files are cached by path and
 * dropped when the file changes on disk or in an open buffer.
 */
import * as path from 'node:path';
import { DEFAULT_PRESET } from '../core/types';
import { CONFIG_FILE_NAME, createIgnoreMatcher, parseConfig, resolveComposeProjects } from '../core/config';
import type { ConfigFile } from '../core/config';
import type { Config } from '../core/types';
import { DEFAULT_FIX } from '../core/types';
import type { Settings } from './settings';
import { readText } from '../files/read';
import type { Workspace } from './workspace';

export interface ProjectConfig { path: string; dir: string; file: ConfigFile; ignored: (p: string) => boolean }

export class ProjectConfigs {
  private cache = new Map<string, ProjectConfig | null>();
  constructor(private workspace: Workspace, private openText: (p: string) => string | undefined) {}

  /** The config that applies to the file at `docPath`, if any. */
  forPath(docPath: string): ProjectConfig | undefined {
    const folder = this.workspace.folderPaths
      .filter((f) => docPath === f || docPath.startsWith(f + path.sep))
      .sort((a, b) => b.length - a.length)[0];
    if (!folder) return undefined;
    for (let d = path.dirname(docPath); ; d = path.dirname(d)) {
      const found = this.load(path.join(d, CONFIG_FILE_NAME));
      if (found) return found;
      if (d === folder || path.dirname(d) === d || !d.startsWith(folder)) return undefined;
    }
  }

  private load(p: string): ProjectConfig | undefined {
    const hit = this.cache.get(p);
    if (hit !== undefined) return hit ?? undefined;
    const raw = this.openText(p) ?? readText(p);
    let cfg: ProjectConfig | null = null;
    if (raw !== undefined) {
      const file = parseConfig(raw.replace(/^\uFEFF/, ''));
      const dir = path.dirname(p);
      const match = createIgnoreMatcher(file.ignore);
      cfg = { path: p, dir, file, ignored: (docPath) => !!match(path.relative(dir, docPath).split(path.sep).join('/')) };
    }
    this.cache.set(p, cfg);
    return cfg ?? undefined;
  }

  /** Forget cached files (all, or the one at `p`). Returns true when `p` is a config file. */
  invalidate(p?: string): boolean {
    if (p === undefined) { this.cache.clear(); return true; }
    if (path.basename(p) !== CONFIG_FILE_NAME) return false;
    this.cache.clear(); // a new or deleted file changes which file applies below it
    return true;
  }
}

/**
 * Defaults ← `.container-signals.yaml` ← editor settings. A setting left unset (empty) never
 * masks the file: `preset` and `fix.apply` come from the setting when it is set, else the file,
 * else the defaults (recommended; no rule promoted).
 */
export function effectiveConfig(settings: Settings, project: ProjectConfig | undefined): Config {
  const file = project?.file.config;
  return {
    rules: { ...(file?.rules ?? {}), ...settings.rules },
    fix: { ...DEFAULT_FIX, ...(file?.fix ?? {}), ...settings.fix },
    preset: settings.preset ?? file?.preset ?? DEFAULT_PRESET,
    apply: [...(settings.apply ?? file?.apply ?? [])],
    ...(project && file?.composeProjects?.length ? { composeProjects: resolveComposeProjects(file.composeProjects, project.dir) } : {}),
  };
}
