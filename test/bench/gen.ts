/**
 * Deterministic benchmark inputs (seeded PRNG, never Math.random): multi-document Kubernetes
 * streams, Compose files and Dockerfiles shaped like the ones people write, with the settings our
 * rules look at (securityContext, volumeMounts, `sh -c` commands, tmpfs, cap_add, shell-form CMD…)
 * mixed in at realistic rates so that lint and harden do real work.
 */

/** mulberry32: tiny, fast, good enough for shaping test data. */
export class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)]; }
  /** `n` distinct items, in random order. */
  sample<T>(xs: readonly T[], n: number): T[] {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(this.next() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; }
    return a.slice(0, Math.min(n, a.length));
  }
}

const TEAMS = ['payments', 'search', 'identity', 'platform', 'billing', 'ingest', 'notify', 'catalog'];
const WORDS = ['api', 'worker', 'gateway', 'cache', 'indexer', 'scheduler', 'sync', 'export', 'auth', 'ledger', 'feed', 'router'];
const IMAGES = ['node:20-alpine', 'python:3.12-slim', 'golang:1.22', 'eclipse-temurin:21-jre', 'nginx:1.27-alpine', 'redis:7.2', 'postgres:16', 'busybox:1.36'];
const ENV_KEYS = ['LOG_LEVEL', 'HTTP_PORT', 'DATABASE_URL', 'REDIS_HOST', 'FEATURE_FLAGS', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'JAVA_OPTS', 'GOMAXPROCS', 'TZ', 'CACHE_TTL', 'MAX_CONNECTIONS', 'REGION'];
const SCRIPTS = [
  'echo starting; ./server --port=8080',
  'until nc -z db 5432; do sleep 1; done && exec ./app',
  'python manage.py migrate && python manage.py runserver 0.0.0.0:8000',
  'trap "kill -TERM $child" TERM; ./worker & child=$!; wait $child',
  'envsubst < /etc/app/config.tmpl > /tmp/config.yaml && node server.js',
  'cat /etc/motd; java $JAVA_OPTS -jar /app/app.jar',
];

