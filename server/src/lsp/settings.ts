/**
 * Settings (`containerSignals.*`, resource scope). The server never keeps settings in globals:
 * they are pulled per document with `workspace/configuration` (scopeUri = the document), cached
 * per URI, and the cache is dropped on `workspace/didChangeConfiguration`.
 */
import type { Config, FixSettings, Preset, SeveritySetting } from '../core/types';
import { DEFAULT_FIX, DEFAULT_PRESET, PRESETS, SEVERITY_SETTINGS } from '../core/types';
import { ruleById } from '../core/rules';

export const SECTION = 'containerSignals';

export interface Settings {
  enable: boolean;
  rules: Record<string, SeveritySetting>;
  /** Only what the user set: empty values fall back to `.container-signals.yaml`, then the defaults. */
  fix: Partial<FixSettings>;
  /** `containerSignals.preset`; undefined when unset (empty): `.container-signals.yaml` decides, else recommended. */
  preset?: Preset;
  /** `containerSignals.fix.apply` (known rule ids); undefined when unset (empty): `.container-signals.yaml` decides. */
  apply?: string[];
  /** `containerSignals.maxFileSize`: larger documents are skipped (one information diagnostic), in bytes of UTF-8. */
  maxFileSize: number;
}

/** The default of `containerSignals.maxFileSize`: 2 MB. */
export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

export function defaultSettings(): Settings {
  return { enable: true, rules: {}, fix: {}, maxFileSize: DEFAULT_MAX_FILE_SIZE };
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const nonEmpty = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/**
 * Reads what the client returned for the `containerSignals` section (VS Code nests dotted names:
 * `containerSignals.fix.user` arrives as `{ fix: { user } }`; flat `"fix.user"` keys are accepted
 * too). Anything malformed falls back to the default; unknown severities are ignored.
 */
export function normalizeSettings(raw: unknown): Settings {
  const s = defaultSettings();
  if (!isObject(raw)) return s;
  if (typeof raw.enable === 'boolean') s.enable = raw.enable;
  if (isObject(raw.rules)) {
    for (const [id, v] of Object.entries(raw.rules)) {
      const sev = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
      if (sev && (SEVERITY_SETTINGS as readonly string[]).includes(sev)) s.rules[id] = sev as SeveritySetting;
    }
  }
  if (typeof raw.maxFileSize === 'number' && Number.isFinite(raw.maxFileSize) && raw.maxFileSize >= 1) s.maxFileSize = Math.floor(raw.maxFileSize);
  const fix = isObject(raw.fix) ? raw.fix : {};
  for (const k of ['user', 'tmpfs', 'tmpdir', 'emptyDirSizeLimit'] as const) {
    const v = nonEmpty(fix[k]) ?? nonEmpty(raw[`fix.${k}`]);
    if (v) s.fix[k] = v;
  }
  const preset = nonEmpty(raw.preset)?.toLowerCase();
  if (preset && (PRESETS as readonly string[]).includes(preset)) s.preset = preset as Preset;
  // An empty list is "unset" (VS Code's default): the project file's fix.apply then applies.
  const apply = Array.isArray(fix.apply) ? fix.apply : Array.isArray(raw['fix.apply']) ? raw['fix.apply'] : undefined;
  const ids = (apply ?? []).filter((id): id is string => typeof id === 'string' && ruleById.has(id.trim())).map((id) => id.trim());
  if (ids.length) s.apply = [...new Set(ids)];
  return s;
}

/** The settings alone as a core config (no project file): defaults ← settings. */
export function toConfig(s: Settings): Config {
  return { rules: { ...s.rules }, fix: { ...DEFAULT_FIX, ...s.fix }, preset: s.preset ?? DEFAULT_PRESET, apply: [...(s.apply ?? [])] };
}

/** Per-URI cache of pulled settings. `fetch` asks the client (or returns defaults). */
export class SettingsCache {
  private cache = new Map<string, Promise<Settings>>();
  constructor(private fetch: (uri: string) => Promise<unknown>) {}

  get(uri: string): Promise<Settings> {
    let p = this.cache.get(uri);
    if (!p) {
      p = this.fetch(uri).then(normalizeSettings, () => defaultSettings());
      this.cache.set(uri, p);
    }
    return p;
  }

  delete(uri: string): void { this.cache.delete(uri); }
  clear(): void { this.cache.clear(); }
}
