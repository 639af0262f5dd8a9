import { ruleTester } from '../../rule-tester';
import { pod, appPod, deployment } from './manifests';

ruleTester('k8s/root-user', {
  valid: [
    { name: 'recommended: nothing set is not reported (strict only)', code: pod(`
  containers:
    - name: app
      image: ghcr.io/example/app:1
`) },
    { name: 'strict: an image known to run as a non-root user', config: { preset: 'strict' }, code: pod(`
  containers:
    - name: app
      image: gcr.io/distroless/static:nonroot
    - name: b
      image: nginxinc/nginx-unprivileged:1.27
      securityContext: {runAsNonRoot: false}
`) },
    { name: 'strict: an image that starts as root and drops to its own user', config: { preset: 'strict' }, code: pod(`
  containers:
    - name: db
      image: postgres:17
`) },
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
      name: 'strict: no securityContext: information; the suggestion sets both, comments kept',
      config: { preset: 'strict' },
      code: pod(`
  containers:
    - name: app # web
      image: ghcr.io/example/app:1 # pinned
`),
      errors: [
        { line: 7, column: 13, endLine: 7, endColumn: 16, severity: 'information', message: 'Container "app" may run as root: nothing sets runAsUser above 0 or runAsNonRoot: true, so the image\'s user decides. Set a non-zero runAsUser together with runAsNonRoot: true.' },
      ],
      output: null,
      suggestions: [pod(`
  containers:
    - name: app # web
      image: ghcr.io/example/app:1 # pinned
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
`)],
    },
    {
      name: 'strict: securityContext without user settings',
      config: { preset: 'strict' },
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
      output: null,
      suggestions: [deployment(`
      containers:
        - name: api
          image: x
          securityContext:
            allowPrivilegeEscalation: false
            runAsNonRoot: true
            runAsUser: 10001
          ports:
            - containerPort: 8080
`)],
    },
    {
      name: 'container runAsUser: 0: a warning; the suggestion replaces it by the UID of fix.user and sets runAsNonRoot',
      code: appPod(`
      securityContext:
        runAsUser: 0 # root
        runAsGroup: 0
`),
      errors: [
        { line: 10, column: 20, endLine: 10, endColumn: 21, severity: 'warning', message: 'Container "app" runs as root: runAsUser is 0. Set a non-zero runAsUser together with runAsNonRoot: true.' },
      ],
      output: null,
      suggestions: [appPod(`
      securityContext:
        runAsUser: 10001 # root
        runAsGroup: 0
        runAsNonRoot: true
`)],
    },
    {
      name: 'container runAsNonRoot: false: never runAsNonRoot alone',
      code: appPod(`
      securityContext:
        runAsNonRoot: false
`),
      errors: [
        { line: 10, column: 23, endLine: 10, endColumn: 28, severity: 'warning', message: 'Container "app" may run as root: runAsNonRoot is false and no runAsUser above 0 is set, so the image\'s user decides. Set a non-zero runAsUser together with runAsNonRoot: true.' },
      ],
      output: null,
      suggestions: [appPod(`
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
`)],
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
        { line: 7, column: 16, endLine: 7, endColumn: 17, message: 'Container "a" runs as root: runAsUser is 0 in the pod\'s securityContext. Set a non-zero runAsUser together with runAsNonRoot: true.' },
        { line: 7, column: 16, endLine: 7, endColumn: 17, message: 'Container "b" runs as root: runAsUser is 0 in the pod\'s securityContext. Set a non-zero runAsUser together with runAsNonRoot: true.' },
      ],
      output: null,
      suggestions: [pod(`
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
`)],
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
      output: null,
      suggestions: [pod(`
  securityContext:
    runAsNonRoot: false
  containers:
    - name: app
      image: x
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
`)],
    },
    {
      name: 'runAsUser: 0 with runAsNonRoot: true: an error, the kubelet refuses to start it',
      code: appPod(`
      securityContext:
        runAsNonRoot: true
        runAsUser: 0
`),
      errors: [
        { line: 11, column: 20, endLine: 11, endColumn: 21, severity: 'error', message: 'Container "app" cannot start: runAsUser is 0 and runAsNonRoot is true, so the kubelet refuses it (CreateContainerConfigError). Set a non-zero runAsUser.' },
      ],
      output: null,
      suggestions: [appPod(`
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
`)],
    },
    {
      name: 'privileged: no suggestion, and the message says why',
      code: appPod(`
      securityContext:
        privileged: true
        runAsUser: 0
`),
      errors: [
        { line: 11, column: 20, endLine: 11, endColumn: 21, message: 'Container "app" runs as root: runAsUser is 0. Set a non-zero runAsUser together with runAsNonRoot: true. No suggestion: the container is privileged, which usually needs root.' },
      ],
      output: null,
      suggestions: [],
    },
    {
      name: 'an image that drops privileges itself: no suggestion',
      code: pod(`
  containers:
    - name: db
      image: postgres:17
      securityContext: {runAsUser: 0}
`),
      errors: [
        { line: 9, column: 36, endLine: 9, endColumn: 37, message: 'Container "db" runs as root: runAsUser is 0. Set a non-zero runAsUser together with runAsNonRoot: true. No suggestion: the image "postgres" starts as root and drops to its own user itself.' },
      ],
      output: null,
      suggestions: [],
    },
    {
      name: 'fix.user is a name: no suggestion (runAsNonRoot needs a numeric user)',
      code: appPod(`
      securityContext:
        runAsUser: 0
        readOnlyRootFilesystem: true
`),
      config: {"fix":{"user":"app"}},
      errors: [
        { line: 10, column: 20, endLine: 10, endColumn: 21 },
      ],
      output: null,
      suggestions: [],
    },
    {
      name: 'fix.user without a group; flow securityContext',
      code: appPod(`
      securityContext: {runAsUser: 0}
`),
      config: {"fix":{"user":"2000"}},
      errors: [
        { line: 9, column: 36, endLine: 9, endColumn: 37 },
      ],
      output: null,
      suggestions: [appPod(`
      securityContext: {runAsUser: 2000, runAsNonRoot: true}
`)],
    },
    {
      name: 'strict: flow securityContext, empty and with keys',
      config: { preset: 'strict' },
      code: pod(`
  containers:
    - name: a
      image: x
      securityContext: {}
    - {name: b, image: x, securityContext: {runAsNonRoot: false, runAsUser: 0}}
`),
      errors: [
        { line: 7, column: 13, endLine: 7, endColumn: 14, severity: 'information' },
        { line: 10, column: 77, endLine: 10, endColumn: 78, severity: 'warning' },
      ],
      output: null,
      suggestions: [pod(`
  containers:
    - name: a
      image: x
      securityContext: {runAsNonRoot: true, runAsUser: 10001}
    - {name: b, image: x, securityContext: {runAsNonRoot: false, runAsUser: 0}}
`)],
    },
    {
      name: 'securityContext is an alias: reported, no suggestion',
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
      suggestions: [],
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
      output: null,
      suggestions: [pod(`
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
`)],
    },
    {
      name: 'strict: init container and container, CRLF, 4-space indentation',
      config: { preset: 'strict' },
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
                    image: x\r
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
      output: null,
      suggestions: [`apiVersion: batch/v1\r
kind: Job\r
metadata:\r
    name: migrate\r
spec:\r
    template:\r
        spec:\r
            restartPolicy: Never\r
            initContainers:\r
                -   name: wait\r
                    image: x\r
                    securityContext:\r
                        runAsNonRoot: true\r
                        runAsUser: 10001\r
            containers:\r
                -   name: migrate\r
                    image: x\r
                    securityContext:\r
                        runAsUser: 0\r
`],
    },
    {
      name: 'kind: List: a kube-linter annotation silences its own item only',
      code: `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: a
    annotations:
      ignore-check.kube-linter.io/run-as-non-root: "needs root"
  spec:
    containers: [{name: a, image: x, securityContext: {runAsUser: 0}}]
- apiVersion: v1
  kind: Pod
  metadata: {name: b}
  spec:
    containers: [{name: b, image: x, securityContext: {runAsUser: 0}}]
`,
      errors: [
        { line: 16, column: 67, endLine: 16, endColumn: 68 },
      ],
      output: null,
      suggestions: [`apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: a
    annotations:
      ignore-check.kube-linter.io/run-as-non-root: "needs root"
  spec:
    containers: [{name: a, image: x, securityContext: {runAsUser: 0}}]
- apiVersion: v1
  kind: Pod
  metadata: {name: b}
  spec:
    containers: [{name: b, image: x, securityContext: {runAsUser: 10001, runAsNonRoot: true}}]
`],
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
      output: null,
      suggestions: ['apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    runAsUser: 0\n  containers:\n    - name: app\n      image: x\n      securityContext:\n        runAsUser: 10001\n        runAsNonRoot: true\n'],
    },
    {
      name: 'runAsNonRoot written without a value (strict)',
      config: { preset: 'strict' },
      code: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: x\n      securityContext:\n        runAsNonRoot:\n',
      errors: [{ line: 5, column: 13, endLine: 5, endColumn: 16 }],
      output: null,
      suggestions: ['apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: x\n      securityContext:\n        runAsNonRoot: true\n        runAsUser: 10001\n'],
    },
  ],
});