function envValue(r: Rng, key: string): string {
  switch (key) {
    case 'LOG_LEVEL': return r.pick(['info', 'debug', 'warn']);
    case 'HTTP_PORT': return String(r.pick([8080, 8000, 3000, 9090]));
    case 'DATABASE_URL': return `postgres://app@db-${r.int(1, 9)}.internal:5432/app`;
    case 'REDIS_HOST': return `redis-${r.int(1, 4)}.cache.svc.cluster.local`;
    case 'FEATURE_FLAGS': return 'new-checkout,fast-search';
    case 'JAVA_OPTS': return '-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError';
    case 'GOMAXPROCS': return String(r.int(1, 8));
    case 'TZ': return 'UTC';
    case 'CACHE_TTL': return `${r.int(10, 600)}s`;
    case 'MAX_CONNECTIONS': return String(r.int(10, 500));
    case 'REGION': return r.pick(['eu-west-1', 'us-east-1', 'ap-south-1']);
    default: return `http://otel-collector.observability:${r.int(4317, 4318)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Kubernetes

function k8sContainer(r: Rng, out: string[], ind: string, name: string, app: string, init: boolean): void {
  out.push(`${ind}- name: ${name}`);
  out.push(`${ind}  image: registry.example.com/${app}:${r.int(1, 3)}.${r.int(0, 20)}.${r.int(0, 9)}`);
  out.push(`${ind}  imagePullPolicy: IfNotPresent`);
  const cmd = r.next();
  if (cmd < 0.18) {
    // shell with -c, as a block list with a literal block script
    out.push(`${ind}  command:`, `${ind}    - /bin/sh`, `${ind}    - -c`, `${ind}    - |`);
    for (const l of r.pick(SCRIPTS).split('; ')) out.push(`${ind}      ${l}`);
  } else if (cmd < 0.3) {
    out.push(`${ind}  command: ["sh", "-c", "${r.pick(SCRIPTS).replace(/"/g, '\\"')}"]`);
  } else if (cmd < 0.55) {
    out.push(`${ind}  args:`, `${ind}    - --port=8080`, `${ind}    - --metrics-port=9090`);
  }
  if (init) {
    out.push(`${ind}  volumeMounts:`, `${ind}    - name: data`, `${ind}      mountPath: /data`);
    return;
  }
  out.push(`${ind}  ports:`, `${ind}    - name: http`, `${ind}      containerPort: 8080`, `${ind}      protocol: TCP`);
  if (r.chance(0.5)) out.push(`${ind}    - name: metrics`, `${ind}      containerPort: 9090`);
  out.push(`${ind}  env:`);
  for (const key of r.sample(ENV_KEYS, r.int(3, 10))) {
    if (r.chance(0.15)) {
      out.push(`${ind}    - name: ${key}_FROM_SECRET`, `${ind}      valueFrom:`, `${ind}        secretKeyRef:`, `${ind}          name: ${app}-secrets`, `${ind}          key: ${key.toLowerCase()}`);
    } else {
      out.push(`${ind}    - name: ${key}`, `${ind}      value: "${envValue(r, key)}"`);
    }
  }
  if (r.chance(0.3)) out.push(`${ind}    - name: POD_NAME`, `${ind}      valueFrom:`, `${ind}        fieldRef:`, `${ind}          fieldPath: metadata.name`);
  out.push(`${ind}  resources:`, `${ind}    requests:`, `${ind}      cpu: ${r.int(50, 500)}m`, `${ind}      memory: ${r.int(64, 1024)}Mi`,
    `${ind}    limits:`, `${ind}      memory: ${r.int(256, 4096)}Mi`);
  if (r.chance(0.7)) {
    out.push(`${ind}  readinessProbe:`, `${ind}    httpGet:`, `${ind}      path: /healthz`, `${ind}      port: http`, `${ind}    periodSeconds: 10`);
    out.push(`${ind}  livenessProbe:`, `${ind}    httpGet:`, `${ind}      path: /livez`, `${ind}      port: http`, `${ind}    initialDelaySeconds: ${r.int(5, 60)}`);
  }
  const readOnly = r.chance(0.45);
  if (r.chance(0.8)) {
    out.push(`${ind}  securityContext:`, `${ind}    allowPrivilegeEscalation: false`);
    if (readOnly) out.push(`${ind}    readOnlyRootFilesystem: true`);
    const u = r.next();
    if (u < 0.1) out.push(`${ind}    runAsUser: 0`);
    else if (u < 0.55) out.push(`${ind}    runAsNonRoot: true`, `${ind}    runAsUser: ${r.pick([1000, 10001, 65532])}`);
    out.push(`${ind}    capabilities:`, `${ind}      drop: ["ALL"]`);
    if (r.chance(0.08)) out.push(`${ind}      add: ["SYS_PTRACE"]`);
    else if (r.chance(0.1)) out.push(`${ind}      add:`, `${ind}        - NET_BIND_SERVICE`);
  }
  out.push(`${ind}  volumeMounts:`, `${ind}    - name: config`, `${ind}      mountPath: /etc/${app}`, `${ind}      readOnly: true`);
  if (r.chance(0.4)) out.push(`${ind}    - name: tmp`, `${ind}      mountPath: /tmp`);
  if (r.chance(0.3)) out.push(`${ind}    - name: data`, `${ind}      mountPath: /var/lib/${app}`);
}

