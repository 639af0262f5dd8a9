import { ruleTester } from '../../rule-tester';

ruleTester('dockerfile/package-manager-start', {
  valid: [
    'FROM node:20\nCMD ["node", "server.js"]\n',
    { name: 'npm ci is a build step', code: 'FROM node:20\nRUN npm ci\nCMD ["node", "server.js"]\n' },
    { name: 'a stage that is not the final one', code: 'FROM node:20 AS dev\nCMD ["npm", "start"]\nFROM node:20\nCMD ["node", "a.js"]\n' },
    { name: 'npm install is no start', code: 'FROM node:20\nCMD ["npm", "install"]\n' },
  ],
  invalid: [
    {
      name: 'npm start on a Debian node image, package.json readable: the direct command',
      code: 'FROM node:20\nCMD ["npm", "start"]\n',
      files: { 'package.json': '{"scripts": {"start": "node server.js"}}' },
      errors: [{ line: 2, column: 5, endColumn: 21, severity: 'warning', message: '"npm start" runs the program under npm and /bin/sh -c, and dash (the /bin/sh of "node") does not pass SIGTERM on to it. Start it directly: CMD ["node", "server.js"] (package.json\'s "start" script).' }],
      output: null,
      suggestions: [],
    },
    {
      name: 'npm run with no package.json',
      code: 'FROM node:20-bookworm-slim\nCMD npm run serve\n',
      errors: [{ line: 2, column: 5, message: '"npm run serve" runs the program under npm and /bin/sh -c, and dash (the /bin/sh of "node") does not pass SIGTERM on to it. Start the program directly in the exec form (the command of the package.json script).' }],
      output: null,
    },
    {
      name: 'a script that needs a shell',
      code: 'FROM node:20\nCMD ["yarn", "start:prod"]\n',
      files: { 'package.json': '{"scripts": {"start:prod": "NODE_ENV=production node dist/main.js"}}' },
      errors: [{ line: 2, column: 5, message: /package\.json's "start:prod" script is "NODE_ENV=production node dist\/main\.js"; end it with exec, or run the program in the exec form\.$/ }],
      output: null,
    },
    {
      name: 'alpine: busybox execs, the stop depends on the package manager (information)',
      code: 'FROM node:20-alpine\nCMD ["yarn", "run", "serve"]\n',
      errors: [{ line: 2, column: 5, severity: 'information', message: /^"yarn run serve" keeps yarn as PID 1 in front of the program: the graceful stop depends on yarn forwarding SIGTERM and waiting for it/ }],
      output: null,
    },
    {
      name: 'unknown image, behind tini',
      code: 'FROM example/node\nENTRYPOINT ["tini", "--"]\nCMD ["pnpm", "start"]\n',
      errors: [{ line: 3, column: 5, message: /^"pnpm start" runs the program under pnpm and \/bin\/sh -c: if the \/bin\/sh of "example\/node" is dash, SIGTERM does not reach it\./ }],
      output: null,
    },
  ],
});
