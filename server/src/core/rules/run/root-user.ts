import { defineRule } from '../../rule';
import { RunCommand, flag, insertFlag } from '../../model/run';
import { isRootUser } from '../../model/dockerfile';
import { imageInfo, substituteDefaults, imageRootReason } from '../../knowledge';
import { DEFAULT_FIX } from '../../types';
import { flagText, goBool } from './flag-edits';
import { what } from './util';

const SOCKET = /(^|\/)docker\.sock$/;

/** A shell word for `value` (quoted only when it needs to be). */
function shellWord(value: string): string {
  return /^[A-Za-z0-9_.:@%+\/=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Source and target of a `--mount` value (`type=bind,source=/x,target=/y`). */
function mountParts(value: string): { type?: string; source?: string; target?: string } {
  const out: { type?: string; source?: string; target?: string } = {};
  for (const field of value.split(',')) {
    const i = field.indexOf('=');
    const k = (i < 0 ? field : field.slice(0, i)).trim().toLowerCase(), v = i < 0 ? '' : field.slice(i + 1).trim();
    if (k === 'type') out.type = v;
    else if (k === 'source' || k === 'src') out.source = v;
    else if (k === 'target' || k === 'dst' || k === 'destination') out.target = v;
  }
  return out;
}

/**
 * Why changing the user would break this container (as compose/root-user: privileged, the Docker
 * socket, an absolute host path, an image that drops privileges itself or needs root to start),
 * or undefined.
 */
function keepRoot(c: RunCommand): string | undefined {
  for (const f of c.flags) if (f.name === 'privileged' && goBool(f.value) === true) return 'it is privileged';
  for (const f of c.flags) {
    if (f.name !== 'volume' && f.name !== 'mount') continue;
    if (f.value === undefined) return 'it mounts a volume named by a variable, which may be a host path whose files a new user may not be able to read or write';
    let source: string | undefined, target: string | undefined;
    if (f.name === 'volume') {
      const parts = substituteDefaults(f.value).split(':');
      if (parts.length > 1) { source = parts[0]; target = parts[1]; }
    } else {
      const m = mountParts(substituteDefaults(f.value));
      if (m.type === undefined || m.type === 'bind') { source = m.source; target = m.target; }
    }
    if (!source) continue;
    if (SOCKET.test(source) || (target && SOCKET.test(target))) return 'it mounts the Docker socket, which only root (or the docker group) can use';
    if (source.startsWith('/')) return `it mounts the host path ${source}, whose files a new user may not be able to read or write`;
    if (source.includes('$')) return `it mounts ${source} from the host, whose files a new user may not be able to read or write`;
  }
  const image = c.image?.name;
  return imageRootReason(image);
}

export default defineRule({
  meta: {
    id: 'run/root-user',
    target: 'run',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'A `docker run` line runs the container as root (`-u 0`, `--user root`, any group), or (strict) sets no user on an image that runs as root.',
    fixable: false,
    suggests: true,
    messages: {
      root: '{{command}} runs the container as root ({{flag}}): a compromised process has root rights over everything the container can reach. {{advice}}',
      imageRoot: '{{command}} sets no user, and the image runs as root. {{advice}}',
    },
  },
  check(ctx) {
    const fixUser = ctx.config.fix.user;
    const usable = !isRootUser(fixUser);
    const example = usable ? fixUser : DEFAULT_FIX.user; // the example must not be root
    for (const c of ctx.commands) {
      if (ctx.config.preset === 'strict' && !c.opaque && c.image && !flag(c, 'user') && imageInfo(c.image.name).user?.value === 'root') {
        // strict: the image's own user is root and it does not drop privileges (knowledge table), as compose/root-user.
        const why = keepRoot(c);
        const advice = why ? `Changing the user is not suggested: ${why}.` : `Run as an unprivileged user if the program allows it (--user ${example}).`;
        const edit = usable && !why ? insertFlag(c, `--user ${shellWord(fixUser)}`) : undefined;
        ctx.report({
          at: c.image.at, messageId: 'imageRoot', severity: 'information', data: { command: what(c), advice },
          suggestions: edit && [{ title: `Run as "${fixUser}"`, edits: [edit] }],
        });
      }
      for (const f of c.flags) {
        if (f.name !== 'user' || f.value === undefined) continue;
        const user = substituteDefaults(f.value);
        if (user.includes('$') || !isRootUser(user)) continue;
        const why = keepRoot(c);
        const advice = why ? `Changing the user is not suggested: ${why}.` : `Run as an unprivileged user if the program allows it (--user ${example}).`;
        const offer = usable && !why && c.exact && f.valueAt;
        ctx.report({
          at: f.at, messageId: 'root', data: { command: what(c), flag: flagText(ctx.lines, f), advice },
          suggestions: offer ? [{ title: `Run as "${fixUser}"`, edits: [{ start: f.valueAt![0], end: f.valueAt![1], newText: shellWord(fixUser) }] }] : undefined,
        });
      }
    }
  },
});
