import { ruleTester } from '../../rule-tester';
import { pod, appPod, deployment } from './manifests';

ruleTester('k8s/root-user', {
  valid: [
    { name: 'pod-level runAsNonRoot: true', code: pod(`
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: x
`) },
    { name: 'container runAsUser above 0', code: appPod(`
      securityContext:
        runAsUser: 1000
`) },
    { name: 'pod-level runAsUser above 0, not overridden', code: pod(`
  securityContext: {runAsUser: 65534, fsGroup: 65534}
  containers:
    - name: app
      image: x
`) },
    { name: 'runAsUser 1 makes runAsNonRoot: false harmless', code: appPod(`
      securityContext: {runAsUser: 1, runAsNonRoot: false}
`) },
    { name: 'pod runAsNonRoot: false overridden by the container', code: pod(`
  securityContext:
    runAsNonRoot: false
  containers:
    - name: app
      image: x
      securityContext:
        runAsNonRoot: true
`) },
    { name: 'pod runAsUser: 0 overridden by every container', code: pod(`
  securityContext:
    runAsUser: 0
  containers:
    - name: a
      image: x
      securityContext:
        runAsUser: 1000
    - name: b
      image: x
      securityContext:
        runAsUser: 1001
`) },
    { name: 'Windows pod', code: `apiVersion: v1
kind: Pod
metadata:
  name: win
spec:
  os: {name: windows}
  containers:
    - name: app
      image: mcr.microsoft.com/windows/servercore:ltsc2022
` },
    { name: 'kustomize patch (no image, no selector)', code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          resources:
            limits: {memory: 256Mi}
` },
    { name: 'kube-linter annotation on the workload', code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  annotations:
    ignore-check.kube-linter.io/run-as-non-root: "node agent, reads /var/log as root"
spec:
  selector: {matchLabels: {app: agent}}
  template:
    spec:
      containers:
        - name: agent
          image: agent:1
          securityContext:
            runAsUser: 0
` },
    { name: 'checkov skip annotation on the pod template', code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata:
      annotations:
        checkov.io/skip1: CKV_K8S_23=the image runs as a numeric non-root USER
    spec:
      containers:
        - name: api
          image: x
` },
    { name: 'checkov:skip comment', code: `# checkov:skip=CKV_K8S_23: distroless nonroot image
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: gcr.io/distroless/static:nonroot
` },
    { name: 'container-signals-disable-next-line above the container name', code: pod(`
  containers:
    # container-signals-disable-next-line k8s/root-user -- vendor image
    - name: app
      image: x
`) },
  ],
  invalid: [
    {
      name: 'no securityContext: created with runAsNonRoot: true; comments kept',
      code: pod(`
  containers:
    - name: app # web
      image: ghcr.io/example/app:1 # pinned
`),
      errors: [
        { line: 7, column: 13, endLine: 7, endColumn: 16, severity: 'warning', message: 'Container "app" may run as root: neither `runAsNonRoot: true` nor a `runAsUser` above 0 is set (pod or container), so the image\'s USER decides (root for most images). Set `runAsNonRoot: true` (with a numeric non-root USER or `runAsUser`).' },
      ],
      output: pod(`
  containers:
    - name: app # web
      image: ghcr.io/example/app:1 # pinned
      securityContext:
        runAsNonRoot: true
`),
    },
    {
      name: 'securityContext without user settings',
      code: deployment(`
      containers:
        - name: api
          image: x
          securityContext:
            allowPrivilegeEscalation: false
          ports:
            - containerPort: 8080
`),
      errors: [
        { line: 11, column: 17, endLine: 11, endColumn: 20 },
      ],
      output: deployment(`
      containers:
        - name: api
          image: x
          securityContext:
            allowPrivilegeEscalation: false
            runAsNonRoot: true
          ports:
            - containerPort: 8080
`),
    },
    {
      name: 'container runAsUser: 0 is replaced by the UID of fix.user',
      code: appPod(`
      securityContext:
        runAsUser: 0 # root
        runAsGroup: 0
`),
      errors: [
        { line: 10, column: 20, endLine: 10, endColumn: 21, message: 'Container "app" runs as root: `runAsUser: 0`. UID 0 in a container is root on the node\'s kernel (without user namespaces). Use a non-zero UID and set `runAsNonRoot: true`.' },
      ],
      output: appPod(`
      securityContext:
        runAsUser: 10001 # root
        runAsGroup: 0
        runAsNonRoot: true
`),
    },
    {
      name: 'container runAsNonRoot: false',
      code: appPod(`
      securityContext:
        runAsNonRoot: false
`),
      errors: [
        { line: 10, column: 23, endLine: 10, endColumn: 28, message: 'Container "app" may run as root: `runAsNonRoot: false` and no `runAsUser` above 0, so the image\'s USER decides (root for most images). Set `runAsNonRoot: true` (with a numeric non-root USER or `runAsUser`).' },
      ],
      output: appPod(`
      securityContext:
        runAsNonRoot: true
`),
    },
    {
      name: 'pod-level runAsUser: 0: each container overrides it',
      code: pod(`
  securityContext:
    runAsUser: 0
  containers:
    - name: a
      image: x
    - name: b
      image: x
      securityContext:
        readOnlyRootFilesystem: true
`),
      errors: [
        { line: 7, column: 16, endLine: 7, endColumn: 17, message: 'Container "a" runs as root: `runAsUser: 0` in the pod\'s securityContext. UID 0 in a container is root on the node\'s kernel (without user namespaces). Use a non-zero UID and set `runAsNonRoot: true`.' },
        { line: 7, column: 16, endLine: 7, endColumn: 17, message: 'Container "b" runs as root: `runAsUser: 0` in the pod\'s securityContext. UID 0 in a container is root on the node\'s kernel (without user namespaces). Use a non-zero UID and set `runAsNonRoot: true`.' },
      ],
      output: pod(`
  securityContext:
    runAsUser: 0
  containers:
    - name: a
      image: x
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
    - name: b
      image: x
      securityContext:
        readOnlyRootFilesystem: true
        runAsNonRoot: true
        runAsUser: 10001
`),
    },
    {
      name: 'pod-level runAsNonRoot: false',
      code: pod(`
  securityContext:
    runAsNonRoot: false
  containers:
    - name: app
      image: x
`),
      errors: [
        { line: 7, column: 19, endLine: 7, endColumn: 24 },
      ],
      output: pod(`
  securityContext:
    runAsNonRoot: false
  containers:
    - name: app
      image: x
      securityContext:
        runAsNonRoot: true
`),
    },
    {
      name: 'runAsUser: 0 with runAsNonRoot: true (the kubelet refuses to start it)',
      code: appPod(`
      securityContext:
        runAsNonRoot: true
        runAsUser: 0
`),
      errors: [
        { line: 11, column: 20, endLine: 11, endColumn: 21 },
      ],
      output: appPod(`
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
`),
    },
    {
      name: 'fix.user is a name: runAsUser: 0 becomes runAsNonRoot: true',
      code: appPod(`
      securityContext:
        runAsUser: 0
        readOnlyRootFilesystem: true
`),
      config: {"fix":{"user":"app"}},
      errors: [
        { line: 10, column: 20, endLine: 10, endColumn: 21 },
      ],
      output: appPod(`
      securityContext:
        runAsNonRoot: true
        readOnlyRootFilesystem: true
`),
    },
    {
      name: 'fix.user is a name, runAsNonRoot: false and runAsUser: 0',
      code: appPod(`
      securityContext:
        runAsNonRoot: false
        runAsUser: 0
`),
      config: {"fix":{"user":"app:app"}},
      errors: [
        { line: 11, column: 20, endLine: 11, endColumn: 21 },
      ],
      output: appPod(`
      securityContext:
        runAsNonRoot: true
`),
    },
    {
      name: 'fix.user is a name and the pod sets runAsUser: 0: no fix',
      code: pod(`
  securityContext:
    runAsUser: 0
  containers:
    - name: app
      image: x
`),
      config: {"fix":{"user":"app"}},
      errors: [
        { line: 7, column: 16, endLine: 7, endColumn: 17 },
      ],
      output: null,
    },
    {
      name: 'fix.user without a group',
      code: appPod(`
      securityContext: {runAsUser: 0}
`),
      config: {"fix":{"user":"2000"}},
      errors: [
        { line: 9, column: 36, endLine: 9, endColumn: 37 },
      ],
      output: appPod(`
      securityContext: {runAsUser: 2000, runAsNonRoot: true}
`),
    },
    {
      name: 'flow securityContext, empty and with keys',
      code: pod(`
  containers:
    - name: a
      image: x
      securityContext: {}
    - {name: b, image: x, securityContext: {runAsNonRoot: false, runAsUser: 0}}
`),
      errors: [
        { line: 7, column: 13, endLine: 7, endColumn: 14 },
        { line: 10, column: 77, endLine: 10, endColumn: 78 },
      ],
      output: pod(`
  containers:
    - name: a
      image: x
      securityContext: {runAsNonRoot: true}
    - {name: b, image: x, securityContext: {runAsNonRoot: true, runAsUser: 10001}}
`),
    },
    {
      name: 'securityContext is an alias: reported, not fixed',
      code: pod(`
  securityContext: &sc
    runAsUser: 0
  containers:
    - name: app
      image: x
      securityContext: *sc
`),
      errors: [
        { line: 7, column: 16, endLine: 7, endColumn: 17 },
      ],
      output: null,
    },
    {
      name: 'runAsUser: 0 merged into the container securityContext: overridden in its own map',
      code: pod(`
  securityContext: &base
    runAsUser: 0
    fsGroup: 2000
  containers:
    - name: app
      image: x
      securityContext:
        <<: *base
        readOnlyRootFilesystem: true
`),
      errors: [
        { line: 7, column: 16, endLine: 7, endColumn: 17 },
      ],
      output: pod(`
  securityContext: &base
    runAsUser: 0
    fsGroup: 2000
  containers:
    - name: app
      image: x
      securityContext:
        <<: *base
        readOnlyRootFilesystem: true
        runAsNonRoot: true
        runAsUser: 10001
`),
    },
    {
      name: 'init container and container, CRLF, 4-space indentation',
      code: `apiVersion: batch/v1\r
kind: Job\r
metadata:\r
    name: migrate\r
spec:\r
    template:\r
        spec:\r
            restartPolicy: Never\r
            initContainers:\r
                -   name: wait\r
                    image: busybox\r
            containers:\r
                -   name: migrate\r
                    image: x\r
                    securityContext:\r
                        runAsUser: 0\r
`,
      errors: [
        { line: 10, column: 27, endLine: 10, endColumn: 31 },
        { line: 16, column: 36, endLine: 16, endColumn: 37 },
      ],
      output: `apiVersion: batch/v1\r
kind: Job\r
metadata:\r
    name: migrate\r
spec:\r
    template:\r
        spec:\r
            restartPolicy: Never\r
            initContainers:\r
                -   name: wait\r
                    image: busybox\r
                    securityContext:\r
                        runAsNonRoot: true\r
            containers:\r
                -   name: migrate\r
                    image: x\r
                    securityContext:\r
                        runAsUser: 10001\r
                        runAsNonRoot: true\r
`,
    },
    {
      name: 'multi-document: only the StatefulSet fires',
      code: `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector: {matchLabels: {app: api}}
  template:
    spec:
      securityContext: {runAsNonRoot: true}
      containers:
      - name: api
        image: x
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  selector: {matchLabels: {app: db}}
  serviceName: db
  template:
    spec:
      containers:
      - name: db
        image: postgres:17
`,
      errors: [
        { line: 31, column: 15, endLine: 31, endColumn: 17 },
      ],
      output: `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector: {matchLabels: {app: api}}
  template:
    spec:
      securityContext: {runAsNonRoot: true}
      containers:
      - name: api
        image: x
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  selector: {matchLabels: {app: db}}
  serviceName: db
  template:
    spec:
      containers:
      - name: db
        image: postgres:17
        securityContext:
          runAsNonRoot: true
`,
    },
  ],
});

// Found by the mutation fuzzer (test/fuzz): a key written without a value (`runAsUser:`, null,
// unset for the API) got a second `runAsUser` (a duplicate key), and `runAsNonRoot:` became
// `runAsNonRoot:true` (no longer a key).
ruleTester('k8s/root-user', {
  valid: [],
  invalid: [
    {
      name: 'runAsUser written without a value, the pod runs as 0: the empty key gets the value',
      code: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    runAsUser: 0\n  containers:\n    - name: app\n      image: x\n      securityContext:\n        runAsUser:\n',
      errors: [{ line: 5, column: 16, endLine: 5, endColumn: 17 }],
      output: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    runAsUser: 0\n  containers:\n    - name: app\n      image: x\n      securityContext:\n        runAsUser: 10001\n        runAsNonRoot: true\n',
    },
    {
      name: 'runAsNonRoot written without a value',
      code: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: x\n      securityContext:\n        runAsNonRoot:\n',
      errors: [{ line: 5, column: 13, endLine: 5, endColumn: 16 }],
      output: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: x\n      securityContext:\n        runAsNonRoot: true\n',
    },
  ],
});
