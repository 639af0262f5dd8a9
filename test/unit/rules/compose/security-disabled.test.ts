import { ruleTester } from '../../rule-tester';

const SECCOMP = 'Service "web" runs without a seccomp filter (security_opt: seccomp=unconfined): every system call is allowed. Remove it; if a call is then refused, allow that call in a profile of your own (seccomp=<file>) instead.';

ruleTester('compose/security-disabled', {
  valid: [
    'services:\n  web:\n    image: nginx\n',
    // hardening options
    'services:\n  web:\n    image: nginx\n    security_opt:\n      - no-new-privileges:true\n      - no-new-privileges\n',
    // a profile of one's own, the built-in default, a confined SELinux type
    'services:\n  web:\n    image: nginx\n    security_opt: ["seccomp=./profile.json", "seccomp=builtin", "apparmor=docker-default", "label=type:container_t", "label=level:s0:c100,c200"]\n',
    // Docker compares the special values case-sensitively: "Unconfined" is a profile file name (and fails)
    'services:\n  web:\n    image: nginx\n    security_opt: [seccomp=Unconfined, Apparmor=unconfined]\n',
    // the value of a variable without a default is unknown
    'services:\n  web:\n    image: nginx\n    security_opt: ["seccomp=${SECCOMP_PROFILE}"]\n',
    // not a list (Compose rejects it): nothing to judge
    'services:\n  web:\n    image: nginx\n    security_opt: seccomp=unconfined\n',
    // an extension field is not a service
    'x-debug:\n  security_opt: [seccomp=unconfined]\nservices:\n  web:\n    image: nginx\n',
  ],
  invalid: [
    {
      name: 'seccomp=unconfined, the only item: the suggestion deletes the key (comments of other lines kept)',
      code: 'services:\n  web:\n    image: nginx\n    # tokio panicked: failed to create UnixStream\n    security_opt:\n      - seccomp=unconfined # TODO\n    ports: ["80:80"]\n',
      errors: [{ line: 6, column: 9, endLine: 6, endColumn: 27, severity: 'warning', message: SECCOMP }],
      output: null,
      suggestions: ['services:\n  web:\n    image: nginx\n    # tokio panicked: failed to create UnixStream\n    ports: ["80:80"]\n'],
    },
    {
      name: 'the deprecated colon separator, apparmor (netdata\'s spelling)',
      code: 'services:\n  netdata:\n    image: netdata/netdata\n    security_opt:\n      - apparmor:unconfined\n',
      errors: [{ line: 5, column: 9, endColumn: 28, severity: 'warning', message: 'Service "netdata" runs without an AppArmor profile (security_opt: apparmor:unconfined) on hosts that use AppArmor. Remove it; if an access is then refused, allow it in a profile of your own (apparmor=<profile>) instead.' }],
      output: null,
      suggestions: ['services:\n  netdata:\n    image: netdata/netdata\n'],
    },
    {
      name: 'label=disable, one of several items',
      code: 'services:\n  web:\n    image: x\n    security_opt:\n      - no-new-privileges:true\n      - label=disable\n      - apparmor=docker-default\n',
      errors: [{ line: 6, column: 9, endColumn: 22, message: 'Service "web" turns SELinux separation off (security_opt: label=disable): on hosts that use SELinux it runs unconfined (spc_t). Remove it; if a bind mount is then refused, relabel it with :z or :Z instead.' }],
      output: null,
      suggestions: ['services:\n  web:\n    image: x\n    security_opt:\n      - no-new-privileges:true\n      - apparmor=docker-default\n'],
    },
    {
      name: 'label:disable and label=type:spc_t',
      code: 'services:\n  a:\n    image: x\n    security_opt: ["label:disable"]\n  b:\n    image: x\n    security_opt: ["label=type:spc_t"]\n',
      errors: [
        { line: 4, column: 20, endColumn: 35, message: /^Service "a" turns SELinux separation off \(security_opt: label:disable\)/ },
        { line: 7, column: 20, endColumn: 38, message: /^Service "b" turns SELinux separation off \(security_opt: label=type:spc_t\)/ },
      ],
      output: null,
      suggestions: ['services:\n  a:\n    image: x\n  b:\n    image: x\n    security_opt: ["label=type:spc_t"]\n'],
    },
    {
      name: 'flow list: each item its own finding; removing the first keeps the rest',
      code: 'services:\n  web: {image: nginx, security_opt: [seccomp:unconfined, no-new-privileges:true, apparmor=unconfined]}\n',
      errors: [{ line: 2, column: 38, endColumn: 56 }, { line: 2, column: 82, endColumn: 101 }],
      output: null,
      suggestions: ['services:\n  web: {image: nginx, security_opt: [no-new-privileges:true, apparmor=unconfined]}\n'],
    },
    {
      name: 'all items disable something: each suggestion deletes the key',
      code: 'services:\n  web:\n    image: nginx\n    security_opt:\n    - seccomp=unconfined\n    - apparmor=unconfined\n    init: true\n',
      errors: [{ line: 5, column: 7 }, { line: 6, column: 7 }],
      output: null,
      suggestions: ['services:\n  web:\n    image: nginx\n    init: true\n'],
    },
    {
      name: 'a variable with a default counts by its default',
      code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - "seccomp=${SECCOMP:-unconfined}"\n',
      errors: [{ line: 5, column: 9, message: /\(security_opt: seccomp=\$\{SECCOMP:-unconfined\}\)/ }],
      output: null,
      suggestions: ['services:\n  web:\n    image: nginx\n'],
    },
    {
      name: 'inherited through a merge key: the service gets its own list without it',
      code: 'x-debug: &debug\n  security_opt:\n    - seccomp=unconfined\n    - no-new-privileges:true\nservices:\n  web:\n    <<: *debug\n    image: nginx\n',
      errors: [{ line: 6, column: 3, endColumn: 6, message: SECCOMP }],
      output: null,
      suggestions: ['x-debug: &debug\n  security_opt:\n    - seccomp=unconfined\n    - no-new-privileges:true\nservices:\n  web:\n    <<: *debug\n    image: nginx\n    security_opt: ["no-new-privileges:true"]\n'],
    },
    {
      name: 'the list is an alias: the service writes its own list in its place',
      code: 'x-opts: &opts [seccomp=unconfined]\nservices:\n  web:\n    image: nginx\n    security_opt: *opts\n',
      errors: [{ line: 3, column: 3, endColumn: 6 }],
      output: null,
      suggestions: ['x-opts: &opts [seccomp=unconfined]\nservices:\n  web:\n    image: nginx\n    security_opt: []\n'],
    },
    {
      name: 'extends in the same file: reported once, on the service that writes it',
      code: 'services:\n  base:\n    image: nginx\n    security_opt: [seccomp=unconfined]\n  web:\n    extends: base\n',
      errors: [{ line: 4, column: 20, message: /^Service "base" runs without a seccomp filter/ }],
      output: null,
      suggestions: ['services:\n  base:\n    image: nginx\n  web:\n    extends: base\n'],
    },
    {
      name: 'extends of another file: on the service name, no suggestion (Compose appends the lists)',
      code: 'services:\n  web:\n    extends:\n      file: base.yml\n      service: app\n',
      files: { 'base.yml': 'services:\n  app:\n    image: nginx\n    security_opt:\n      - label=disable\n' },
      errors: [{ line: 2, column: 3, endColumn: 6, message: /^Service "web" turns SELinux separation off \(security_opt: label=disable\)/ }],
      output: null,
      suggestions: [],
    },
    {
      name: 'CRLF, 4-space indentation, second document',
      code: 'services:\r\n    a:\r\n        image: x\r\n---\r\nservices:\r\n    b:\r\n        image: y\r\n        security_opt:\r\n            - "seccomp=unconfined"\r\n            - no-new-privileges\r\n',
      errors: [{ line: 9, column: 15, endColumn: 35 }],
      output: null,
      suggestions: ['services:\r\n    a:\r\n        image: x\r\n---\r\nservices:\r\n    b:\r\n        image: y\r\n        security_opt:\r\n            - no-new-privileges\r\n'],
    },
  ],
});
