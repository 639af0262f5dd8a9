import { ruleTester } from '../../rule-tester';

const PKG = JSON.stringify({ name: 'web', scripts: { start: 'node dist/server.js', dev: 'tsc && node dist/server.js' } });

ruleTester('compose/package-manager-start', {
  valid: [
    'services:\n  web:\n    image: node:20\n    command: ["node", "server.js"]\n',
    // install steps start no long-running program
    'services:\n  web:\n    image: node:20\n    command: npm ci\n',
    'services:\n  web:\n    image: node:20\n    command: ["yarn", "install", "--frozen-lockfile"]\n',
    { name: 'a Dockerfile CMD that runs node', code: 'services:\n  web:\n    build: .\n', files: { Dockerfile: 'FROM node:20\nCMD ["node", "server.js"]\n' } },
    // not a compose file
    'web:\n  command: npm start\n',
  ],
  invalid: [
    {
      name: 'an Alpine image: busybox execs the script and npm forwards SIGTERM, so only information',
      code: 'services:\n  web:\n    image: node:20-alpine\n    command: npm start\n',
      errors: [{ line: 4, column: 14, endLine: 4, endColumn: 23, severity: 'information', message: /^Service "web" starts its program through "npm start", which runs the script with sh -c\. This image's \/bin\/sh execs the script's last command, but npm stays between the stop signal and the program\./ }],
      output: null,
    },
    {
      name: 'npm start on a Debian node image (dash)',
      code: 'services:\n  web:\n    image: node:20\n    command: npm start\n',
      errors: [{ line: 4, column: 14, endLine: 4, endColumn: 23, severity: 'warning', message: 'Service "web" starts its program through "npm start", which runs the script with sh -c. This image\'s /bin/sh is dash, which stays between npm and the program, so SIGTERM does not reach it, even behind an init. Run the program directly (for example "node server.js") so it gets the stop signal.' }],
      output: null,
    },
    {
      name: 'build context package.json: the message names the script',
      code: 'services:\n  web:\n    build: ./web\n    command: ["npm", "run", "start"]\n',
      files: { 'web/Dockerfile': 'FROM node:20-alpine\nCMD ["node", "x.js"]\n', 'web/package.json': PKG },
      errors: [{ line: 4, column: 14, message: /^Service "web" starts its program through "npm run start".*This image's \/bin\/sh execs the script's last command, but npm stays between the stop signal and the program\. Run "node dist\/server\.js" directly \(the "start" script of package\.json\)/ }],
      output: null,
    },
    {
      name: 'a script with more than one command',
      code: 'services:\n  web:\n    build: .\n    command: yarn dev\n',
      files: { Dockerfile: 'FROM node:20\n', 'package.json': PKG },
      errors: [{ line: 4, column: 14, message: /through "yarn dev".*Run the program of the "dev" script \("tsc && node dist\/server\.js"\) directly/ }],
      output: null,
    },
    {
      name: 'the Dockerfile CMD: reported on the service name; unknown shell says both',
      code: 'services:\n  web:\n    build: .\n',
      files: { Dockerfile: 'FROM acme/node-base\nCMD ["npm", "start"]\n' },
      errors: [{ line: 2, column: 3, endColumn: 6, message: /Where \/bin\/sh is dash \(Debian, Ubuntu images\), the shell stays between npm and the program/ }],
      output: null,
    },
    {
      name: 'behind an init and a shell: still reported',
      code: 'services:\n  web:\n    image: node:20\n    init: true\n    entrypoint: ["sh", "-c", "npm run migrate && exec pnpm start"]\n',
      errors: [{ line: 5, column: 17, message: /through "pnpm start"/ }],
      output: null,
    },
  ],
});