function k8sWorkload(r: Rng, out: string[], i: number, kind: 'Deployment' | 'StatefulSet'): void {
  const team = r.pick(TEAMS), app = `${team}-${r.pick(WORDS)}-${i}`;
  if (r.chance(0.5)) out.push(`# Source: ${team}/templates/${kind.toLowerCase()}.yaml`);
  out.push('apiVersion: apps/v1', `kind: ${kind}`, 'metadata:', `  name: ${app}`, `  namespace: ${team}`, '  labels:',
    `    app.kubernetes.io/name: ${app}`, `    app.kubernetes.io/part-of: ${team}`, '    app.kubernetes.io/managed-by: Helm');
  if (r.chance(0.15)) out.push('  annotations:', `    deployment.kubernetes.io/revision: "${r.int(1, 40)}"`, '    ignore-check.kube-linter.io/no-read-only-root-fs: "writes caches"');
  out.push('spec:', `  replicas: ${r.int(1, 9)}`);
  if (kind === 'StatefulSet') out.push(`  serviceName: ${app}-headless`, '  podManagementPolicy: Parallel');
  out.push('  selector:', '    matchLabels:', `      app.kubernetes.io/name: ${app}`, '  template:', '    metadata:', '      labels:',
    `        app.kubernetes.io/name: ${app}`);
  if (r.chance(0.4)) out.push('      annotations:', `        checksum/config: ${(r.next() * 1e16).toString(16).padStart(14, '0')}`, '        prometheus.io/scrape: "true"');
  out.push('    spec:');
  if (r.chance(0.3)) out.push('      # keep the pod around long enough to drain connections');
  out.push(`      terminationGracePeriodSeconds: ${r.chance(0.07) ? 0 : r.pick([30, 60, 120])}`);
  out.push(`      serviceAccountName: ${app}`);
  if (r.chance(0.5)) out.push('      securityContext:', '        runAsNonRoot: true', '        runAsUser: 10001', '        fsGroup: 10001');
  if (r.chance(0.2)) {
    out.push('      initContainers:');
    k8sContainer(r, out, '        ', 'init-perms', app, true);
  }
  out.push('      containers:');
  k8sContainer(r, out, '        ', 'app', app, false);
  if (r.chance(0.25)) k8sContainer(r, out, '        ', 'sidecar', app, false);
  out.push('      volumes:', '        - name: config', '          configMap:', `            name: ${app}-config`);
  if (r.chance(0.5)) out.push('        - name: tmp', '          emptyDir: {}');
  if (kind === 'StatefulSet') {
    out.push('  volumeClaimTemplates:', '    - metadata:', '        name: data', '      spec:', '        accessModes: ["ReadWriteOnce"]',
      '        resources:', '          requests:', `            storage: ${r.int(1, 100)}Gi`);
  } else {
    out.push('        - name: data', '          emptyDir:', '            sizeLimit: 1Gi');
  }
}

function k8sService(r: Rng, out: string[], i: number): void {
  const team = r.pick(TEAMS), app = `${team}-${r.pick(WORDS)}-${i}`;
  out.push('apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${app}`, `  namespace: ${team}`, '  labels:',
    `    app.kubernetes.io/name: ${app}`, 'spec:', `  type: ${r.pick(['ClusterIP', 'ClusterIP', 'NodePort'])}`, '  selector:',
    `    app.kubernetes.io/name: ${app}`, '  ports:', '    - name: http', '      port: 80', '      targetPort: http', '      protocol: TCP');
  if (r.chance(0.4)) out.push('    - name: metrics', '      port: 9090', '      targetPort: 9090');
}

