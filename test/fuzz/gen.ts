/**
 * fast-check generators of Compose files, Kubernetes manifests and Dockerfiles in many styles:
 * block and flow collections, plain/single/double quotes (tabs inside quoted scalars), block
 * scalars, comments before keys and at line ends, anchors, aliases and merge keys, multi-document
 * streams with `---`/`...`, 2- and 4-space indentation, flush and indented sequences, CRLF,
 * CR-only and mixed line breaks, BOM;
 * Dockerfiles with parser directives, the backtick escape, ARG before FROM, stages, continuation
 * lines, heredocs, lower-case keywords, shell/exec/loose-JSON CMD and ENTRYPOINT.
 */
import fc from 'fast-check';
import {
  Entry, Eol, Item, MapN, Quote, RenderedComment, SeqN, Style, YNode, joinLines, plainOk, raw, renderStream, scalar,
} from './yaml-render';

export interface Generated {
  /** `compose`, `k8s` or `dockerfile`. */
  target: 'compose' | 'k8s' | 'dockerfile';
  text: string;
  path: string;
  comments: RenderedComment[];
}

const opt = <T>(a: fc.Arbitrary<T>, freq = 2): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined, freq });
const quoteArb: fc.Arbitrary<Quote> = fc.constantFrom<Quote>('plain', 'plain', 'plain', 'single', 'double', 'double-tab');

const styleArb: fc.Arbitrary<Style> = fc.record({
  indent: fc.constantFrom(2, 2, 4, 3),
  flushSeq: fc.boolean(),
  eol: fc.constantFrom<Style['eol']>('\n', '\n', '\n', '\r\n', '\r', 'mixed'),
  bom: fc.constantFrom(false, false, true),
  finalEol: fc.constantFrom(true, true, true, false),
  quirks: fc.oneof(fc.constant<number[]>([]), fc.array(fc.constantFrom(0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), { minLength: 1, maxLength: 40 })),
});

/** Per-entry decorations: which entries get comments, where, and the quote style of their scalars. */
interface Deco { comments: number[]; quotes: Quote[]; order: number[] }
const decoArb: fc.Arbitrary<Deco> = fc.record({
  comments: fc.array(fc.constantFrom(0, 0, 0, 1, 2, 3), { minLength: 24, maxLength: 24 }),
  quotes: fc.array(quoteArb, { minLength: 24, maxLength: 24 }),
  order: fc.array(fc.nat(1000), { minLength: 24, maxLength: 24 }),
});

function decorate(entries: Entry[], d: Deco, opts: { shuffle?: boolean; keepFirst?: number } = {}): Entry[] {
  const out = entries.map((e, i) => {
    const c = d.comments[i % d.comments.length];
    return { ...e, c: c === 1 || c === 3, before: c >= 2 ? 1 : 0 };
  });
  if (!opts.shuffle) return out;
  const keep = out.slice(0, opts.keepFirst ?? 0);
  const rest = out.slice(opts.keepFirst ?? 0).map((e, i) => ({ e, o: d.order[i % d.order.length] })).sort((a, b) => a.o - b.o).map((x) => x.e);
  return [...keep, ...rest];
}

const seqOf = (values: YNode[], flowStyle: boolean, comments = false): SeqN => ({ k: 'q', flow: flowStyle, items: values.map((value, i): Item => ({ value, c: comments && i % 2 === 0 })) });
const mapOf = (entries: Entry[], flowStyle = false, anchor?: string): MapN => ({ k: 'm', entries, flow: flowStyle, anchor });
const e = (key: string, value: YNode): Entry => ({ key, value });

// ---- Compose ---------------------------------------------------------------------------------

type Cmd =
  | { form: 'string'; s: string; block?: string | undefined }
  | { form: 'list'; argv: string[] };

