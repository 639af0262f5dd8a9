import { ruleTester } from '../../rule-tester';
import { pod, appPod } from './manifests';

ruleTester('k8s/shell-pid1', {
  valid: [
    { name: 'busybox ash execs the last simple command itself (alpine tag)', code: pod(`
  containers:
    - name: app
      image: node:22-alpine
      command: [sh, -c, "cd /app && node server.js"]
`) },
    { name: 'bash is /bin/sh on RHEL-family images', code: pod(`
  containers:
    - name: app
      image: registry.access.redhat.com/ubi9/ubi
      command: [/bin/sh, -c, "./migrate && ./server"]
`) },
    { name: 'shareProcessNamespace: the pause container is PID 1', code: pod(`
  shareProcessNamespace: true
  containers:
    - name: app
      image: node:22
      command: [sh, -c, "node server.js"]
`) },
    { name: 'quick utilities only: nothing to lose', code: pod(`
  initContainers:
    - name: copyutil
      image: x
      command: [sh, -c, "/bin/cp --update=none /usr/local/bin/argocd /shared/argocd && /bin/ln -s /shared/argocd /shared/argocd-cmp"]
    - name: hello
      image: x
      command: [/bin/sh, -c, "date; echo Hello"]
`) },
    { name: 'exec form', code: appPod(`
      command: [node, server.js]
`) },
    { name: 'the script execs its last command', code: appPod(`
      command: ["sh", "-c", "cd /app && exec node server.js"]
`) },
    { name: 'the script traps TERM', code: appPod(`
      command:
        - /bin/sh
        - -c
        - |
          trap 'kill -TERM $pid; wait $pid' TERM INT
          node server.js &
          pid=$!
          wait $pid
`) },
    { name: 'an init in front of a script that execs', code: appPod(`
      command: [/sbin/tini, --, sh, -c, "migrate && exec node server.js"]
`) },
    { name: 'an init in front of no shell', code: appPod(`
      command: [/sbin/tini, -g, --, node, server.js]
`) },
    { name: "s6-overlay's /init stops every process with a grace time", code: appPod(`
      command: [/init]
      args: [sh, -c, "migrate && node server.js"]
`) },
    { name: 'a script file, not -c', code: appPod(`
      command: [sh, /docker-entrypoint.sh]
`) },
    { name: 'builtins only: nothing to lose', code: pod(`
  containers:
    - name: sysctl
      image: busybox
      command: ['/bin/sh', '-e', '-c', 'echo 262144 > /proc/sys/vm/max_map_count']
`) },
    { name: 'empty script', code: appPod(`
      command: [sh, -c, ""]
`) },
    { name: 'lifecycle and probe commands are not PID 1', code: appPod(`
      lifecycle:
        preStop:
          exec:
            command: [sh, -c, "sleep 5 && nginx -s quit"]
      livenessProbe:
        exec:
          command: [sh, -c, "curl -f localhost"]
`) },
    { name: 'args without command, not a shell', code: appPod(`
      args: [--port, "8080"]
`) },
    { name: 'command as a string is not an argv', code: appPod(`
      command: sh -c "node app"
`) },
  ],
  invalid: [
    {
      name: 'a pipeline is never exec\'d, not even by busybox: a warning',
      code: pod(`
  containers:
    - name: app
      image: alpine:3.20
      command: [sh, -c, "node server.js | tee /var/log/app.log"]
`),
      errors: [
        { line: 9, column: 25, endLine: 9, endColumn: 64, severity: 'warning', message: 'Container "app": "sh -c" as PID 1 ends in a pipeline, so its programs never get SIGTERM (SIGKILL after 30 s). Make the program the last command and exec it, or trap TERM and forward it.' },
      ],
      output: null,
    },
    {
      name: 'flow list, double-quoted script after &&',
      code: pod(`
  containers:
    - name: app
      image: node:22
      command: ["sh", "-c", "cd /app && node server.js"] # start
`),
      errors: [
        { line: 9, column: 29, endLine: 9, endColumn: 56, severity: 'warning', message: 'Container "app" runs "sh -c" as PID 1 without exec: "node" never gets SIGTERM and is killed after 30 s. Prefix "node" with exec, or trap TERM and forward it. The image\'s /bin/sh is dash ("node" is Debian-based), which never execs the last command itself.' },
      ],
      output: pod(`
  containers:
    - name: app
      image: node:22
      command: ["sh", "-c", "cd /app && exec node server.js"] # start
`),
    },
    {
      name: 'grace period from the pod spec; block list, plain scalar',
      code: pod(`
  terminationGracePeriodSeconds: 60
  containers:
    - name: app
      image: x
      command:
        - sh
        - -c
        - node server.js
`),
      errors: [
        { line: 13, column: 11, endLine: 13, endColumn: 25, message: 'Container "app" runs "sh -c" as PID 1 without exec: "node" never gets SIGTERM and is killed after 60 s. Prefix "node" with exec, or trap TERM and forward it. This image\'s /bin/sh is not known: dash never execs the last command, busybox and bash do.' },
      ],
      output: pod(`
  terminationGracePeriodSeconds: 60
  containers:
    - name: app
      image: x
      command:
        - sh
        - -c
        - exec node server.js
`),
    },
    {
      name: 'command [sh, -c] + args: the script is in args',
      code: appPod(`
      command: [/bin/sh, -c]
      args:
        - migrate.sh; node server.js
`),
      errors: [
        { line: 11, column: 11, endLine: 11, endColumn: 37 },
      ],
      output: appPod(`
      command: [/bin/sh, -c]
      args:
        - migrate.sh; exec node server.js
`),
    },
    {
      name: 'single-quoted with an escaped quote',
      code: appPod(`
      command: ['sh', '-c', 'echo ''starting'' && node server.js']
`),
      errors: [
        { line: 9, column: 29, endLine: 9, endColumn: 66 },
      ],
      output: appPod(`
      command: ['sh', '-c', 'echo ''starting'' && exec node server.js']
`),
    },
    {
      name: 'strict: bash execs the last command itself: a hint',
      config: { preset: 'strict' },
      code: appPod(`
      command:
        - /bin/bash
        - -ec
        - |
          # prepare
          ./prepare.sh

          # serve
          node server.js --port "$PORT"
`),
      errors: [
        { line: 12, column: 11, endLine: 17, endColumn: 40, severity: 'hint', message: 'Container "app" runs "bash -c" and only this image\'s bash execs "node" for it. Prefix "node" with exec so the script works with any /bin/sh.' },
      ],
      output: appPod(`
      command:
        - /bin/bash
        - -ec
        - |
          # prepare
          ./prepare.sh

          # serve
          exec node server.js --port "$PORT"
`),
    },
    {
      name: 'strict: block literal |- with a header comment, flush sequence',
      config: { preset: 'strict' },
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  selector:
    matchLabels: {app: d}
  template:
    spec:
      containers:
      - name: app
        image: x
        args:
        - bash
        - -c
        - |- # the start script
          set -e
          python manage.py migrate
          gunicorn app:wsgi
`,
      errors: [
        { line: 16, column: 11, endLine: 19, endColumn: 28, severity: 'hint' },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  selector:
    matchLabels: {app: d}
  template:
    spec:
      containers:
      - name: app
        image: x
        args:
        - bash
        - -c
        - |- # the start script
          set -e
          python manage.py migrate
          exec gunicorn app:wsgi
`,
    },
    {
      name: 'block folded >',
      code: appPod(`
      command:
        - sh
        - -c
        - >
          ./wait-for db:5432 &&
          ./server
          --verbose
`),
      errors: [
        { line: 12, column: 11, endLine: 15, endColumn: 20 },
      ],
      output: appPod(`
      command:
        - sh
        - -c
        - >
          ./wait-for db:5432 &&
          exec ./server
          --verbose
`),
    },
    {
      name: 'multi-line plain scalar',
      code: appPod(`
      command:
        - sh
        - -c
        - echo start;
          node server.js
`),
      errors: [
        { line: 12, column: 11, endLine: 13, endColumn: 25 },
      ],
      output: appPod(`
      command:
        - sh
        - -c
        - echo start;
          exec node server.js
`),
    },
    {
      name: 'double-quoted with escapes and an escaped line break',
      code: appPod(`
      command:
        - sh
        - -c
        - "pip install \\"huggingface_hub==0.24\\" && \\
          huggingface-cli download org/model --local-dir=/data"
`),
      errors: [
        { line: 12, column: 11, endLine: 13, endColumn: 64 },
      ],
      output: appPod(`
      command:
        - sh
        - -c
        - "pip install \\"huggingface_hub==0.24\\" && \\
          exec huggingface-cli download org/model --local-dir=/data"
`),
    },
    {
      name: 'a pipeline: no fix',
      code: appPod(`
      command: [sh, -c, "node server.js | tee /var/log/app.log"]
`),
      errors: [
        { line: 9, column: 25, endLine: 9, endColumn: 64, message: 'Container "app": "sh -c" as PID 1 ends in a pipeline, so its programs never get SIGTERM (SIGKILL after 30 s). Make the program the last command and exec it, or trap TERM and forward it. This image\'s /bin/sh is not known: dash never execs the last command, busybox and bash do.' },
      ],
      output: null,
    },
    {
      name: 'a wait loop in an init container: no fix',
      code: pod(`
  initContainers:
    - name: wait-for-db
      image: busybox
      command: ['sh', '-c', 'until nc -z db 5432; do echo waiting; sleep 2; done']
  containers:
    - name: app
      image: x
`),
      errors: [
        { line: 9, column: 29, endLine: 9, endColumn: 82, severity: 'information', message: 'Init container "wait-for-db": "sh -c" as PID 1 ends in a compound command, so its programs never get SIGTERM (SIGKILL after 30 s). Make the program the last command and exec it, or trap TERM and forward it.' },
      ],
      output: null,
    },
    {
      name: 'bash -o pipefail -c execs by itself; env prefix',
      code: pod(`
  containers:
    - name: a
      image: x
      command: [bash, -o, pipefail, -c, "FOO=1 node a.js"]
    - name: b
      image: x
      command: [/usr/bin/env, sh, -c, "sleep infinity"]
`),
      errors: [
        { line: 12, column: 39, endLine: 12, endColumn: 55 },
      ],
      output: pod(`
  containers:
    - name: a
      image: x
      command: [bash, -o, pipefail, -c, "FOO=1 node a.js"]
    - name: b
      image: x
      command: [/usr/bin/env, sh, -c, "exec sleep infinity"]
`),
    },
    {
      name: 'CRLF block literal, 4-space indentation',
      code: `apiVersion: batch/v1\r
kind: Job\r
metadata:\r
    name: j\r
spec:\r
    template:\r
        spec:\r
            restartPolicy: Never\r
            containers:\r
                -   name: job\r
                    image: x\r
                    command:\r
                        - sh\r
                        - -c\r
                        - |\r
                            echo start\r
                            ./job --once\r
`,
      errors: [
        { line: 15, column: 27, endLine: 17, endColumn: 41 },
      ],
      output: `apiVersion: batch/v1\r
kind: Job\r
metadata:\r
    name: j\r
spec:\r
    template:\r
        spec:\r
            restartPolicy: Never\r
            containers:\r
                -   name: job\r
                    image: x\r
                    command:\r
                        - sh\r
                        - -c\r
                        - |\r
                            echo start\r
                            exec ./job --once\r
`,
    },
    {
      name: 'multi-document: only the DaemonSet fires',
      code: appPod(`
      command: [sh, -c, "exec node app"]
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ds
spec:
  selector: {matchLabels: {app: ds}}
  template:
    spec:
      containers:
        - name: agent
          image: x
          command: [sh, -c, "mount --make-shared /sys && agent run"]
`),
      errors: [
        { line: 22, column: 29, endLine: 22, endColumn: 68 },
      ],
      output: appPod(`
      command: [sh, -c, "exec node app"]
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ds
spec:
  selector: {matchLabels: {app: ds}}
  template:
    spec:
      containers:
        - name: agent
          image: x
          command: [sh, -c, "mount --make-shared /sys && exec agent run"]
`),
    },
    {
      name: 'script from an alias: reported, not fixed',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    start: &start "node server.js"
spec:
  containers:
    - name: app
      image: x
      command: [sh, -c, *start]
`,
      errors: [
        { line: 11, column: 25, endLine: 11, endColumn: 31 },
      ],
      output: null,
    },
    {
      name: 'command inherited through a merge key: only the container that writes it gets the fix',
      code: pod(`
  containers:
    - &app
      name: api
      image: x
      command: [sh, -c, "node api.js"]
    - <<: *app
      name: api2
`),
      errors: [
        { line: 10, column: 25, endLine: 10, endColumn: 38 },
        { line: 10, column: 25, endLine: 10, endColumn: 38 },
      ],
      output: pod(`
  containers:
    - &app
      name: api
      image: x
      command: [sh, -c, "exec node api.js"]
    - <<: *app
      name: api2
`),
    },
    {
      name: 'strict: busybox execs the last command; args only',
      config: { preset: 'strict' },
      code: pod(`
  containers:
    - name: app
      image: busybox
      args:
        - sh
        - -c
        - echo 'Hello' && sleep 1h
`),
      errors: [
        { line: 12, column: 11, endLine: 12, endColumn: 35, severity: 'hint', message: 'Container "app" runs "sh -c" and only this image\'s busybox ash execs "sleep" for it. Prefix "sleep" with exec so the script works with any /bin/sh.' },
      ],
      output: pod(`
  containers:
    - name: app
      image: busybox
      args:
        - sh
        - -c
        - echo 'Hello' && exec sleep 1h
`),
    },
    {
      name: 'tini signals the shell only: reported (it used to count as safe)',
      code: appPod(`
      command: [/sbin/tini, --, sh, -c, "migrate && node server.js"]
`),
      errors: [
        { line: 9, column: 41, endLine: 9, endColumn: 68, message: 'Container "app" runs "sh -c" under "/sbin/tini" without exec: "/sbin/tini" passes SIGTERM to the shell only, which exits, so "node" is killed without it. Prefix "node" with exec, or trap TERM and forward it. This image\'s /bin/sh is not known: dash never execs the last command, busybox and bash do.' },
      ],
      output: appPod(`
      command: [/sbin/tini, --, sh, -c, "migrate && exec node server.js"]
`),
    },
    {
      name: 'dumb-init signals the group but exits with the shell; the script in args after the init in command',
      code: appPod(`
      command: ["/usr/bin/dumb-init", "--"]
      args: ["sh", "-c", "./migrate && ./server"]
`),
      errors: [
        { line: 10, column: 26, endLine: 10, endColumn: 49, message: 'Container "app" runs "sh -c" under "/usr/bin/dumb-init" without exec: the shell exits on SIGTERM at once and "/usr/bin/dumb-init" with it, so "./server" has no time to shut down. Prefix "./server" with exec, or trap TERM and forward it. This image\'s /bin/sh is not known: dash never execs the last command, busybox and bash do.' },
      ],
      output: appPod(`
      command: ["/usr/bin/dumb-init", "--"]
      args: ["sh", "-c", "./migrate && exec ./server"]
`),
    },
    {
      name: 'tini -g in args only, a pipeline: no fix',
      code: appPod(`
      args: [tini, -g, --, sh, -c, "node app | tee log"]
`),
      errors: [
        { line: 9, column: 36, endLine: 9, endColumn: 56, message: 'Container "app": "sh -c" under "tini" (unless the image\'s ENTRYPOINT wraps it) ends in a pipeline, so the shell exits on SIGTERM at once and "tini" with it, so its programs have no time to shut down. Make the program the last command and exec it, or trap TERM and forward it. This image\'s /bin/sh is not known: dash never execs the last command, busybox and bash do.' },
      ],
      output: null,
    },
    {
      name: 'terminationGracePeriodSeconds 0 and 1: the kubelet still waits its 2 s minimum',
      code: pod(`
  terminationGracePeriodSeconds: 0
  containers:
    - name: app
      image: x
      command: [sh, -c, "node app"]
---
apiVersion: v1
kind: Pod
metadata:
  name: q
spec:
  terminationGracePeriodSeconds: 1
  containers:
    - name: app
      image: x
      command: [sh, -c, "node app"]
`),
      errors: [
        { line: 10, column: 25, endLine: 10, endColumn: 35, message: 'Container "app" runs "sh -c" as PID 1 without exec: "node" never gets SIGTERM and is killed after 2 s (the kubelet\'s minimum). Prefix "node" with exec, or trap TERM and forward it. This image\'s /bin/sh is not known: dash never execs the last command, busybox and bash do.' },
        { line: 21, column: 25, endLine: 21, endColumn: 35, message: 'Container "app" runs "sh -c" as PID 1 without exec: "node" never gets SIGTERM and is killed after 2 s (the kubelet\'s minimum). Prefix "node" with exec, or trap TERM and forward it. This image\'s /bin/sh is not known: dash never execs the last command, busybox and bash do.' },
      ],
      output: pod(`
  terminationGracePeriodSeconds: 0
  containers:
    - name: app
      image: x
      command: [sh, -c, "exec node app"]
---
apiVersion: v1
kind: Pod
metadata:
  name: q
spec:
  terminationGracePeriodSeconds: 1
  containers:
    - name: app
      image: x
      command: [sh, -c, "exec node app"]
`),
    },
    {
      name: 'a trap for EXIT only: no fix, and the reason says so',
      code: pod(`
  terminationGracePeriodSeconds: 2
  containers:
    - name: app
      image: x
      command: [sh, -c, "trap 'rm -f /tmp/pid' EXIT; node app"]
`),
      errors: [
        { line: 10, column: 25, endLine: 10, endColumn: 63, message: 'Container "app": "sh -c" as PID 1 sets a trap, but not for TERM or INT, so its programs never get SIGTERM (SIGKILL after 2 s). Make the program the last command and exec it, or trap TERM and forward it. This image\'s /bin/sh is not known: dash never execs the last command, busybox and bash do.' },
      ],
      output: null,
    },
  ],
});
