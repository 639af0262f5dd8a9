import { ruleTester } from '../../rule-tester';
import { pod, appPod } from './manifests';

ruleTester('k8s/ptrace-capability', {
  valid: [
    { name: 'drop ALL, add NET_BIND_SERVICE', code: appPod(`
      securityContext:
        capabilities:
          drop: [ALL]
          add: [NET_BIND_SERVICE]
`) },
    { name: 'SYS_PTRACE only in drop', code: appPod(`
      securityContext:
        capabilities:
          drop:
            - SYS_PTRACE
`) },
    { name: 'SYS_ADMIN is another rule\'s business', code: appPod(`
      securityContext: {capabilities: {add: [SYS_ADMIN]}}
`) },
    { name: 'privileged: false', code: appPod(`
      securityContext: {privileged: false, allowPrivilegeEscalation: false}
`) },
    { name: 'not in a workload', code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  caps: SYS_PTRACE
` },
  ],
  invalid: [
    {
      name: 'privileged: true: the suggestion deletes the key',
      code: appPod(`
      securityContext:
        privileged: true # needs the GPU devices
        runAsUser: 1000
`),
      errors: [
        { line: 10, column: 21, endLine: 10, endColumn: 25, severity: 'warning', message: 'Container "app" is privileged (every capability, SYS_PTRACE included, and the host\'s devices): the Pod Security Standards baseline forbids it. Remove privileged: true unless the container manages the node.' },
      ],
      output: null,
      suggestions: [appPod(`
      securityContext:
        runAsUser: 1000
`)],
    },
    {
      name: 'privileged: true alone in the securityContext: the securityContext goes',
      code: appPod(`
      securityContext: {privileged: true}
      ports: [{containerPort: 80}]
`),
      errors: [
        { line: 9, column: 37, endLine: 9, endColumn: 41 },
      ],
      output: null,
      suggestions: [appPod(`
      ports: [{containerPort: 80}]
`)],
    },
    {
      name: 'the only item: the add key goes, drop stays; comments kept',
      code: appPod(`
      securityContext:
        capabilities:
          # debugging
          add:
            - SYS_PTRACE # for gdb
          drop:
            - ALL
`),
      errors: [
        { line: 13, column: 15, endLine: 13, endColumn: 25, severity: 'warning', message: 'Container "app" adds the capability "SYS_PTRACE", which the Pod Security Standards baseline forbids; no capability is needed to handle signals. Remove it unless a debugger or profiler in the container needs it.' },
      ],
      output: null,
      suggestions: [appPod(`
      securityContext:
        capabilities:
          # debugging
          drop:
            - ALL
`)],
    },
    {
      name: 'one of several items (block)',
      code: appPod(`
      securityContext:
        capabilities:
          add:
            - NET_BIND_SERVICE
            - SYS_PTRACE
            - CHOWN
`),
      errors: [
        { line: 13, column: 15, endLine: 13, endColumn: 25 },
      ],
      output: null,
      suggestions: [appPod(`
      securityContext:
        capabilities:
          add:
            - NET_BIND_SERVICE
            - CHOWN
`)],
    },
    {
      name: 'flow list, CAP_ prefix',
      code: appPod(`
      securityContext:
        capabilities:
          add: ["CAP_SYS_PTRACE", "NET_ADMIN"]
          drop: ["ALL"]
`),
      errors: [
        { line: 11, column: 17, endLine: 11, endColumn: 33 },
      ],
      output: null,
      suggestions: [appPod(`
      securityContext:
        capabilities:
          add: ["NET_ADMIN"]
          drop: ["ALL"]
`)],
    },
    {
      name: 'ALL',
      code: appPod(`
      securityContext:
        capabilities: {add: [ALL], drop: [NET_RAW]}
`),
      errors: [
        { line: 10, column: 30, endLine: 10, endColumn: 33, message: 'Container "app" adds "ALL" capabilities, SYS_PTRACE included, which the Pod Security Standards baseline forbids. Remove it and add only the capabilities the program needs.' },
      ],
      output: null,
      suggestions: [appPod(`
      securityContext:
        capabilities: {drop: [NET_RAW]}
`)],
    },
    {
      name: 'capabilities with only add: the capabilities key goes',
      code: appPod(`
      securityContext:
        runAsNonRoot: true
        capabilities:
          add: [SYS_PTRACE]
`),
      errors: [
        { line: 12, column: 17, endLine: 12, endColumn: 27 },
      ],
      output: null,
      suggestions: [appPod(`
      securityContext:
        runAsNonRoot: true
`)],
    },
    {
      name: 'securityContext with only capabilities.add: the securityContext goes',
      code: appPod(`
      securityContext:
        capabilities:
          add:
          - SYS_PTRACE
      ports:
      - containerPort: 80
`),
      errors: [
        { line: 12, column: 13, endLine: 12, endColumn: 23 },
      ],
      output: null,
      suggestions: [appPod(`
      ports:
      - containerPort: 80
`)],
    },
    {
      name: 'two forbidden items of one list (flow): one suggestion per item',
      code: appPod(`
      securityContext:
        capabilities:
          add: [NET_ADMIN, SYS_PTRACE, ALL]
`),
      errors: [
        { line: 11, column: 28, endLine: 11, endColumn: 38 },
        { line: 11, column: 40, endLine: 11, endColumn: 43 },
      ],
      output: null,
      suggestions: [appPod(`
      securityContext:
        capabilities:
          add: [NET_ADMIN, ALL]
`)],
    },
    {
      name: 'every item forbidden (block)',
      code: appPod(`
      securityContext:
        capabilities:
          drop: [ALL]
          add:
            - SYS_PTRACE
            - ALL
`),
      errors: [
        { line: 13, column: 15, endLine: 13, endColumn: 25 },
        { line: 14, column: 15, endLine: 14, endColumn: 18 },
      ],
      output: null,
      suggestions: [appPod(`
      securityContext:
        capabilities:
          drop: [ALL]
          add:
            - ALL
`)],
    },
    {
      name: 'lower case, init container and DaemonSet, CRLF',
      code: `apiVersion: apps/v1\r
kind: DaemonSet\r
metadata:\r
  name: profiler\r
spec:\r
  selector:\r
    matchLabels: {app: profiler}\r
  template:\r
    spec:\r
      hostPID: true\r
      initContainers:\r
        - name: setup\r
          image: busybox\r
          securityContext:\r
            capabilities:\r
              add: [sys_ptrace, NET_ADMIN]\r
      containers:\r
        - name: profiler\r
          image: parca\r
          securityContext:\r
            capabilities:\r
              add:\r
                - SYS_PTRACE\r
                - SYS_ADMIN\r
`,
      errors: [
        { line: 16, column: 21, endLine: 16, endColumn: 31 },
        { line: 23, column: 19, endLine: 23, endColumn: 29 },
      ],
      output: null,
      suggestions: [`apiVersion: apps/v1\r
kind: DaemonSet\r
metadata:\r
  name: profiler\r
spec:\r
  selector:\r
    matchLabels: {app: profiler}\r
  template:\r
    spec:\r
      hostPID: true\r
      initContainers:\r
        - name: setup\r
          image: busybox\r
          securityContext:\r
            capabilities:\r
              add: [NET_ADMIN]\r
      containers:\r
        - name: profiler\r
          image: parca\r
          securityContext:\r
            capabilities:\r
              add:\r
                - SYS_PTRACE\r
                - SYS_ADMIN\r
`],
    },
    {
      name: 'capabilities anchored in container a, aliased in b: only a (which owns the text) gets the fix, and it clears both',
      code: pod(`
  containers:
    - name: a
      image: x
      securityContext:
        capabilities: &caps
          add: [SYS_PTRACE, NET_ADMIN]
    - name: b
      image: x
      securityContext:
        capabilities: *caps
`),
      errors: [
        { line: 11, column: 17, endLine: 11, endColumn: 27 },
        { line: 11, column: 17, endLine: 11, endColumn: 27 },
      ],
      output: null,
      suggestions: [pod(`
  containers:
    - name: a
      image: x
      securityContext:
        capabilities: &caps
          add: [NET_ADMIN]
    - name: b
      image: x
      securityContext:
        capabilities: *caps
`)],
    },
    {
      name: 'multi-document: only the CronJob fires; 4-space indentation',
      code: `apiVersion: v1
kind: Pod
metadata:
    name: ok
spec:
    containers:
        - name: ok
          image: x
---
apiVersion: batch/v1
kind: CronJob
metadata:
    name: c
spec:
    schedule: "@daily"
    jobTemplate:
        spec:
            template:
                spec:
                    restartPolicy: Never
                    containers:
                        - name: c
                          image: x
                          securityContext:
                              capabilities:
                                  add:
                                      - NET_RAW
                                      - SYS_PTRACE
`,
      errors: [
        { line: 28, column: 41, endLine: 28, endColumn: 51 },
      ],
      output: null,
      suggestions: [`apiVersion: v1
kind: Pod
metadata:
    name: ok
spec:
    containers:
        - name: ok
          image: x
---
apiVersion: batch/v1
kind: CronJob
metadata:
    name: c
spec:
    schedule: "@daily"
    jobTemplate:
        spec:
            template:
                spec:
                    restartPolicy: Never
                    containers:
                        - name: c
                          image: x
                          securityContext:
                              capabilities:
                                  add:
                                      - NET_RAW
`],
    },
  ],
});