const SCRIPTS = [
  './migrate && ./app --port 80',
  'echo start; node server.js',
  'until nc -z db 5432; do sleep 1; done; python app.py',
  'trap "exit 0" TERM; ./worker & wait',
  'exec ./server',
  'cd /app && npm start',
  'nginx -g "daemon off;"',
];

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ form: fc.constant('string' as const), s: fc.constantFrom<string>('npm start', './run.sh --port 80', 'python -m http.server', 'sleep infinity', 'tini -- app', 'app\targ') }),
  fc.record({
    form: fc.constant('string' as const),
    s: fc.tuple(fc.constantFrom('sh', '/bin/sh', 'bash', '/bin/bash'), fc.constantFrom(...SCRIPTS), fc.constantFrom('"', "'")).map(([sh, script, q]) => (q === "'" && script.includes("'") ? `${sh} -c "${script}"` : `${sh} -c ${q}${script.replace(/"/g, q === '"' ? '\\"' : '"')}${q}`)),
    block: opt(fc.constantFrom('>', '>-', '|', '|-', 'plain', 'single'), 3),
  }),
  fc.record({ form: fc.constant('list' as const), argv: fc.oneof(
    fc.tuple(fc.constantFrom('sh', '/bin/sh', 'bash'), fc.constantFrom(...SCRIPTS)).map(([sh, s]) => [sh, '-c', s]),
    fc.constantFrom<string[]>(['node', 'server.js'], ['/app/api', '--port', '80'], ['tini', '--', 'app'], ['dumb-init', 'app'], []),
  ) }),
);

