import { ruleTester } from '../../rule-tester';

const PTRACE = 'docker run of "ghcr.io/acme/api" adds SYS_PTRACE (--cap-add=SYS_PTRACE), which lets the container trace and read the memory of other processes; no capability is needed to handle signals. Remove it unless a debugger, profiler or monitoring agent here needs it.';

ruleTester('run/ptrace-capability', {
  valid: [
    'docker run --rm --cap-add NET_ADMIN img\n',
    'docker run --cap-drop ALL --cap-drop SYS_PTRACE img\n',
    'docker run --privileged=false img\n',
    // after the image: the container's own arguments
    'docker run img gdb --privileged --cap-add SYS_PTRACE\n',
    'docker run --cap-add "$CAPS" img\n',
    { name: 'Markdown: a block that is not shell', path: 'README.md', code: '```text\ndocker run --privileged img\n```\n' },
  ],
  invalid: [
    {
      name: '--cap-add=SYS_PTRACE: the suggestion removes the flag and the blank before it',
      code: 'docker run --rm --cap-add=SYS_PTRACE ghcr.io/acme/api:1.2\n',
      errors: [{ line: 1, column: 17, endLine: 1, endColumn: 37, severity: 'warning', message: PTRACE }],
      output: null,
      suggestions: ['docker run --rm ghcr.io/acme/api:1.2\n'],
    },
    {
      name: 'alone on a continuation line: the line goes, the continuation stays',
      code: '#!/bin/sh\ndocker run \\\n  --init \\\n  --cap-add SYS_PTRACE \\\n  img\n',
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 23, message: /^docker run of "img" adds SYS_PTRACE \(--cap-add SYS_PTRACE\)/ }],
      output: null,
      suggestions: ['#!/bin/sh\ndocker run \\\n  --init \\\n  img\n'],
    },
    {
      name: 'first on a continuation line with more flags after it',
      code: 'docker run \\\n  --cap-add cap_sys_ptrace --init \\\n  img\n',
      errors: [{ line: 2, column: 3, endColumn: 27, message: /^docker run of "img" adds cap_sys_ptrace \(--cap-add cap_sys_ptrace\)/ }],
      output: null,
      suggestions: ['docker run \\\n  --init \\\n  img\n'],
    },
    {
      name: '--cap-add ALL',
      code: 'docker run --cap-add=all img\n',
      errors: [{ line: 1, column: 12, endColumn: 25, message: 'docker run of "img" adds all (--cap-add=all): every capability, SYS_PTRACE included; no capability is needed to handle signals. Add only the capabilities the container needs.' }],
      output: null,
      suggestions: ['docker run img\n'],
    },
    {
      name: '--privileged, podman',
      code: 'podman run --privileged -d img\n',
      errors: [{ line: 1, column: 12, endColumn: 24, message: 'podman run of "img" runs the container privileged (--privileged): every capability (SYS_PTRACE included) and every host device; no capability is needed to handle signals. Remove it unless the container needs it (for example to manage the host).' }],
      output: null,
      suggestions: ['podman run -d img\n'],
    },
    {
      name: '--privileged=true and SYS_PTRACE on one line: two findings',
      code: 'docker create --privileged=true --cap-add SYS_PTRACE img\n',
      errors: [{ line: 1, column: 15, endColumn: 32, message: /^docker create of "img" runs the container privileged \(--privileged=true\)/ }, { line: 1, column: 33, endColumn: 53 }],
      output: null,
      suggestions: ['docker create --cap-add SYS_PTRACE img\n'],
    },
    {
      name: 'Markdown: the troubleshooting guide\'s line, prompt kept',
      path: 'README.md',
      code: '# Troubleshooting\n\n```console\n$ docker run --init --cap-add=SYS_PTRACE ghcr.io/acme/api:1.2\n```\n',
      errors: [{ line: 4, column: 21, endColumn: 41, message: /^docker run of "ghcr.io\/acme\/api" adds SYS_PTRACE/ }],
      output: null,
      suggestions: ['# Troubleshooting\n\n```console\n$ docker run --init ghcr.io/acme/api:1.2\n```\n'],
    },
    {
      name: 'Makefile recipe',
      path: 'Makefile',
      code: 'debug:\n\tdocker run --rm --privileged $(IMAGE)\n',
      errors: [{ line: 2, column: 18, endColumn: 30 }],
      output: null,
      suggestions: ['debug:\n\tdocker run --rm $(IMAGE)\n'],
    },
    {
      name: 'GitHub Actions: a multi-line run: | step',
      path: '.github/workflows/ci.yml',
      code: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          docker run \\\n            --cap-add SYS_PTRACE \\\n            img cargo test\n',
      errors: [{ line: 8, column: 13, endColumn: 33 }],
      output: null,
      suggestions: ['on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          docker run \\\n            img cargo test\n'],
    },
  ],
});