function k8sConfigMap(r: Rng, out: string[], i: number): void {
  const team = r.pick(TEAMS), app = `${team}-${r.pick(WORDS)}-${i}`;
  out.push('apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${app}-config`, `  namespace: ${team}`, 'data:');
  out.push(`  LOG_LEVEL: ${r.pick(['info', 'debug'])}`, `  CACHE_TTL: "${r.int(10, 600)}"`);
  out.push('  application.yaml: |');
  const n = r.int(8, 30);
  out.push('    server:', `      port: ${r.pick([8080, 8000])}`, '      shutdown: graceful', '    spring:', '      lifecycle:', '        timeout-per-shutdown-phase: 20s');
  for (let k = 0; k < n; k++) out.push(`    ${r.pick(WORDS)}.${r.pick(WORDS)}.limit-${k}: ${r.int(1, 10000)}`);
  if (r.chance(0.3)) out.push('  nginx.conf: |', '    worker_processes auto;', '    events { worker_connections 1024; }', '    http {', '      server { listen 8080; location / { proxy_pass http://127.0.0.1:3000; } }', '    }');
}

/** A `---` stream of at least `lines` lines: ~45% Deployments/StatefulSets, ~25% Services, ~30% ConfigMaps. */
export function genK8s(lines: number, seed: number): string {
  const r = new Rng(seed);
  const out: string[] = ['# Rendered manifests (benchmark input, generated)'];
  let i = 0;
  while (out.length < lines) {
    if (i > 0) out.push('---');
    const x = r.next();
    if (x < 0.33) k8sWorkload(r, out, i, 'Deployment');
    else if (x < 0.45) k8sWorkload(r, out, i, 'StatefulSet');
    else if (x < 0.7) k8sService(r, out, i);
    else k8sConfigMap(r, out, i);
    i++;
  }
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Compose

/** How many `x-common-<team>` anchors a compose file has. */
const COMMON_GROUPS = 4;

export function genCompose(services: number, seed: number): string {
  const r = new Rng(seed);
  const out: string[] = [];
  if (r.chance(0.7)) out.push('version: "3.8"', '');
  out.push('x-logging: &default-logging', '  driver: json-file', '  options:', '    max-size: "10m"', '    max-file: "3"', '');
  // One `x-common` block per team, as large files split them, with no alias inside: each anchor is
  // merged about 30 times in compose-300, under the 100 alias uses (times the aliases inside the
  // anchored node) at which dclint (yaml's toJS `maxAliasCount`) gives up on a file.
  for (const team of TEAMS.slice(0, COMMON_GROUPS)) {
    out.push(`x-common-${team}: &common-${team}`, '  restart: unless-stopped', '  logging:', '    driver: local', `  environment: &env-${team}`, '    TZ: UTC', '    LOG_LEVEL: info', `    TEAM: ${team}`, '');
  }
  out.push('services:');
  for (let i = 0; i < services; i++) {
    const team = r.pick(TEAMS), name = `${r.pick(WORDS)}-${i}`;
    out.push(`  ${name}:`);
    const merged = r.chance(0.4);
    const group = TEAMS[i % COMMON_GROUPS];
    if (merged) out.push(`    <<: *common-${group}`);
    if (r.chance(0.25)) out.push('    build:', `      context: ./services/${name}`, '      dockerfile: Dockerfile');
    else out.push(`    image: ${r.chance(0.5) ? r.pick(IMAGES) : `ghcr.io/${team}/${name}:${r.int(1, 5)}.${r.int(0, 30)}`}`);
    if (r.chance(0.3)) out.push(`    container_name: ${team}-${name}`);
    const c = r.next();
    if (c < 0.2) out.push(`    command: sh -c "${r.pick(SCRIPTS).replace(/"/g, '\\"')}"`);
    else if (c < 0.3) out.push('    command:', '      - /bin/bash', '      - -c', '      - |', ...r.pick(SCRIPTS).split('; ').map((l) => `        ${l}`));
    else if (c < 0.5) out.push(`    command: ["${name}", "--config", "/etc/${name}/config.yaml"]`);
    if (r.chance(0.1)) out.push('    entrypoint: ["/sbin/tini", "--"]');
    if (r.chance(0.3)) out.push('    init: true');
    const u = r.next();
    if (u < 0.12) out.push('    user: root');
    else if (u < 0.2) out.push('    user: "0:0"');
    else if (u < 0.55) out.push('    user: "1000:1000"');
    const readOnly = r.chance(0.3);
    if (readOnly) out.push('    read_only: true');
    const t = r.next();
    if (t < 0.2) out.push('    tmpfs:', '      - /tmp:size=64m,mode=1777');
    else if (t < 0.3) out.push('    tmpfs: /run');
    else if (t < 0.4) out.push('    tmpfs:', '      - /run', '      - /var/cache');
    if (merged && r.chance(0.5)) out.push('    environment:', `      <<: *env-${group}`, `      SERVICE_NAME: ${name}`);
    else if (r.chance(0.5)) {
      out.push('    environment:');
      for (const key of r.sample(ENV_KEYS, r.int(2, 8))) out.push(`      - ${key}=${envValue(r, key)}`);
      if (r.chance(0.2)) out.push('      - TMPDIR=/tmp');
    } else if (!merged) {
      out.push('    environment:');
      for (const key of r.sample(ENV_KEYS, r.int(2, 8))) out.push(`      ${key}: "${envValue(r, key)}"`);
    }
    if (r.chance(0.25)) out.push('    env_file:', '      - .env', `      - ./services/${name}.env`);
    const cap = r.next();
    if (cap < 0.1) out.push('    cap_add:', '      - SYS_PTRACE');
    else if (cap < 0.2) out.push('    cap_add:', '      - NET_ADMIN', '      - NET_BIND_SERVICE');
    else if (cap < 0.23) out.push('    cap_add: [ALL]');
    if (r.chance(0.4)) out.push('    cap_drop:', '      - ALL');
    if (r.chance(0.6)) out.push('    ports:', `      - "${r.int(3000, 9999)}:${r.pick([80, 8080, 3000])}"`);
    if (r.chance(0.5)) {
      out.push('    volumes:', `      - ./config/${name}:/etc/${name}:ro`, `      - ${name}-data:/var/lib/${name}`);
      if (r.chance(0.2)) out.push('      - type: tmpfs', '        target: /tmp');
    }
    if (i > 0 && r.chance(0.5)) out.push('    depends_on:', `      - ${r.pick(WORDS)}-${r.int(0, i - 1)}`);
    if (r.chance(0.4)) out.push('    healthcheck:', `      test: ["CMD", "wget", "-qO-", "http://localhost:8080/healthz"]`, '      interval: 10s', '      timeout: 3s', '      retries: 5');
    if (r.chance(0.2)) out.push(`    stop_grace_period: ${r.pick(['0s', '30s', '1m', '500ms'])}`);
    if (r.chance(0.15)) out.push('    stop_signal: SIGINT');
    if (r.chance(0.3)) out.push('    networks:', '      - backend');
    if (!merged && r.chance(0.15)) out.push('    logging: *default-logging');
    if (r.chance(0.1)) out.push('    # TODO: drop this once the migration is done');
  }
  out.push('', 'networks:', '  backend:', '    driver: bridge', '', 'volumes:');
  for (let i = 0; i < Math.min(services, 50); i++) out.push(`  vol-${i}: {}`);
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Dockerfile

function dfStage(r: Rng, out: string[], idx: number, final: boolean, small: boolean): void {
  const base = r.pick(IMAGES);
  out.push(`FROM ${base}${final ? '' : ` AS stage${idx}`}`);
  if (r.chance(0.4)) out.push('# dependencies first, for the layer cache');
  out.push(`WORKDIR /src/app${idx}`);
  if (r.chance(0.6)) out.push('ARG VERSION', `ENV APP_VERSION=$VERSION NODE_ENV=production PORT=${r.pick([8080, 3000])}`);
  const runs = small ? 1 : r.int(1, 4);
  for (let k = 0; k < runs; k++) {
    if (base.includes('alpine')) {
      out.push('RUN apk add --no-cache \\', '      ca-certificates \\', '      curl \\', '      git \\', '    && update-ca-certificates');
    } else {
      out.push('RUN set -eux; \\', '    apt-get update; \\', '    apt-get install -y --no-install-recommends \\', '      ca-certificates \\',
        '      curl \\', '      gnupg; \\', '    rm -rf /var/lib/apt/lists/*');
    }
    out.push(`COPY ${r.pick(['package*.json', 'go.mod go.sum', 'requirements.txt', 'pom.xml'])} ./`);
    if (r.chance(0.5)) out.push(`RUN --mount=type=cache,target=/root/.cache ${r.pick(['npm ci --omit=dev', 'go mod download', 'pip install -r requirements.txt', 'mvn -B dependency:go-offline'])}`);
  }
  if (small) {
    if (idx > 0) out.push(`COPY --from=stage${idx - 1} /src/app${idx - 1}/out /opt/lib${idx - 1}`);
  } else if (idx > 0 && r.chance(0.5)) out.push(`COPY --from=stage${idx - 1} /src/app${idx - 1}/out /opt/lib${idx - 1}`);
  out.push('COPY . .');
  if (r.chance(0.3)) out.push('HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost:8080/healthz || exit 1');
  if (r.chance(0.3)) out.push('EXPOSE 8080');
  if (r.chance(0.2)) out.push(`STOPSIGNAL ${r.pick(['SIGTERM', 'SIGQUIT', 'SIGKILL', 'SIGINT'])}`);
  if (final || r.chance(0.2)) {
    const u = r.next();
    if (u < 0.4) out.push('USER 10001:10001');
    else if (u < 0.55) out.push('USER root');
    const c = r.next();
    if (c < 0.3) out.push('CMD node server.js --port $PORT');
    else if (c < 0.45) out.push('CMD ./start.sh && tail -f /dev/null');
    else if (c < 0.7) out.push('ENTRYPOINT ["/usr/bin/tini", "--"]', 'CMD ["node", "server.js"]');
    else out.push('CMD ["./app", "--config", "/etc/app/config.yaml"]');
  }
  out.push('');
}

/** A multi-stage Dockerfile of at least `lines` lines. */
export function genDockerfile(lines: number, seed: number): string {
  const r = new Rng(seed);
  const out: string[] = ['# syntax=docker/dockerfile:1.7', 'ARG BASE_REGISTRY=docker.io', ''];
  let idx = 0;
  // Stages until the budget is nearly spent, then the final stage (short stages for short files).
  const small = lines < 200;
  while (out.length < lines - (small ? 30 : 18)) dfStage(r, out, idx++, false, small);
  dfStage(r, out, idx, true, small);
  return out.join('\n');
}

/**
 * A workspace of `n` Compose projects: `p0000/compose.yaml` (three services, one built from the
 * folder's Dockerfile), `p0000/<override>` (init, tmpfs, environment and cap_add for two of them,
 * one service of its own) and `p0000/Dockerfile`. `override` names the second file:
 * `compose.override.yaml` makes each folder one project; another name (`compose.dev.yaml`) makes
 * the same texts files judged alone.
 */
export function genComposeProjects(n: number, seed: number, override: string): Record<string, string> {
  const g = new Rng(seed);
  const r = () => g.next();
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const d = `p${String(i).padStart(4, '0')}`;
    const ro = r() < 0.5;
    out[`${d}/compose.yaml`] = [
      'services:',
      '  api:',
      '    build: .',
      `    command: ["node", "server.js", "--port", "${3000 + (i % 1000)}"]`,
      ...(ro ? ['    read_only: true'] : []),
      '    environment:',
      `      LOG_LEVEL: ${r() < 0.5 ? 'info' : 'debug'}`,
      '  worker:',
      `    image: python:3.${10 + (i % 3)}-slim`,
      '    command: sh -c "python -m worker"',
      '    stop_grace_period: 30s',
      '  db:',
      '    image: postgres:16',
      '    volumes: ["db:/var/lib/postgresql/data"]',
      'volumes:',
      '  db: {}',
      '',
    ].join('\n');
    out[`${d}/${override}`] = [
      'services:',
      '  api:',
      '    init: true',
      '    tmpfs: [/tmp]',
      '    environment:',
      '      NODE_ENV: development',
      '  worker:',
      '    cap_add: [SYS_PTRACE]',
      '    environment: [TMPDIR=/tmp]',
      '  adminer:',
      '    image: adminer:4',
      '    read_only: true',
      '',
    ].join('\n');
    out[`${d}/Dockerfile`] = [
      'FROM node:20-alpine',
      'WORKDIR /app',
      'COPY package*.json ./',
      'RUN npm ci --omit=dev',
      'COPY . .',
      `USER ${r() < 0.5 ? 'node' : '10001:10001'}`,
      'CMD ["node", "server.js"]',
      '',
    ].join('\n');
  }
  return out;
}
