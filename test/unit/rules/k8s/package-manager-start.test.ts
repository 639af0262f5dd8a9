import { ruleTester } from '../../rule-tester';
import { pod } from './manifests';

ruleTester('k8s/package-manager-start', {
  valid: [
    { name: 'the program directly', code: pod(`
  containers:
    - name: app
      image: node:22
      command: [node, server.js]
`) },
    { name: 'npm ci / install start no program', code: pod(`
  initContainers:
    - name: deps
      image: node:22
      command: [npm, ci]
  containers:
    - name: app
      image: node:22
      command: [sh, -c, "npm install && exec node server.js"]
`) },
    { name: 'npm in a probe or a hook is not the container\'s start', code: pod(`
  containers:
    - name: app
      image: node:22
      command: [node, server.js]
      lifecycle:
        preStop:
          exec:
            command: [npm, run, drain]
`) },
  ],
  invalid: [
    {
      name: 'npm start on a Debian-based image: a warning',
      code: pod(`
  containers:
    - name: web
      image: node:22-bookworm-slim
      command: ["npm", "start"]
`),
      errors: [
        { line: 9, column: 17, endLine: 9, endColumn: 22, severity: 'warning', message: '"npm start" in container "web" runs the program under npm and sh -c, and this image\'s dash never execs it: SIGTERM stops at the shell. Run the program directly (e.g. "node server.js").' },
      ],
      output: null,
    },
    {
      name: 'npm run in args, under tini; unknown image',
      code: pod(`
  containers:
    - name: web
      image: ghcr.io/example/web:1
      command: [tini, --]
      args: [npm, run, start:prod]
`),
      errors: [
        { line: 10, column: 14, endLine: 10, endColumn: 17, severity: 'warning', message: '"npm run start:prod" in container "web" runs the program under npm and sh -c: with a dash /bin/sh, SIGTERM stops at the shell (this image\'s shell is not known). Run the program directly (e.g. "node server.js").' },
      ],
      output: null,
    },
    {
      name: 'yarn start as the last command of a sh -c script',
      code: pod(`
  containers:
    - name: web
      image: node:22
      command: [sh, -c, "yarn build && yarn start"]
`),
      errors: [{ line: 9, column: 25, endLine: 9, endColumn: 51, severity: 'warning' }],
      output: null,
    },
    {
      name: 'an Alpine image: information (busybox execs the script, npm forwards SIGTERM)',
      code: pod(`
  containers:
    - name: web
      image: node:22-alpine
      command: [pnpm, start]
`),
      errors: [
        { line: 9, column: 17, endLine: 9, endColumn: 21, severity: 'information', message: '"pnpm start" in container "web" runs the program under pnpm and sh -c: it gets SIGTERM only if pnpm forwards it (this image\'s busybox ash execs the script\'s last command). Run the program directly (e.g. "node server.js").' },
      ],
      output: null,
    },
  ],
});
