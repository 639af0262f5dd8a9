/**
 * The knowledge tables (RUNTIMES.md as data). Every row cites where the fact comes from: observed
 * on a machine (as RUNTIMES.md records it) or read in the program's or image's own source/docs.
 * Add a row only with evidence of the same kind, and cite it in `source`.
 *
 * Nothing here is logic: `knowledge/index.ts` reads these tables.
 */

/** Which `/bin/sh` an image has (RUNTIMES.md "`/bin/sh -c` by base image"). */
export type ShellKind = 'dash' | 'busybox' | 'bash' | 'none' | 'unknown';

/** The language/runtime a program is built with (RULES.md principle 6). */
export type Family = 'go' | 'jvm' | 'node' | 'python' | 'native' | 'dotnet' | 'ruby' | 'beam' | 'php';

/** What PID 1 is. */
export type Pid1Kind =
  | 'init'            // tini, dumb-init, catatonit, docker-init, s6-overlay /init: forwards signals, reaps
  | 'supervisor'      // supervisord, runit, systemd: stops its children, reaps
  | 'server'          // a known server (postgres, nginx…): handles its stop signal, reaps
  | 'runtime'         // a runtime that handles SIGTERM (Go, JVM, gunicorn…)
  | 'interpreter'     // node, python: no SIGTERM handler by default
  | 'package-manager' // npm/yarn/pnpm start: a package manager and a shell between the signal and the program
  | 'shell'           // a shell running a script
  | 'native'          // a Rust/C/C++ program (no handler known)
  | 'unknown';

const RUNTIMES = 'shared/spec/RUNTIMES.md';

// ---------------------------------------------------------------------------------------------
// Images

export interface ImageRow {
  /** Matched against the normalised repository name (no registry docker.io, no library/, no tag). */
  name: RegExp;
  /** Matched against the tag, when given (the row applies only to those tags). */
  tag?: RegExp;
  shell?: ShellKind;
  /** The image's own ENTRYPOINT is an init/supervisor (RUNTIMES.md "Inits and supervisors"). */
  init?: { name: string; s6?: boolean };
  /** The program the image runs by default (its CMD), a key of PROGRAMS. */
  program?: string;
  /** The image's official `docker-entrypoint.sh` ends with `exec "$@"`: the command becomes PID 1. */
  execEntrypoint?: boolean;
  /** The image's ENTRYPOINT is its program itself (`ENTRYPOINT ["/bin/prometheus"]`): a command is its arguments. */
  entrypointProgram?: boolean;
  /** The runtime family of programs built on or run by this image. */
  family?: Family;
  /**
   * Who the container runs as: 'drops' = starts as root and drops to its own user in its
   * entrypoint; 'needs-root' = needs root to start (binds low ports, chowns, runs a mail stack);
   * 'root' = runs as root and does not drop privileges; 'nonroot' = a non-root USER.
   */
  user?: 'drops' | 'needs-root' | 'root' | 'nonroot';
  /** Loads native libraries from /tmp: a `noexec` tmpfs breaks it. */
  tmpExec?: string;
  /** The image sets no ENTRYPOINT: writing one in a Dockerfile built on it replaces nothing. */
  noEntrypoint?: boolean;
  /** Its package manager when it is not apt (images whose /bin/sh is dash are Debian/Ubuntu: apt). */
  pkg?: 'apk' | 'apt';
  source: string;
}

/**
 * Rows are tried in order; the first row with a given fact answers it (a later row can add facts
 * an earlier one left out). The `-alpine` rule for shells comes first.
 */