function cmdNode(c: Cmd, q: Quote, flowSeq: boolean): YNode {
  if (c.form === 'list') return seqOf(c.argv.map((a) => scalar(a, q)), flowSeq);
  if ((c.block === 'plain' || c.block === 'single') && !c.s.includes('\t') && c.s.includes(' ')) {
    // A plain or single-quoted scalar over two lines (the line break folds into a blank).
    const words = c.s.split(' ');
    const cut = Math.max(1, Math.floor(words.length / 2));
    const [a, b] = [words.slice(0, cut).join(' '), words.slice(cut).join(' ')];
    if (c.block === 'single' && !c.s.includes("'")) return { k: 'b', header: `'${a}`, lines: [`${b}'`], inline: true };
    if (c.block === 'plain' && plainOk(c.s) && !/^[-?:,[\]{}#&*!|>'"%@`]/.test(b) && !b.includes(': ')) return { k: 'b', header: a, lines: [b], inline: true };
    return scalar(c.s, q);
  }
  if (c.block && c.block !== 'plain' && c.block !== 'single' && !c.s.includes('\t')) {
    // A folded scalar spread over two lines where it has a blank (folding joins them with one).
    const words = c.s.split(' ');
    const cut = Math.max(1, Math.floor(words.length / 2));
    const lines = c.block.startsWith('>') && words.length > 2 ? [words.slice(0, cut).join(' '), words.slice(cut).join(' ')] : [c.s];
    return { k: 'b', header: c.block, lines };
  }
  return scalar(c.s, q);
}

const envArb = fc.oneof(
  fc.record({ kind: fc.constant('map' as const), tmpdir: fc.boolean(), flow: fc.boolean(), nul: fc.boolean() }),
  fc.record({ kind: fc.constant('list' as const), tmpdir: fc.boolean(), flow: fc.boolean(), nul: fc.constant(false) }),
  fc.record({ kind: fc.constantFrom('alias' as const, 'null' as const, 'emptyMap' as const, 'emptyList' as const), tmpdir: fc.constant(false), flow: fc.constant(false), nul: fc.constant(false) }),
);

const serviceArb = fc.record({
  image: opt(fc.constantFrom('nginx:1.25', 'example/api:1.0', 'node:20-alpine', 'postgres:16', 'linuxserver/sonarr:latest', 'ghcr.io/acme/app@sha256:abcd', 'busybox', 'jenkins/jenkins:lts'), 5),
  build: opt(fc.constantFrom('.', './api', 'https://github.com/acme/app.git'), 4),
  init: opt(fc.constantFrom('true', 'false', 'yes', '"false"', 'no', '', '~'), 2),
  user: opt(fc.constantFrom('root', '0', '0:0', '"1000:1000"', 'app', 'root:root', '"0"', "'root'", '', 'null'), 2),
  command: opt(cmdArb, 2),
  entrypoint: opt(cmdArb, 4),
  readOnly: opt(fc.constantFrom('true', 'false', 'yes', ''), 2),
  tmpfs: opt(fc.constantFrom<string | string[] | null>('/run', '/tmp', ['/run'], ['/run', '/var/cache'], '/tmp:size=64m', [], null), 3),
  environment: opt(envArb, 2),
  capAdd: opt(fc.subarray(['NET_ADMIN', 'SYS_PTRACE', 'ALL', 'CAP_SYS_PTRACE', 'sys_ptrace', 'CHOWN']), 2),
  grace: opt(fc.constantFrom('10s', '0s', '1m30s', '0', '500ms', 'forever'), 4),
  volumes: opt(fc.subarray(['./data:/data', 'cache:/var/cache:ro', 'tmp:/tmp:ro', '/var/run/docker.sock:/var/run/docker.sock'], { minLength: 1 }), 3),
  labels: opt(fc.constant(true), 4),
  merges: fc.subarray(['base0', 'base1']),
  flowService: fc.constantFrom(false, false, false, false, true),
  flowSeqs: fc.boolean(),
  nullService: fc.constantFrom(false, false, false, false, false, false, true),
  deco: decoArb,
});
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;
type ServiceSpec = ValueOf<typeof serviceArb>;

const baseArb = fc.record({
  restart: fc.boolean(),
  user: opt(fc.constantFrom('root', '"1000"'), 2),
  init: opt(fc.constantFrom('false', 'true'), 2),
  capAdd: opt(fc.constant(['SYS_PTRACE']), 2),
  tmpfs: opt(fc.constant(['/run']), 2),
  environment: opt(fc.constant(true), 2),
  logging: fc.boolean(),
  flow: fc.boolean(),
});

function serviceEntries(s: ServiceSpec, bases: string[]): Entry[] {
  const q = (i: number) => s.deco.quotes[i];
  const out: Entry[] = [];
  const merges = s.merges.filter((m) => bases.includes(m));
  if (merges.length === 1) out.push(e('<<', { k: 'a', name: merges[0] }));
  else if (merges.length > 1) out.push(e('<<', { k: 'q', flow: true, items: merges.map((name) => ({ value: { k: 'a', name } as YNode })) }));
  if (s.image) out.push(e('image', scalar(s.image, q(0))));
  if (s.build) out.push(e('build', scalar(s.build, q(1))));
  if (s.init) out.push(e('init', raw(s.init)));
  if (s.user) out.push(e('user', raw(s.user)));
  if (s.command) out.push(e('command', cmdNode(s.command, q(2), s.flowSeqs)));
  if (s.entrypoint) out.push(e('entrypoint', cmdNode(s.entrypoint, q(3), !s.flowSeqs)));
  if (s.readOnly) out.push(e('read_only', raw(s.readOnly)));
  if (s.tmpfs !== undefined) out.push(e('tmpfs', s.tmpfs === null ? raw('') : typeof s.tmpfs === 'string' ? scalar(s.tmpfs, q(4)) : seqOf(s.tmpfs.map((t) => scalar(t, q(5))), s.flowSeqs, true)));
  if (s.environment) {
    const env = s.environment;
    if (env.kind === 'alias') out.push(e('environment', { k: 'a', name: 'env' }));
    else if (env.kind === 'null') out.push(e('environment', raw('')));
    else if (env.kind === 'emptyMap') out.push(e('environment', mapOf([])));
    else if (env.kind === 'emptyList') out.push(e('environment', seqOf([], false)));
    else if (env.kind === 'map') {
      const entries: Entry[] = [e('NODE_ENV', scalar('production', q(6))), e('GREETING', scalar('hello world: "x"', q(7)))];
      if (env.nul) entries.push(e('EMPTY', raw('')));
      if (env.tmpdir) entries.push(e('TMPDIR', scalar('/var/tmp', q(8))));
      out.push(e('environment', mapOf(entries, env.flow && !env.nul)));
    } else {
      const items = ['NODE_ENV=production', 'A=b c'];
      if (env.tmpdir) items.push('TMPDIR=/tmp');
      out.push(e('environment', seqOf(items.map((x) => scalar(x, q(9))), env.flow, true)));
    }
  }
  if (s.capAdd) out.push(e('cap_add', seqOf(s.capAdd.map((c) => scalar(c, q(10))), s.flowSeqs, true)));
  if (s.grace) out.push(e('stop_grace_period', scalar(s.grace, q(11))));
  if (s.volumes) out.push(e('volumes', seqOf(s.volumes.map((v) => scalar(v, q(12))), s.flowSeqs, true)));
  if (s.labels) out.push(e('labels', mapOf([e('"traefik.http.routers.web.rule"', scalar('Host(`example.com`)', 'double')), e('logging.tag', scalar('{{.Name}}', q(13)))])));
  if (!out.length) out.push(e('image', raw('busybox')));
  return out;
}

export const composeArb: fc.Arbitrary<Generated> = fc.record({
  style: styleArb,
  version: opt(fc.constantFrom('"3.8"', "'3'", '3.9', '"2.4"'), 2),
  bases: fc.array(baseArb, { maxLength: 2 }),
  envAnchor: fc.boolean(),
  services: fc.uniqueArray(fc.tuple(fc.constantFrom('api', 'web', 'worker', 'db', 'cache', 'proxy', 'job-runner', 'svc_1', '"quoted"', 'x.y'), serviceArb), { minLength: 1, maxLength: 4, selector: (t) => t[0] }),
  volumesTop: fc.boolean(),
  docStart: fc.boolean(),
  deco: decoArb,
  twoDocs: fc.constantFrom(false, false, false, true),
  directive: fc.constantFrom(false, false, false, true),
}).map((g) => {
  const bases = g.bases.map((_, i) => `base${i}`);
  const usesEnvAlias = g.services.some(([, s]) => s.environment?.kind === 'alias');
  const top: Entry[] = [];
  if (g.version) top.push(e('version', raw(g.version)));
  g.bases.forEach((b, i) => {
    const entries: Entry[] = [];
    if (b.restart) entries.push(e('restart', raw('unless-stopped')));
    if (b.user) entries.push(e('user', raw(b.user)));
    if (b.init) entries.push(e('init', raw(b.init)));
    if (b.capAdd) entries.push(e('cap_add', seqOf(b.capAdd.map((c) => raw(c)), b.flow)));
    if (b.tmpfs) entries.push(e('tmpfs', seqOf(b.tmpfs.map((c) => raw(c)), b.flow)));
    if (b.environment) entries.push(e('environment', mapOf([e('LOG_LEVEL', raw('info'))], b.flow)));
    if (b.logging) entries.push(e('logging', mapOf([e('driver', raw('json-file')), e('options', mapOf([e('tag', scalar('{{.Name}}', 'double'))], b.flow))])));
    if (!entries.length) entries.push(e('restart', raw('always')));
    top.push(e(`x-base${i}`, mapOf(decorate(entries, g.deco), false, `base${i}`)));
  });
  if (usesEnvAlias || g.envAnchor) top.push(e('x-env', mapOf([e('A', raw('"1"')), e('B', raw('two'))], g.envAnchor && !usesEnvAlias, 'env')));
  const services = g.services.map(([name, s]): Entry => {
    if (s.nullService && !s.merges.length) return e(name, raw(''));
    return e(name, mapOf(decorate(serviceEntries(s, bases), s.deco, { shuffle: true, keepFirst: s.merges.length ? 1 : 0 }), s.flowService));
  });
  top.push(e('services', mapOf(services)));
  if (g.volumesTop) top.push(e('volumes', mapOf([e('data', raw('')), e('cache', mapOf([]))])));
  const docs: Parameters<typeof renderStream>[0] = [{ map: mapOf(decorate(top, g.deco)), start: g.docStart, before: 1, directive: g.directive }];
  // A second document: compose's own rules only read each document on its own.
  if (g.twoDocs) docs.push({ map: mapOf([e('services', mapOf([e('extra', mapOf([e('image', raw('busybox')), e('user', raw('root'))]))]))]), start: true, before: 1 });
  const { text, comments } = renderStream(docs, g.style);
  return { target: 'compose' as const, text, path: '/ws/compose/docker-compose.yml', comments };
});

// ---- Kubernetes ------------------------------------------------------------------------------

const KIND_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

type K8sCmd = { command?: string[]; args?: string[]; blockArgs?: string };

const k8sCmdArb: fc.Arbitrary<K8sCmd> = fc.oneof(
  fc.tuple(fc.constantFrom('sh', '/bin/sh', 'bash'), fc.constantFrom(...SCRIPTS)).map(([sh, s]) => ({ command: [sh, '-c', s] })),
  fc.tuple(fc.constantFrom('sh', '/bin/bash'), fc.constantFrom(...SCRIPTS)).map(([sh, s]) => ({ command: [sh, '-c'], args: [s] })),
  fc.constantFrom<K8sCmd>({ command: ['/app/server'] }, { args: ['--port', '8080'] }, { command: ['tini', '--'], args: ['app'] }),
  fc.constantFrom('|', '|-', '>').map((h): K8sCmd => ({ command: ['/bin/sh', '-c'], blockArgs: h })),
);

const containerArb = fc.record({
  name: fc.constantFrom('app', 'sidecar', 'init-db', 'web', '"quoted"'),
  image: opt(fc.constantFrom('example/app:1.0', 'nginx:1.25', 'busybox', 'gcr.io/distroless/static:nonroot'), 6),
  cmd: opt(k8sCmdArb, 2),
  sc: opt(fc.record({
    runAsUser: opt(fc.constantFrom('0', '1000', '"1000"', '0', '', '~'), 2),
    runAsNonRoot: opt(fc.constantFrom('true', 'false', '', 'null'), 2),
    ro: opt(fc.constantFrom('true', 'false', ''), 2),
    capAdd: opt(fc.subarray(['NET_ADMIN', 'SYS_PTRACE', 'ALL', 'CAP_SYS_PTRACE']), 2),
    capDrop: fc.boolean(),
    flow: fc.constantFrom(false, false, true),
  }), 3),
  mounts: opt(fc.subarray(['data:/data', 'tmp:/tmp', 'cfg:/tmp:ro', 'cache:/var/cache']), 2),
  nullSC: fc.constantFrom(false, false, false, false, true),
  multiline: fc.constantFrom<Cmd['form'] | 'plain' | 'single' | false>(false, false, 'plain', 'single'),
  env: fc.boolean(),
  flowItems: fc.constantFrom(false, false, false, true),
  flowSeqs: fc.boolean(),
  deco: decoArb,
});
type ContainerSpec = ValueOf<typeof containerArb>;

function containerMap(c: ContainerSpec, anchor?: string): MapN {
  const q = (i: number) => c.deco.quotes[i];
  const entries: Entry[] = [e('name', scalar(c.name.replace(/"/g, ''), q(0)))];
  if (c.image) entries.push(e('image', scalar(c.image, q(1))));
  // The script (the last word after `-c`) may be written over two lines.
  const word = (x: string, qq: Quote, flowSeq: boolean): YNode => (c.multiline && !flowSeq && x.includes(' ') ? cmdNode({ form: 'string', s: x, block: c.multiline }, qq, false) : scalar(x, qq));
  if (c.cmd?.command) entries.push(e('command', seqOf(c.cmd.command.map((x) => word(x, q(2), c.flowSeqs)), c.flowSeqs)));
  if (c.cmd?.args) entries.push(e('args', seqOf(c.cmd.args.map((x) => word(x, q(3), !c.flowSeqs)), !c.flowSeqs)));
  if (c.cmd?.blockArgs) entries.push(e('args', seqOf([{ k: 'b', header: c.cmd.blockArgs, lines: ['set -e', './migrate', 'python app.py'] }], false)));
  if (c.env) entries.push(e('env', seqOf([mapOf([e('name', raw('TZ')), e('value', scalar('UTC', q(4)))], c.flowItems)], false)));
  if (c.nullSC) entries.push(e('securityContext', raw('')));
  else if (c.sc) {
    const sc = c.sc;
    const scEntries: Entry[] = [];
    if (sc.runAsUser) scEntries.push(e('runAsUser', raw(sc.runAsUser)));
    if (sc.runAsNonRoot) scEntries.push(e('runAsNonRoot', raw(sc.runAsNonRoot)));
    if (sc.ro) scEntries.push(e('readOnlyRootFilesystem', raw(sc.ro)));
    if (sc.capAdd || sc.capDrop) {
      const caps: Entry[] = [];
      if (sc.capAdd) caps.push(e('add', seqOf(sc.capAdd.map((x) => scalar(x, q(5))), c.flowSeqs, true)));
      if (sc.capDrop) caps.push(e('drop', seqOf([raw('ALL')], !c.flowSeqs)));
      scEntries.push(e('capabilities', mapOf(decorate(caps, c.deco), sc.flow)));
    }
    entries.push(e('securityContext', mapOf(decorate(scEntries, c.deco), sc.flow && scEntries.length > 0)));
  }
  if (c.mounts) {
    entries.push(e('volumeMounts', seqOf(c.mounts.map((m) => {
      const [name, p, ro] = m.split(':');
      const me: Entry[] = [e('name', raw(name)), e('mountPath', scalar(p, q(6)))];
      if (ro) me.push(e('readOnly', raw('true')));
      return mapOf(me, c.flowItems);
    }), false)));
  }
  return mapOf(decorate(entries, c.deco, { shuffle: true, keepFirst: 1 }), false, anchor);
}

const workloadArb = fc.record({
  kind: fc.constantFrom('Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Deployment'),
  name: fc.constantFrom('web', 'api', 'batch-1'),
  annotations: opt(fc.constantFrom('note', 'checkov.io/skip1', 'kube-linter.io/ignore-run-as-non-root'), 4),
  podSC: opt(fc.record({ runAsUser: opt(fc.constantFrom('0', '1000', ''), 2), runAsNonRoot: opt(fc.constantFrom('true', 'false', '~'), 2) }), 3),
  grace: opt(fc.constantFrom('0', '30', ''), 3),
  containers: fc.array(containerArb, { minLength: 1, maxLength: 3 }),
  init: opt(containerArb, 4),
  volumes: opt(fc.subarray(['tmp:emptyDir', 'data:pvc', 'cfg:configMap', 'tmp-1:emptyDir'], { minLength: 1 }), 2),
  selector: fc.boolean(),
  mergeContainers: fc.constantFrom(false, false, true),
  os: opt(fc.constantFrom('linux', 'windows'), 6),
  deco: decoArb,
});

function workloadDoc(w: ValueOf<typeof workloadArb>, docIndex: number): MapN {
  const anchorName = `c${docIndex}`;
  const containers = w.containers.map((c, i) => {
    if (i > 0 && w.mergeContainers) {
      // `- <<: *c0` with its own name: a container that inherits the first one's settings.
      return mapOf([e('<<', { k: 'a', name: anchorName }), e('name', raw(`copy${i}`))]);
    }
    return containerMap(c, i === 0 && w.mergeContainers ? anchorName : undefined);
  });
  const pod: Entry[] = [];
  if (w.podSC) {
    const pe: Entry[] = [];
    if (w.podSC.runAsUser) pe.push(e('runAsUser', raw(w.podSC.runAsUser)));
    if (w.podSC.runAsNonRoot) pe.push(e('runAsNonRoot', raw(w.podSC.runAsNonRoot)));
    pod.push(e('securityContext', mapOf(pe)));
  }
  if (w.grace) pod.push(e('terminationGracePeriodSeconds', raw(w.grace)));
  if (w.os) pod.push(e('nodeSelector', mapOf([e('kubernetes.io/os', raw(w.os))])));
  if (w.init) pod.push(e('initContainers', seqOf([containerMap(w.init)], false)));
  pod.push(e('containers', seqOf(containers, false)));
  if (w.volumes) {
    pod.push(e('volumes', seqOf(w.volumes.map((v) => {
      const [name, type] = v.split(':');
      const src = type === 'emptyDir' ? e('emptyDir', mapOf([])) : type === 'pvc' ? e('persistentVolumeClaim', mapOf([e('claimName', raw('data'))])) : e('configMap', mapOf([e('name', raw('cfg'))]));
      return mapOf([e('name', raw(name)), src]);
    }), false)));
  }
  let node: MapN = mapOf(decorate(pod, w.deco, { shuffle: true }));
  const path = KIND_PATHS[w.kind];
  // Build the path from the pod spec up to the root.
  for (let i = path.length - 2; i >= 0; i--) {
    const key = path[i + 1];
    const entries: Entry[] = [];
    if (key === 'spec' && path[i] === 'template') entries.push(e('metadata', mapOf([e('labels', mapOf([e('app', raw(w.name))]))])));
    entries.push(e(key, node));
    if (path[i] === 'spec' && i === 0 && w.selector && w.kind !== 'Job' && w.kind !== 'CronJob') entries.unshift(e('selector', mapOf([e('matchLabels', mapOf([e('app', raw(w.name))]))])));
    node = mapOf(entries);
  }
  const meta: Entry[] = [e('name', raw(w.name))];
  if (w.annotations) meta.push(e('annotations', mapOf([e(w.annotations, scalar('true', 'double'))])));
  const apiVersion = w.kind === 'Pod' ? 'v1' : w.kind === 'Job' || w.kind === 'CronJob' ? 'batch/v1' : 'apps/v1';
  return mapOf(decorate([e('apiVersion', raw(apiVersion)), e('kind', raw(w.kind)), e('metadata', mapOf(meta)), e('spec', node)], w.deco));
}

const otherDocArb = fc.constantFrom<MapN>(
  mapOf([e('apiVersion', raw('v1')), e('kind', raw('ConfigMap')), e('metadata', mapOf([e('name', raw('cfg'))])), e('data', mapOf([e('a', raw('"1"')), e('script', { k: 'b', header: '|', lines: ['#!/bin/sh', 'exec app'] })]))]),
  mapOf([e('apiVersion', raw('v1')), e('kind', raw('Service')), e('metadata', mapOf([e('name', raw('web'))])), e('spec', mapOf([e('ports', seqOf([mapOf([e('port', raw('80'))], true)], false))]))]),
);

export const k8sArb: fc.Arbitrary<Generated> = fc.record({
  style: styleArb,
  docs: fc.array(fc.oneof({ arbitrary: workloadArb.map((w) => ({ w })), weight: 4 }, { arbitrary: otherDocArb.map((o) => ({ o })), weight: 1 }), { minLength: 1, maxLength: 3 }),
  docStart: fc.boolean(),
  docEnd: fc.boolean(),
  directive: fc.constantFrom(false, false, false, true),
}).map((g) => {
  const docs = g.docs.map((d, i) => ({ map: 'w' in d ? workloadDoc(d.w, i) : d.o, start: g.docStart, end: g.docEnd, before: i % 2, directive: g.directive }));
  const { text, comments } = renderStream(docs, g.style);
  return { target: 'k8s' as const, text, path: '/ws/k8s/deploy.yaml', comments };
});

// ---- Dockerfile ------------------------------------------------------------------------------

const dfCmdArb = fc.constantFrom(
  'node server.js', 'sh -c "./migrate && ./app"', './start.sh && exec app', 'exec nginx -g "daemon off;"',
  '["node", "server.js"]', "['node', 'server.js']", '[ "/app/api" , "--port", "80" ]', '["sh", "-c", "./migrate && ./app"]',
  'python app.py --name "a b"', 'trap "" TERM; app', '["tini", "--", "app"]', 'npm start \\\n    --prefix /app',
);

const stageArb = fc.record({
  image: fc.constantFrom('alpine:3.19', 'debian:bookworm-slim', 'node:20', 'scratch', 'golang:1.22', 'gcr.io/distroless/static:nonroot', '${BASE}', 'ubuntu'),
  name: opt(fc.constantFrom('build', 'base', 'final'), 2),
  fromPrev: fc.constantFrom(false, false, true),
  ins: fc.array(fc.oneof(
    fc.constantFrom('RUN apk add --no-cache curl', 'RUN apt-get update && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*', 'COPY . /app', 'WORKDIR /app',
      'ENV NODE_ENV=production', 'EXPOSE 8080', 'RUN <<EOF\nset -e\necho hi\nEOF', 'HEALTHCHECK CMD curl -f http://localhost/ || exit 1', 'ARG VERSION=1', 'LABEL a="b c"',
      'RUN echo "tab\there"', 'SHELL ["/bin/bash", "-c"]', 'ONBUILD RUN echo hi', 'VOLUME /data'),
    fc.constantFrom('USER root', 'USER 0', 'USER app', 'USER 10001:10001', 'USER 0:0').map((u) => u),
    fc.constantFrom('STOPSIGNAL SIGTERM', 'STOPSIGNAL SIGKILL', 'STOPSIGNAL 9', 'STOPSIGNAL SIGQUIT', 'STOPSIGNAL FOO'),
    dfCmdArb.map((c) => `CMD ${c}`),
    dfCmdArb.map((c) => `ENTRYPOINT ${c}`),
  ), { maxLength: 7 }),
  comments: fc.array(fc.constantFrom(0, 0, 1), { minLength: 10, maxLength: 10 }),
});

export const dockerfileArb: fc.Arbitrary<Generated> = fc.record({
  syntax: fc.boolean(),
  escape: fc.constantFrom('\\', '\\', '\\', '`'),
  argBase: fc.boolean(),
  stages: fc.array(stageArb, { minLength: 1, maxLength: 3 }),
  lower: fc.constantFrom(false, false, false, true),
  indent: fc.constantFrom('', '', '  ', '\t'),
  eol: fc.constantFrom<Eol>('\n', '\n', '\n', '\r\n', '\r', 'mixed'),
  bom: fc.constantFrom(false, false, true),
  blank: fc.boolean(),
}).map((g) => {
  const lines: string[] = [];
  const comments: RenderedComment[] = [];
  let n = 0;
  const comment = () => { const text = `# c${n++}: note`; comments.push({ text, deletable: false }); return text; };
  if (g.syntax) lines.push('# syntax=docker/dockerfile:1');
  if (g.escape === '`') lines.push('# escape=`');
  lines.push(comment());
  if (g.argBase) lines.push('ARG BASE=alpine:3.19');
  const names: string[] = [];
  g.stages.forEach((s, si) => {
    let image = s.image === '${BASE}' && !g.argBase ? 'alpine' : s.image;
    if (s.fromPrev && names.length) image = names[names.length - 1];
    const name = s.name && !names.includes(s.name) ? s.name : undefined;
    if (name) names.push(name);
    const kw = (k: string) => (g.lower ? k.toLowerCase() : k);
    lines.push(`${kw('FROM')} ${image}${name ? ` ${g.lower ? 'as' : 'AS'} ${name}` : ''}`);
    s.ins.forEach((raw, i) => {
      if (s.comments[i % s.comments.length]) lines.push(g.indent + comment());
      let text = raw.replace(/^[A-Z]+/, (k) => kw(k));
      if (g.escape === '`') text = text.replace(/\\\n/g, '`\n').replace(/\\"/g, '"');
      lines.push(g.indent + text);
      if (g.blank && i % 3 === 2) lines.push('');
    });
    if (si === g.stages.length - 1) lines.push(comment());
  });
  const body = joinLines(lines, g.eol, true);
  return { target: 'dockerfile' as const, text: (g.bom ? '\uFEFF' : '') + body, path: '/ws/app/Dockerfile', comments };
});
