/**
 * What the linter knows about public images it cannot read: shared by the compose and Dockerfile
 * rules, so both judge an image the same way.
 */

/** Normalised image repository (registry `docker.io`, `library/`, tag and digest removed), lower-case. */
export function imageName(image: string): string {
  let s = image.trim().toLowerCase();
  s = s.replace(/@.*$/, '');
  const slash = s.lastIndexOf('/', s.includes('${') ? s.indexOf('${') : s.length);
  const colon = s.indexOf(':', slash + 1);
  if (colon >= 0) s = s.slice(0, colon);
  s = s.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
  return s;
}

/**
 * Images whose own ENTRYPOINT is already an init (their Dockerfile is not in the workspace, so the
 * rules cannot read it). s6-overlay v3 refuses to start when it is not PID 1, so `init: true`
 * would break those images ("s6-overlay-suexec: fatal: can only run as pid 1"), and an ENTRYPOINT
 * written over theirs would drop their init.
 */
const INIT_IMAGES: { re: RegExp; init: string }[] = [
  { re: /^(?:[^/]+\/)?linuxserver\//, init: "s6-overlay's /init" },
  { re: /^pihole\/pihole$/, init: "tini (v6), s6-overlay's /init before" },
  { re: /^(?:ghcr\.io\/)?home-assistant\/|^homeassistant\//, init: "s6-overlay's /init" },
  { re: /^(?:docker\.elastic\.co\/elasticsearch\/)?elasticsearch$/, init: 'tini' },
  { re: /^jenkins\/jenkins$/, init: 'tini' },
  { re: /^(?:ghcr\.io\/docker-mailserver|mailserver)\/docker-mailserver$/, init: 'dumb-init' },
];

/** The init that `image`'s own ENTRYPOINT runs (for a message), or undefined when the image is not known to have one. */
export function knownInitImage(image: string | undefined): string | undefined {
  const name = image && imageName(image);
  if (!name || name.includes('$')) return undefined;
  return INIT_IMAGES.find((x) => x.re.test(name))?.init;
}