export const IMAGES: ImageRow[] = [
  // --- shells by tag / base (RUNTIMES.md table, observed: Debian 12 dash 0.5.12, busybox 1.35, bash 5.2.15)
  { name: /./, tag: /(^|[-.])alpine/, shell: 'busybox', pkg: 'apk', source: `${RUNTIMES} /bin/sh table: *-alpine* tags are busybox ash` },
  { name: /^(alpine|busybox)$/, shell: 'busybox', family: undefined, user: 'root', noEntrypoint: true, source: `${RUNTIMES} /bin/sh table; the image sets no USER and no ENTRYPOINT (docker-library/alpine, docker-library/busybox Dockerfiles)` },
  { name: /^alpine$/, pkg: 'apk', source: 'docker-library/alpine: Alpine Linux, package manager apk' },
  { name: /^(debian|ubuntu)$/, shell: 'dash', user: 'root', noEntrypoint: true, source: `${RUNTIMES} /bin/sh table (Debian 12 dash 0.5.12 observed); the image sets no USER and no ENTRYPOINT (debuerreotype / ubuntu rootfs Dockerfiles: CMD only)` },
  { name: /^(fedora|centos|rockylinux|almalinux|amazonlinux|oraclelinux)$|^redhat\/ubi\d*(-[a-z]+)?$|^registry\.access\.redhat\.com\/ubi\d+(\/ubi(-[a-z]+)?)?$/, shell: 'bash', user: 'root', source: `${RUNTIMES} /bin/sh table: RHEL family /bin/sh is bash` },
  { name: /^scratch$/, shell: 'none', user: 'root', source: `${RUNTIMES} /bin/sh table: scratch has no shell; with no USER (and no /etc/passwd) Docker runs UID 0` },
  { name: /^gcr\.io\/distroless\//, tag: /(^|-)nonroot$/, user: 'nonroot', source: 'GoogleContainerTools/distroless README: the :nonroot tags run as UID 65532' },
  { name: /^gcr\.io\/distroless\//, tag: /(^|-)debug(-|$)/, shell: 'busybox', source: 'distroless README: the :debug images add a busybox shell' },
  { name: /^gcr\.io\/distroless\/(static|base|cc)(-debian\d+)?$/, shell: 'none', family: 'native', source: `${RUNTIMES} /bin/sh table: distroless has no shell` },
  { name: /^gcr\.io\/distroless\/java/, shell: 'none', family: 'jvm', program: 'java', source: `${RUNTIMES} /bin/sh table; distroless README: java images' ENTRYPOINT is java -jar` },
  { name: /^gcr\.io\/distroless\/nodejs/, shell: 'none', family: 'node', program: 'node', source: `${RUNTIMES} /bin/sh table; distroless README: nodejs images' ENTRYPOINT is node` },
  { name: /^gcr\.io\/distroless\/python/, shell: 'none', family: 'python', program: 'python', source: `${RUNTIMES} /bin/sh table; distroless README: python3 images' ENTRYPOINT is python3` },
  { name: /^gcr\.io\/distroless\//, shell: 'none', user: 'root', source: `${RUNTIMES} /bin/sh table: distroless has no shell; distroless README: the default user is root (UID 0) except on :nonroot tags` },
  { name: /^cgr\.dev\/chainguard\/static$/, shell: 'none', user: 'nonroot', source: `${RUNTIMES} /bin/sh table; Chainguard images run as nonroot` },
  { name: /^(registry\.k8s\.io|k8s\.gcr\.io|gcr\.io\/google[-_]containers)\/busybox$/, shell: 'busybox', user: 'root', source: 'the Kubernetes project\'s busybox image, by name: kubernetes/website examples/pods/probe/exec-liveness.yaml runs it with /bin/sh -c (not observed here)' },

  // --- language images (Debian-based unless -alpine: RUNTIMES.md /bin/sh table)
  { name: /^node$/, shell: 'dash', family: 'node', program: 'node', execEntrypoint: true, user: 'root', source: `${RUNTIMES} /bin/sh table (node:<v> is Debian); docker-library/node docker-entrypoint.sh ends with exec "$@"; no USER set` },
  { name: /^python$/, shell: 'dash', family: 'python', program: 'python', user: 'root', noEntrypoint: true, source: `${RUNTIMES} /bin/sh table (python:<v>[-slim] is Debian); no USER set; docker-library/python Dockerfiles: CMD ["python3"], no ENTRYPOINT` },
  { name: /^golang$/, shell: 'dash', family: 'go', user: 'root', noEntrypoint: true, source: `${RUNTIMES} /bin/sh table; RULES.md principle 6 (FROM golang → Go); no USER set; docker-library/golang Dockerfiles: no ENTRYPOINT` },
  { name: /^rust$/, shell: 'dash', family: 'native', user: 'root', noEntrypoint: true, source: `${RUNTIMES} /bin/sh table; RULES.md principle 6 (FROM rust → native); no USER set; rust-lang/docker-rust Dockerfiles: no ENTRYPOINT` },
  { name: /^gcc$/, shell: 'dash', family: 'native', user: 'root', source: 'RULES.md principle 6 (FROM gcc → native); docker-library/gcc is FROM buildpack-deps (Debian)' },
  { name: /^(openjdk|eclipse-temurin|amazoncorretto|maven|gradle)$/, family: 'jvm', user: 'root', source: 'RULES.md principle 6 (maven/gradle/eclipse-temurin → JVM)' },
  { name: /^(openjdk|eclipse-temurin)$/, shell: 'dash', source: `${RUNTIMES} /bin/sh table (openjdk, eclipse-temurin: Debian/Ubuntu)` },
  { name: /^mcr\.microsoft\.com\/dotnet\/(aspnet|runtime|sdk|runtime-deps)$/, family: 'dotnet', source: 'RUNTIMES.md Programs as PID 1 (.NET handles SIGTERM)' },

  // --- servers (official images): RUNTIMES.md "Programs as PID 1" and "Users"
  { name: /^(postgres|postgis\/postgis|timescale\/timescaledb)$/, shell: 'dash', program: 'postgres', execEntrypoint: true, user: 'drops', source: `${RUNTIMES} Programs (postgres, STOPSIGNAL SIGINT) and Users (starts as root, drops with gosu); /bin/sh table (Debian)` },
  { name: /^(mysql|mariadb|percona)$/, program: 'mysqld', execEntrypoint: true, user: 'drops', source: `${RUNTIMES} Programs (mysql, mariadb) and Users (start as root, drop with gosu)` },
  { name: /^(redis|valkey\/valkey|bitnami\/redis)$/, program: 'redis-server', execEntrypoint: true, user: 'drops', source: `${RUNTIMES} Programs (redis/valkey) and Users (redis starts as root, drops with gosu)` },
  { name: /^redis$/, shell: 'dash', source: `${RUNTIMES} /bin/sh table (redis non-alpine: Debian)` },
  { name: /^mongo$/, program: 'mongod', execEntrypoint: true, user: 'drops', source: `${RUNTIMES} Programs (mongo) and Users (starts as root, drops with gosu)` },
  { name: /^memcached$/, program: 'memcached', source: `${RUNTIMES} Programs (memcached)` },
  { name: /^(rabbitmq|bitnami\/rabbitmq)$/, program: 'rabbitmq-server', execEntrypoint: true, user: 'drops', source: `${RUNTIMES} Programs (rabbitmq) and Users (starts as root, drops with gosu)` },
  { name: /^(nginx|nginxinc\/nginx-unprivileged)$/, program: 'nginx', execEntrypoint: true, source: `${RUNTIMES} Programs (nginx, official image STOPSIGNAL SIGQUIT)` },
  { name: /^nginx$/, shell: 'dash', user: 'needs-root', source: `${RUNTIMES} /bin/sh table (nginx: Debian) and Users (the master runs as root, workers as nginx)` },
  { name: /^nginxinc\/nginx-unprivileged$/, user: 'nonroot', source: 'nginxinc/docker-nginx-unprivileged README: runs as a non-root user' },
  { name: /^httpd$/, program: 'httpd', user: 'needs-root', source: `${RUNTIMES} Programs (httpd, STOPSIGNAL SIGWINCH); httpd binds port 80 as root and drops to www-data` },
  { name: /^haproxy(tech\/haproxy-[a-z]+)?$/, program: 'haproxy', source: `${RUNTIMES} Programs (haproxy, STOPSIGNAL SIGUSR1)` },
  { name: /^php$/, tag: /fpm/, program: 'php-fpm', family: 'php', source: `${RUNTIMES} Programs (php-fpm, STOPSIGNAL SIGQUIT)` },
  { name: /^traefik$/, program: 'traefik', source: `${RUNTIMES} Programs (traefik)` },
  { name: /^caddy$/, program: 'caddy', source: `${RUNTIMES} Programs (caddy)` },
  { name: /^envoyproxy\/envoy(-[a-z]+)?$/, program: 'envoy', source: `${RUNTIMES} Programs (envoy)` },
  { name: /^envoyproxy\/envoy$/, tag: /^distroless/, shell: 'none', source: 'envoyproxy.io install docs, image variants: envoyproxy/envoy:distroless-* has no shell' },
  { name: /^envoyproxy\/envoy$/, shell: 'dash', source: `envoyproxy/envoy ci/Dockerfile-envoy: FROM ubuntu (the default variant is Ubuntu: ${RUNTIMES} /bin/sh table, dash)` },

  // --- images whose ENTRYPOINT is an init (RUNTIMES.md "Inits and supervisors")
  { name: /^(lscr\.io\/)?linuxserver\/|^ghcr\.io\/linuxserver\//, init: { name: "s6-overlay's /init", s6: true }, user: 'drops', source: `${RUNTIMES} Inits: linuxserver.io images run s6-overlay (PUID/PGID drop)` },
  { name: /^(ghcr\.io\/)?home-assistant\/|^homeassistant\//, init: { name: "s6-overlay's /init", s6: true }, user: 'needs-root', source: `${RUNTIMES} Inits: Home Assistant runs s6-overlay` },
  { name: /^jitsi\//, init: { name: "s6-overlay's /init", s6: true }, user: 'needs-root', source: `${RUNTIMES} Inits: jitsi/* run s6-overlay` },
  { name: /^pihole\/pihole$/, init: { name: 'tini (v6; s6-overlay before)' }, user: 'needs-root', source: `${RUNTIMES} Inits: pihole` },
  { name: /^jenkins\/jenkins$/, init: { name: 'tini' }, family: 'jvm', user: 'nonroot', source: `${RUNTIMES} Inits: jenkins (tini); the image sets USER jenkins` },
  { name: /^(docker\.elastic\.co\/elasticsearch\/)?elasticsearch$/, init: { name: 'tini' }, family: 'jvm', user: 'nonroot', tmpExec: 'Elasticsearch extracts JNA native libraries to its temp dir', source: `${RUNTIMES} Inits (elasticsearch: tini) and Temp files (JNA); the image runs as elasticsearch` },
  { name: /^(ghcr\.io\/docker-mailserver|mailserver)\/docker-mailserver$/, init: { name: 'dumb-init' }, user: 'needs-root', source: `${RUNTIMES} Inits: docker-mailserver (dumb-init); a mail stack started as root` },

  // --- images read at the source (their Dockerfile's ENTRYPOINT/CMD)
  { name: /^traefik$/, execEntrypoint: true, source: 'traefik/traefik-library-image entrypoint.sh: a first argument starting with "-" gets "traefik" in front, then exec "$@"' },
  { name: /^(prom|quay\.io\/prometheus)\/(prometheus|alertmanager|node-exporter|pushgateway|blackbox-exporter)$/, program: 'go', family: 'go', entrypointProgram: true, source: 'prometheus/* Dockerfiles: ENTRYPOINT ["/bin/<name>"], a Go program (RUNTIMES.md Programs: Go exits on SIGTERM)' },
  { name: /^ghcr\.io\/jitsi\//, init: { name: "s6-overlay's /init", s6: true }, user: 'needs-root', source: `${RUNTIMES} Inits: jitsi/* run s6-overlay (ghcr.io/jitsi/* are the same images: docker-jitsi-meet base/Dockerfile ENTRYPOINT ["/init"])` },
  { name: /^(docker\.io\/)?netboxcommunity\/netbox$/, init: { name: 'tini' }, source: 'netbox-community/netbox-docker Dockerfile: ENTRYPOINT [ "/usr/bin/tini", "--" ]' },
  { name: /^(open-liberty|icr\.io\/appcafe\/open-liberty)$/, family: 'jvm', source: 'OpenLiberty/ci.docker: Open Liberty runs on a JVM (server run starts java)' },
  { name: /^(hexpm\/elixir|elixir|erlang)$/, family: 'beam', source: `${RUNTIMES} Programs (BEAM, OTP ≥ 20): hexpm/elixir and the official elixir/erlang images build BEAM releases` },

  // --- temp files
  { name: /^(confluentinc\/cp-kafka|bitnami\/kafka|apache\/kafka)$/, family: 'jvm', tmpExec: 'Kafka (snappy-java) extracts native libraries to /tmp', source: `${RUNTIMES} Temp files: snappy-java in Kafka` },

  // --- non-root images (the publishers set a non-root USER)
  { name: /^cgr\.dev\/chainguard\/(?!wolfi-base$|chainguard-base$)/, user: 'nonroot', source: 'Chainguard images docs: run as nonroot by default (wolfi-base excepted)' },
  { name: /^mcr\.microsoft\.com\/dotnet\//, tag: /chiseled|distroless/, shell: 'none', user: 'nonroot', source: '.NET chiseled container images (devblogs.microsoft.com/dotnet, "Announcing .NET Chiseled Containers"): no shell, no package manager, run as the non-root app user' },
  { name: /^docker\.elastic\.co\/|^prom\/|^mcr\.microsoft\.com\/mssql\/server$|^grafana\/(grafana(-oss|-enterprise)?|k6)$|^(quay\.io\/)?keycloak\/keycloak$/, user: 'nonroot', source: 'the publishers\' Dockerfiles set a non-root USER' },
];

/** Tags that mean a non-root user on any image (distroless `nonroot`, `-nonroot`). */
export const NONROOT_TAG = /(^|-)nonroot$/;

// ---------------------------------------------------------------------------------------------
// Programs as PID 1

export interface ProgramRow {
  /** Display name (messages). */
  name: string;
  kind: Pid1Kind;
  /** Signals the program handles as PID 1 (installs a handler: graceful or fast exit). */
  handles: string[];
  /** Reaps orphaned children (waits for any child). */
  reaps: boolean;
  family?: Family;
  /** The image's STOPSIGNAL, when the official image sets one. */
  stopSignal?: string;
  source: string;
}

const TERM_INT = ['SIGTERM', 'SIGINT'];

export const PROGRAMS: Record<string, ProgramRow> = {
  // inits and supervisors: forward the stop signal and reap
  'tini': { name: 'tini', kind: 'init', handles: ['*'], reaps: true, source: `${RUNTIMES} Inits and supervisors` },
  'dumb-init': { name: 'dumb-init', kind: 'init', handles: ['*'], reaps: true, source: `${RUNTIMES} Inits and supervisors` },
  'catatonit': { name: 'catatonit', kind: 'init', handles: ['*'], reaps: true, source: `${RUNTIMES} Inits and supervisors` },
  'docker-init': { name: 'docker-init', kind: 'init', handles: ['*'], reaps: true, source: `${RUNTIMES} Inits and supervisors` },
  's6-init': { name: "s6-overlay's /init", kind: 'init', handles: ['*'], reaps: true, source: `${RUNTIMES} Inits and supervisors (s6-overlay v3 must be PID 1)` },
  'supervisord': { name: 'supervisord', kind: 'supervisor', handles: ['*'], reaps: true, source: `${RUNTIMES} Inits and supervisors` },
  'runsvdir': { name: 'runit', kind: 'supervisor', handles: ['*'], reaps: true, source: `${RUNTIMES} Inits and supervisors` },
  'systemd': { name: 'systemd', kind: 'supervisor', handles: ['*'], reaps: true, source: `${RUNTIMES} Inits and supervisors` },

  // servers: handle their stop signal and reap
  'postgres': { name: 'postgres', kind: 'server', handles: ['SIGTERM', 'SIGINT', 'SIGQUIT'], reaps: true, stopSignal: 'SIGINT', source: `${RUNTIMES} Programs (postgres; official image STOPSIGNAL SIGINT)` },
  'mysqld': { name: 'mysqld', kind: 'server', handles: TERM_INT, reaps: true, source: `${RUNTIMES} Programs (mysql, mariadb)` },
  'redis-server': { name: 'redis-server', kind: 'server', handles: TERM_INT, reaps: true, source: `${RUNTIMES} Programs (redis/valkey)` },
  'mongod': { name: 'mongod', kind: 'server', handles: TERM_INT, reaps: true, source: `${RUNTIMES} Programs (mongo)` },
  'memcached': { name: 'memcached', kind: 'server', handles: TERM_INT, reaps: true, source: `${RUNTIMES} Programs (memcached)` },
  'rabbitmq-server': { name: 'rabbitmq-server', kind: 'server', handles: TERM_INT, reaps: true, family: 'beam', source: `${RUNTIMES} Programs (rabbitmq)` },
  'nginx': { name: 'nginx', kind: 'server', handles: ['SIGTERM', 'SIGINT', 'SIGQUIT'], reaps: true, stopSignal: 'SIGQUIT', source: `${RUNTIMES} Programs (nginx: SIGTERM fast, SIGQUIT graceful; official image STOPSIGNAL SIGQUIT)` },
  'httpd': { name: 'httpd', kind: 'server', handles: ['SIGTERM', 'SIGWINCH', 'SIGINT'], reaps: true, stopSignal: 'SIGWINCH', source: `${RUNTIMES} Programs (httpd; official image STOPSIGNAL SIGWINCH)` },
  'haproxy': { name: 'haproxy', kind: 'server', handles: ['SIGTERM', 'SIGUSR1', 'SIGINT'], reaps: true, stopSignal: 'SIGUSR1', source: `${RUNTIMES} Programs (haproxy; official image STOPSIGNAL SIGUSR1)` },
  'php-fpm': { name: 'php-fpm', kind: 'server', handles: ['SIGTERM', 'SIGQUIT', 'SIGINT'], reaps: true, stopSignal: 'SIGQUIT', source: `${RUNTIMES} Programs (php-fpm; official image STOPSIGNAL SIGQUIT)` },
  'traefik': { name: 'traefik', kind: 'server', handles: TERM_INT, reaps: true, family: 'go', source: `${RUNTIMES} Programs (traefik)` },
  'caddy': { name: 'caddy', kind: 'server', handles: TERM_INT, reaps: true, family: 'go', source: `${RUNTIMES} Programs (caddy)` },
  'envoy': { name: 'envoy', kind: 'server', handles: TERM_INT, reaps: true, source: `${RUNTIMES} Programs (envoy)` },

  // runtimes that handle SIGTERM (exit or shut down gracefully) but are not known to reap
  'go': { name: 'a Go program', kind: 'runtime', handles: ['SIGTERM', 'SIGINT', 'SIGHUP'], reaps: false, family: 'go', source: `${RUNTIMES} Programs (Go: the runtime exits on SIGTERM, also as PID 1; os/signal docs)` },
  'java': { name: 'java', kind: 'runtime', handles: ['SIGTERM', 'SIGINT', 'SIGHUP'], reaps: false, family: 'jvm', source: `${RUNTIMES} Programs (JVM: shutdown hooks, exit 143; observed exiting as PID 1)` },
  'dotnet': { name: 'dotnet', kind: 'runtime', handles: TERM_INT, reaps: false, family: 'dotnet', source: `${RUNTIMES} Programs (.NET)` },
  'ruby': { name: 'ruby', kind: 'runtime', handles: TERM_INT, reaps: false, family: 'ruby', source: `${RUNTIMES} Programs (Ruby)` },
  'puma': { name: 'puma', kind: 'runtime', handles: TERM_INT, reaps: false, family: 'ruby', source: `${RUNTIMES} Programs (puma)` },
  'sidekiq': { name: 'sidekiq', kind: 'runtime', handles: TERM_INT, reaps: false, family: 'ruby', source: `${RUNTIMES} Programs (sidekiq)` },
  'erl': { name: 'erl', kind: 'runtime', handles: ['SIGTERM'], reaps: false, family: 'beam', source: `${RUNTIMES} Programs (BEAM, OTP ≥ 20)` },
  'elixir': { name: 'elixir', kind: 'runtime', handles: ['SIGTERM'], reaps: false, family: 'beam', source: `${RUNTIMES} Programs (BEAM, OTP ≥ 20)` },
  'gunicorn': { name: 'gunicorn', kind: 'runtime', handles: TERM_INT, reaps: true, family: 'python', source: `${RUNTIMES} Programs (gunicorn; its arbiter reaps its workers)` },
  'uvicorn': { name: 'uvicorn', kind: 'runtime', handles: TERM_INT, reaps: false, family: 'python', source: `${RUNTIMES} Programs (uvicorn)` },
  'hypercorn': { name: 'hypercorn', kind: 'runtime', handles: TERM_INT, reaps: false, family: 'python', source: `${RUNTIMES} Programs (hypercorn)` },
  'daphne': { name: 'daphne', kind: 'runtime', handles: TERM_INT, reaps: false, family: 'python', source: `${RUNTIMES} Programs (daphne)` },
  'celery': { name: 'celery', kind: 'runtime', handles: TERM_INT, reaps: false, family: 'python', source: `${RUNTIMES} Programs (celery worker)` },
  'vllm': { name: 'the vLLM API server', kind: 'runtime', handles: TERM_INT, reaps: false, family: 'python', source: 'vllm-project/vllm vllm/entrypoints/openai/api_server.py: run_server() sets signal.signal(SIGTERM, …) until uvicorn installs its own handlers' },

  // no SIGTERM handler by default: as PID 1 they ignore docker stop
  'node': { name: 'node', kind: 'interpreter', handles: [], reaps: false, family: 'node', source: `${RUNTIMES} Programs (node re-raises SIGTERM with the default action, which PID 1 drops; observed)` },
  'python': { name: 'python', kind: 'interpreter', handles: ['SIGINT'], reaps: false, family: 'python', source: `${RUNTIMES} Programs (python: only SIGINT has a handler, KeyboardInterrupt; observed)` },
  'npm': { name: 'npm', kind: 'package-manager', handles: ['SIGTERM', 'SIGINT'], reaps: false, family: 'node', source: `${RUNTIMES} Programs (npm/yarn/pnpm: a package manager and sh -c between the signal and node); npm/run-script lib/signal-manager.js forwards SIGINT and SIGTERM to the script's process (the sh -c), which decides` },
  'yarn': { name: 'yarn', kind: 'package-manager', handles: ['SIGTERM'], reaps: false, family: 'node', source: `${RUNTIMES} Programs (npm/yarn/pnpm); yarnpkg/yarn src/util/signal-handler.js: on SIGTERM it forwards the signal to the processes it spawned, then exits` },
  'pnpm': { name: 'pnpm', kind: 'package-manager', handles: [], reaps: false, family: 'node', source: `${RUNTIMES} Programs (npm/yarn/pnpm)` },
  'shell': { name: 'a shell', kind: 'shell', handles: [], reaps: true, source: `${RUNTIMES} Programs (a shell running a script; dash -c observed ignoring SIGTERM as PID 1)` },
  'native': { name: 'a native program', kind: 'native', handles: [], reaps: false, family: 'native', source: `${RUNTIMES} Programs (Rust, C, C++ unless they install a handler; tokio ctrl_c() is SIGINT only)` },
};

/** argv[0] basenames (or full paths) → PROGRAMS key. */
export const PROGRAM_NAMES: [RegExp, string][] = [
  [/^tini(-static)?(-[\w.]+)?$/, 'tini'],
  [/^dumb-init([_-][\w.-]+)?$/, 'dumb-init'],
  [/^catatonit$/, 'catatonit'],
  [/^docker-init$/, 'docker-init'],
  [/^supervisord$/, 'supervisord'],
  [/^runsvdir$/, 'runsvdir'],
  [/^systemd$/, 'systemd'],
  [/^(postgres|postmaster)$/, 'postgres'],
  [/^(mysqld|mariadbd|mysqld_safe|mariadbd-safe)$/, 'mysqld'],
  [/^(redis-server|valkey-server|redis-sentinel)$/, 'redis-server'],
  [/^mongod$|^mongos$/, 'mongod'],
  [/^memcached$/, 'memcached'],
  [/^rabbitmq-server$/, 'rabbitmq-server'],
  [/^(nginx|openresty)$/, 'nginx'],
  [/^(httpd|httpd-foreground|apache2|apache2-foreground|apachectl)$/, 'httpd'],
  [/^haproxy$/, 'haproxy'],
  [/^php-fpm[\d.]*$/, 'php-fpm'],
  [/^traefik$/, 'traefik'],
  [/^caddy$/, 'caddy'],
  [/^envoy$/, 'envoy'],
  [/^java$/, 'java'],
  [/^dotnet$/, 'dotnet'],
  [/^(ruby|rails|rackup)$/, 'ruby'],
  [/^puma$/, 'puma'],
  [/^sidekiq$/, 'sidekiq'],
  [/^erl$/, 'erl'],
  [/^(elixir|mix|iex)$/, 'elixir'],
  [/^gunicorn$/, 'gunicorn'],
  [/^uvicorn$/, 'uvicorn'],
  [/^hypercorn$/, 'hypercorn'],
  [/^daphne$/, 'daphne'],
  [/^celery$/, 'celery'],
  [/^vllm(\.entrypoints\.openai\.api_server)?$/, 'vllm'],
  [/^(node|nodejs)$/, 'node'],
  [/^python(\d(\.\d+)?)?$/, 'python'],
  [/^npm$/, 'npm'],
  [/^yarn$/, 'yarn'],
  [/^pnpm$/, 'pnpm'],
];

/** Full paths that are a program regardless of their basename. */
export const PROGRAM_PATHS: Record<string, string> = {
  '/init': 's6-init',
  '/sbin/init': 'systemd',
  '/lib/systemd/systemd': 'systemd',
  '/usr/lib/systemd/systemd': 'systemd',
};

/** Wrappers that exec the program after them (RUNTIMES.md: gosu/su-exec/setpriv are transparent). */
export const EXEC_WRAPPERS: Record<string, { skip: 'user' | 'options' | 'env' }> = {
  'gosu': { skip: 'user' },
  'su-exec': { skip: 'user' },
  'setpriv': { skip: 'options' },
  'env': { skip: 'env' },
  'exec': { skip: 'options' },
};

/** The scripts of official images that end with `exec "$@"` (only trusted for images with `execEntrypoint`). */
export const OFFICIAL_ENTRYPOINT = /^(\/usr\/local\/bin\/)?docker-entrypoint(\.sh)?$/;
