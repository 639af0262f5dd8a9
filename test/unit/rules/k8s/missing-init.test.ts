import { ruleTester } from '../../rule-tester';
import { pod, deployment } from './manifests';

const strict = { preset: 'strict' as const };

ruleTester('k8s/missing-init', {
  valid: [
    { name: 'a known server handles SIGTERM (postgres image, no command)', code: pod(`
  containers:
    - name: db
      image: postgres:17
`) },
    { name: 'java and Go handle SIGTERM as PID 1', code: pod(`
  containers:
    - name: a
      image: eclipse-temurin:21
      command: [java, -jar, /app.jar]
    - name: b
      image: golang:1.23
      command: [/app/server]
`) },
    { name: 'an init in front of node', code: pod(`
  containers:
    - name: app
      image: node:22
      command: [/usr/bin/tini, --, node, server.js]
`) },
    { name: 'gunicorn and python -m uvicorn handle SIGTERM', code: pod(`
  containers:
    - name: a
      image: python:3.12
      command: [gunicorn, app:wsgi]
    - name: b
      image: python:3.12
      command: [python, -m, uvicorn, app:app]
`) },
    { name: 'the vLLM API server installs a SIGTERM handler', code: pod(`
  containers:
    - name: llm
      image: vllm/vllm-openai:v0.11.0
      command: ["python3", "-m", "vllm.entrypoints.openai.api_server"]
`) },
    { name: 'shareProcessNamespace: the pause container is PID 1', code: pod(`
  shareProcessNamespace: true
  containers:
    - name: app
      image: node:22
      command: [node, server.js]
`) },
    { name: 'hostPID: the host\'s init is PID 1', code: pod(`
  hostPID: true
  containers:
    - name: app
      image: python:3.12
      command: [python, agent.py]
`) },
    { name: 'sh -c scripts are k8s/shell-pid1\'s; npm start is k8s/package-manager-start\'s', code: pod(`
  containers:
    - name: a
      image: node:22
      command: [sh, -c, "node server.js"]
    - name: b
      image: node:22
      command: [npm, start]
`) },
    { name: 'init containers run to completion before the pod serves', code: pod(`
  initContainers:
    - name: migrate
      image: python:3.12
      command: [python, migrate.py]
  containers:
    - name: app
      image: x
`) },
    { name: 'recommended: an unknown program is not reported', code: pod(`
  containers:
    - name: app
      image: ghcr.io/example/app:1
      command: [/app/server]
`) },
    { name: 'args alone with an image the tables do not know: its ENTRYPOINT may be an init', code: pod(`
  containers:
    - name: app
      image: ghcr.io/example/app:1
      args: [node, server.js]
`) },
    { name: 'a trap in the script', code: pod(`
  containers:
    - name: app
      image: x
      command: [sh, -c, "trap 'exit 0' TERM; while true; do sleep 1; done"]
`) },
  ],
  invalid: [
    {
      name: 'node as PID 1: a warning; the suggestion sets shareProcessNamespace on the pod',
      code: deployment(`
      containers:
        - name: api
          image: node:22-slim
          command: [node, dist/server.js]
`),
      errors: [
        { line: 11, column: 17, endLine: 11, endColumn: 20, severity: 'warning', message: 'node as PID 1 of container "api" ignores SIGTERM without a handler: every stop waits 30 s, then SIGKILL. Handle SIGTERM in the program or start it under an init (tini) in the image; shareProcessNamespace: true only makes it stop at once.' },
      ],
      output: null,
      suggestions: [deployment(`
      shareProcessNamespace: true
      containers:
        - name: api
          image: node:22-slim
          command: [node, dist/server.js]
`)],
    },
    {
      name: 'python as PID 1 with the grace period of the pod; shareProcessNamespace: false is replaced',
      code: pod(`
  terminationGracePeriodSeconds: 60
  shareProcessNamespace: false
  containers:
    - name: web
      image: python:3
      command:
        - python
        - -m
        - http.server
`),
      errors: [
        { line: 9, column: 13, endLine: 9, endColumn: 16, message: 'python as PID 1 of container "web" ignores SIGTERM without a handler: every stop waits 60 s, then SIGKILL. Handle SIGTERM in the program or start it under an init (tini) in the image; shareProcessNamespace: true only makes it stop at once.' },
      ],
      output: null,
      suggestions: [pod(`
  terminationGracePeriodSeconds: 60
  shareProcessNamespace: true
  containers:
    - name: web
      image: python:3
      command:
        - python
        - -m
        - http.server
`)],
    },
    {
      name: 'args alone on the node image: its docker-entrypoint.sh execs them',
      code: pod(`
  containers:
    - name: app
      image: node:20
      args: ["node", "index.js"]
`),
      errors: [{ line: 7, column: 13, endLine: 7, endColumn: 16, severity: 'warning' }],
      output: null,
      suggestions: [pod(`
  shareProcessNamespace: true
  containers:
    - name: app
      image: node:20
      args: ["node", "index.js"]
`)],
    },
    {
      name: 'a script file run by a shell: information (the linter cannot read the script)',
      code: pod(`
  containers:
    - name: fix
      image: redis:7
      command: [sh, /readonly-config/fix.sh]
`),
      errors: [
        { line: 7, column: 13, endLine: 7, endColumn: 16, severity: 'information', message: 'Container "fix" runs "/readonly-config/fix.sh" with sh as PID 1: SIGTERM is dropped unless the script execs its program. The linter cannot read the script; if it does not, every stop waits 30 s. End it with exec, or start it under an init (tini).' },
      ],
      output: null,
    },
    {
      name: 'strict: an unknown program is information',
      config: strict,
      code: pod(`
  containers:
    - name: app
      image: ghcr.io/example/app:1
      command: [/app/server, --port, "8080"]
`),
      errors: [
        { line: 7, column: 13, endLine: 7, endColumn: 16, severity: 'information', message: 'The linter does not know whether "server" in container "app" handles SIGTERM as PID 1. If it does not, every stop waits 30 s, then SIGKILL; Kubernetes has no init flag, so an init (tini) must be in the image.' },
      ],
      output: null,
    },
    {
      name: 'kind: List item (Argo Rollout)',
      code: `apiVersion: v1
kind: List
items:
  - apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    metadata: {name: r}
    spec:
      template:
        spec:
          containers:
            - name: app
              image: node:22
              command: [node, server.js]
`,
      errors: [{ line: 11, column: 21, endLine: 11, endColumn: 24 }],
      output: null,
      suggestions: [`apiVersion: v1
kind: List
items:
  - apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    metadata: {name: r}
    spec:
      template:
        spec:
          shareProcessNamespace: true
          containers:
            - name: app
              image: node:22
              command: [node, server.js]
`],
    },
  ],
});
