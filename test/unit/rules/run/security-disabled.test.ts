import { ruleTester } from '../../rule-tester';

ruleTester('run/security-disabled', {
  valid: [
    'docker run --security-opt no-new-privileges img\n',
    'docker run --security-opt seccomp=./profile.json --security-opt apparmor=docker-default img\n',
    'docker run --security-opt label=type:container_t --security-opt label=level:s0:c100,c200 img\n',
    // Docker compares the special values case-sensitively
    'docker run --security-opt seccomp=Unconfined img\n',
    'docker run --security-opt "$SECOPT" img\n',
    'docker run img --security-opt seccomp=unconfined\n',
  ],
  invalid: [
    {
      name: '--security-opt seccomp=unconfined',
      code: 'docker run --rm --security-opt seccomp=unconfined ghcr.io/acme/api:1.2\n',
      errors: [{ line: 1, column: 17, endLine: 1, endColumn: 50, severity: 'warning', message: 'docker run of "ghcr.io/acme/api" runs the container without a seccomp filter (--security-opt seccomp=unconfined): every system call is allowed. Remove it; if a call is then refused, allow that call in a profile of your own (seccomp=<file>) instead.' }],
      output: null,
      suggestions: ['docker run --rm ghcr.io/acme/api:1.2\n'],
    },
    {
      name: '--security-opt=apparmor=unconfined',
      code: 'docker run --security-opt=apparmor=unconfined img\n',
      errors: [{ line: 1, column: 12, endColumn: 46, message: 'docker run of "img" runs the container without an AppArmor profile (--security-opt=apparmor=unconfined) on hosts that use AppArmor. Remove it; if an access is then refused, allow it in a profile of your own (apparmor=<profile>) instead.' }],
      output: null,
      suggestions: ['docker run img\n'],
    },
    {
      name: 'label=disable quoted, on a continuation line',
      code: 'podman run \\\n  --security-opt "label=disable" \\\n  -v ./data:/data \\\n  img\n',
      errors: [{ line: 2, column: 3, endColumn: 33, message: 'podman run of "img" turns SELinux separation off (--security-opt "label=disable"): on hosts that use SELinux the container runs unconfined (spc_t). Remove it; if a bind mount is then refused, relabel it with :z or :Z instead.' }],
      output: null,
      suggestions: ['podman run \\\n  -v ./data:/data \\\n  img\n'],
    },
    {
      name: 'the deprecated colon separator and label=type:spc_t',
      code: 'docker run --security-opt label:disable --security-opt label=type:spc_t img\n',
      errors: [{ line: 1, column: 12, endColumn: 40 }, { line: 1, column: 41, endColumn: 72, message: /^docker run of "img" turns SELinux separation off \(--security-opt label=type:spc_t\)/ }],
      output: null,
      suggestions: ['docker run --security-opt label=type:spc_t img\n'],
    },
    {
      name: 'a variable with a default counts by its default',
      code: 'docker run --security-opt "seccomp=${SECCOMP:-unconfined}" img\n',
      errors: [{ line: 1, column: 12, endColumn: 59 }],
      output: null,
      suggestions: ['docker run img\n'],
    },
    {
      name: 'Markdown: the SELinux advice of a troubleshooting guide, prompt kept',
      path: 'docs/troubleshooting.md',
      code: 'On Fedora:\n\n```sh\n$ docker run --security-opt label=disable -v $PWD:/src img\n```\n',
      errors: [{ line: 4, column: 14, endColumn: 42 }],
      output: null,
      suggestions: ['On Fedora:\n\n```sh\n$ docker run -v $PWD:/src img\n```\n'],
    },
    {
      name: 'GitLab CI script: item',
      path: '.gitlab-ci.yml',
      code: 'test:\n  image: docker:27\n  script:\n    - docker run --security-opt seccomp=unconfined $CI_REGISTRY_IMAGE cargo test\n',
      errors: [{ line: 4, column: 18, endColumn: 51 }],
      output: null,
      suggestions: ['test:\n  image: docker:27\n  script:\n    - docker run $CI_REGISTRY_IMAGE cargo test\n'],
    },
    {
      name: 'a folded YAML scalar: reported, but no edit (its offsets are not where the shell reads them)',
      path: '.github/workflows/ci.yml',
      code: 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: >\n          docker run --security-opt apparmor=unconfined\n          img\n',
      errors: [{ line: 7, column: 22, endColumn: 56 }],
      output: null,
      suggestions: [],
    },
  ],
});
