/**
 * Manifest builders for the k8s rule tables: each puts a fixed header around the part of the
 * manifest a case is about. Plain string concatenation, nothing else.
 *
 * The part is a template literal that starts with a line break (dropped) and is written at the
 * indentation it has in the manifest, so the columns in `errors` read straight off the table.
 * Each builder says how many header lines come first, so the lines do too.
 */

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n';
const APP = '  containers:\n    - name: app\n      image: x\n';
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    spec:\n';

/** The text after its leading line break ('' stays ''). */
function part(text: string): string {
  if (text === '') return '';
  if (!text.startsWith('\n')) throw new Error('a manifest part starts with a line break');
  return text.slice(1);
}

/**
 * ```yaml
 * apiVersion: v1
 * kind: Pod
 * metadata:
 *   name: p
 * spec:
 * ```
 * then `spec`, the pod spec (2-space indentation): its first line is line 6.
 */
export function pod(spec: string): string {
  return POD + part(spec);
}

/**
 * `pod` with one container:
 * ```yaml
 *   containers:
 *     - name: app
 *       image: x
 * ```
 * then `rest`, from line 9: the container's other keys (6-space indentation), and whatever
 * follows it (more containers, pod keys such as `volumes`).
 */
export function appPod(rest: string): string {
  return POD + APP + part(rest);
}

/**
 * ```yaml
 * apiVersion: apps/v1
 * kind: Deployment
 * metadata:
 *   name: api
 * spec:
 *   selector:
 *     matchLabels: {app: api}
 *   template:
 *     spec:
 * ```
 * then `podSpec`, the template's pod spec (6-space indentation): its first line is line 10.
 */
export function deployment(podSpec: string): string {
  return DEPLOYMENT + part(podSpec);
}
