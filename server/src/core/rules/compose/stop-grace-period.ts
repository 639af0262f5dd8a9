import { defineRule } from '../../rule';
import { YNode, isScalar, nodeSpan, str } from '../../model/yaml';
import { serviceLayers, findKey, reportedElsewhere } from './util';

const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/**
 * Seconds of a Go duration string (what compose-go decodes `stop_grace_period` with:
 * `time.ParseDuration`): `1m30s`, `10s`, `1.5h`, `500ms`, `0`; undefined when invalid (e.g. no unit).
 */
export function parseDuration(text: string): number | undefined {
  let t = text;
  let sign = 1;
  if (t[0] === '-' || t[0] === '+') { sign = t[0] === '-' ? -1 : 1; t = t.slice(1); }
  if (t === '0') return 0;
  if (!t) return undefined;
  const re = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
  let total = 0;
  while (t) {
    const m = re.exec(t);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
    total += parseFloat(`${m[1] || '0'}.${m[2] || '0'}`) * UNIT_SECONDS[m[3]];
    t = t.slice(m[0].length);
  }
  return sign * total;
}

export default defineRule({
  meta: {
    id: 'compose/stop-grace-period',
    target: 'compose',
    presets: { recommended: 'warning', strict: 'warning' },
    description: '`stop_grace_period` leaves no time for a graceful stop (0 or under 1s), or is not a valid duration.',
    fixable: false,
    messages: {
      short: 'Service "{{name}}" has stop_grace_period: {{value}}: docker compose stop sends SIGKILL {{when}}, with no time to finish requests or flush data. Give it at least a few seconds (the default is 10s).',
      invalid: 'Service "{{name}}" has stop_grace_period: {{value}}, which is not a valid duration: Compose expects a number with a unit, such as 10s, 1m30s or 500ms (units h, m, s, ms, us, ns).',
    },
  },
  check(ctx) {
    for (const s of ctx.services) {
      if (!s.map) continue;
      const found = findKey(serviceLayers(ctx, s), 'stop_grace_period');
      if (!found || reportedElsewhere(found)) continue;
      const v = found.value;
      if (!isScalar(v) || v.value === null) continue;
      // The value written in the service (or its alias); the service name when it is inherited.
      const written = found.layer.own && found.lookup.own ? nodeSpan(found.lookup.pair.value as YNode) : undefined;
      const where = written ?? nodeSpan(s.key)!;
      const value = str(v) ?? '';
      if (typeof v.value !== 'string') {
        ctx.report({ at: where, messageId: 'invalid', data: { name: s.name, value }, severity: 'error' });
        continue;
      }
      if (value.includes('$')) continue; // interpolated: unknown until run time
      const seconds = parseDuration(value);
      if (seconds === undefined) {
        ctx.report({ at: where, messageId: 'invalid', data: { name: s.name, value }, severity: 'error' });
        continue;
      }
      if (seconds < 1) {
        ctx.report({ at: where, messageId: 'short', data: { name: s.name, value, when: seconds <= 0 ? 'immediately' : `after ${value}` } });
      }
    }
  },
});
