import { defineRule, FixDraft } from '../../rule';
import { YNode, bool, get, getStr, isMap, isScalar, isSeq, nodeSpan, seqItems, str } from '../../model/yaml';
import { insertPair, setScalar } from '../../edits/yaml-edits';
import { serviceLayers, findKey, findAll, reportedElsewhere, serviceBuild, dockerfileRelated, Layer } from './util';
import { stageUser } from '../../project/image-source';
import { isRootUser } from '../../model/dockerfile';
import { imageInfo, parseImageRef, stageBaseImage, substituteDefaults, imageRootReason } from '../../knowledge';
import { DEFAULT_FIX } from '../../types';

// `root`, `0`, or either with any group: one check for the `user:` values and for `fix.user`,
// shared with dockerfile/root-user.
export { isRootUser };

const SOCKET = /(^|\/)docker\.sock$/;

/**
 * Why changing the user would break this service (RULES.md: privileged, the Docker socket, an
 * absolute host path, an image that drops privileges itself or needs root to start), or undefined.
 */
function keepRoot(layers: Layer[], image: string | undefined): string | undefined {
  const priv = findKey(layers, 'privileged');
  if (priv && bool(priv.value) === true) return 'it is privileged';
  for (const f of findAll(layers, 'volumes')) {
    if (!isSeq(f.value)) continue;
    for (const { value } of seqItems(f.value, f.layer.doc)) {
      let source: string | undefined, target: string | undefined;
      if (isScalar(value)) {
        const parts = substituteDefaults(str(value) ?? '').split(':');
        if (parts.length > 1) { source = parts[0]; target = parts[1]; }
      } else if (isMap(value)) {
        const type = getStr(value, 'type', f.layer.doc);
        source = type === 'bind' || type === undefined ? getStr(value, 'source', f.layer.doc) : undefined;
        target = getStr(value, 'target', f.layer.doc);
      }
      if (!source) continue;
      source = substituteDefaults(source.trim());
      if (SOCKET.test(source) || (target && SOCKET.test(target.trim()))) return 'it mounts the Docker socket, which only root (or the docker group) can use';
      if (source.startsWith('/')) return `it mounts the host path ${source}, whose files a new user may not be able to read or write`;
      // A variable without a default: may name a host path (relative `./x` binds do not count).
      if (source.startsWith('$')) return `it mounts ${source} from the host, whose files a new user may not be able to read or write`;
    }
  }
  return imageRootReason(image);
}

export default defineRule({
  meta: {
    id: 'compose/root-user',
    target: 'compose',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'The service runs as root (`user: root` or UID 0), or (strict) leaves an image that runs as root at its default.',
    fixable: false,
    suggests: true,
    messages: {
      root: 'Service "{{name}}" runs as root (user: {{user}}): a compromised process has root rights over everything the container can reach. {{advice}}',
      inherited: 'Service "{{name}}" runs as root (user: {{user}}, inherited): a compromised process has root rights over everything the container can reach. {{advice}}',
      imageRoot: 'Service "{{name}}" sets no user, and the image "{{image}}" runs as root. {{advice}}',
    },
  },
  check(ctx) {
    const fixUser = ctx.config.fix.user;
    const usable = !isRootUser(fixUser);
    const example = usable ? fixUser : DEFAULT_FIX.user; // the example must not be root
    for (const s of ctx.services) {
      if (!s.map) continue;
      const layers = serviceLayers(ctx, s);
      const imageNode = findKey(layers, 'image');
      const image = imageNode && isScalar(imageNode.value) ? str(imageNode.value) : undefined;
      const built = !!findKey(layers, 'build');
      // The Dockerfile it builds (in the workspace): its USER is the user without `user:`; with
      // none, its base image's user facts count as the image's.
      const build = built ? serviceBuild(ctx, layers) : undefined;
      const dfUser = build?.stage ? stageUser(build.model, build.stage) : undefined;
      const baseImage = built ? (build?.stage && dfUser === undefined ? stageBaseImage(build.model, build.stage) : undefined) : image;
      const why = keepRoot(layers, baseImage);
      const own = typeof dfUser === 'object' && !dfUser.root ? dfUser : undefined;
      const advice = why ? `Changing the user is not suggested: ${why}.`
        : own ? `Remove "user" to run as the Dockerfile's USER "${own.value}", or run as an unprivileged user if the program allows it (user: "${example}").`
        : `Run as an unprivileged user if the program allows it (user: "${example}").`;
      const rel = own && build ? dockerfileRelated(ctx, build, own.ins, `The Dockerfile's USER ${own.value}: the user the service runs as without "user"`) : undefined;
      const related = rel ? [rel] : undefined;
      const title = `Run as "${fixUser}"`;
      const found = findKey(layers, 'user');
      if (!found) {
        // strict: the image's own user is root and it does not drop privileges (knowledge table).
        if (ctx.config.preset !== 'strict' || built || !image || imageInfo(image).user?.value !== 'root') continue;
        const suggestions: FixDraft[] | undefined = usable && !why ? [{ title, edits: [insertPair(ctx.file, s.map, 'user', JSON.stringify(fixUser), { after: ['image', 'build'], first: true })] }] : undefined;
        ctx.report({ at: nodeSpan(s.key)!, messageId: 'imageRoot', severity: 'information', data: { name: s.name, image: parseImageRef(image).name, advice }, suggestions });
        continue;
      }
      if (reportedElsewhere(found) || !isScalar(found.value)) continue;
      const written = str(found.value);
      if (written === undefined) continue;
      const user = substituteDefaults(written); // `${X:-0}` counts by its default
      if (user.includes('$') || !isRootUser(user)) continue;
      const data = { name: s.name, user: written, advice };
      const offer = usable && !why;
      if (found.layer.own && found.lookup.own) {
        const node = found.lookup.pair.value as YNode;
        const at = nodeSpan(node)!;
        // A plain or quoted scalar keeps its quote style; an alias is replaced by a double-quoted value.
        const edit = isScalar(node) ? setScalar(ctx.file, node, fixUser, { quote: true }) : { start: at[0], end: at[1], newText: JSON.stringify(fixUser) };
        ctx.report({ at, messageId: 'root', data, suggestions: offer ? [{ title, edits: [edit] }] : undefined, related });
      } else {
        // Inherited (merge key or another file's service): override it in the service's own map.
        // Set by an override file of the project: a `user:` here would not win over it.
        const suggestions = offer && !found.layer.overlay ? [{ title, edits: [insertPair(ctx.file, s.map, 'user', JSON.stringify(fixUser), { after: ['image', 'build'], first: true })] }] : undefined;
        ctx.report({ at: nodeSpan(s.key)!, messageId: 'inherited', data, suggestions, related });
      }
    }
  },
});
