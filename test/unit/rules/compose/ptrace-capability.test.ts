import { ruleTester } from '../../rule-tester';

ruleTester('compose/ptrace-capability', {
  valid: [
    'services:\n  web:\n    image: nginx\n',
    'services:\n  web:\n    image: nginx\n    cap_add:\n      - NET_BIND_SERVICE\n',
    // dropping it is fine
    'services:\n  web:\n    image: nginx\n    cap_drop: [ALL, SYS_PTRACE]\n',
    'services:\n  web:\n    image: nginx\n    cap_add: [SYS_PTRACED, SYS_ADMIN]\n',
    'services:\n  web:\n    image: nginx\n    privileged: false\n',
  ],
  invalid: [
    {
      name: 'privileged: true: a suggestion deletes the key',
      code: 'services:\n  agent:\n    image: acme/agent\n    privileged: true # needs host access\n    pid: host\n',
      errors: [{ line: 4, column: 17, endColumn: 21, severity: 'warning', message: 'Service "agent" is privileged: every capability (SYS_PTRACE included) and every host device; no capability is needed to handle signals. Remove privileged unless the service needs it (for example to manage the host).' }],
      output: null,
      suggestions: ['services:\n  agent:\n    image: acme/agent\n    pid: host\n'],
    },
    {
      name: 'removing an item keeps the comments of other lines',
      code: 'services:\n  web:\n    image: x\n    cap_add:\n      # networking\n      - NET_ADMIN\n      - SYS_PTRACE # debugger\n      # ownership\n      - CHOWN\n',
      errors: [{ line: 7, column: 9 }],
      output: null,
      suggestions: ['services:\n  web:\n    image: x\n    cap_add:\n      # networking\n      - NET_ADMIN\n      # ownership\n      - CHOWN\n'],
    },
    {
      name: 'the only item: the key goes too, comments kept',
      code: 'services:\n  web:\n    image: nginx\n    # debugging\n    cap_add:\n      - SYS_PTRACE # added while chasing a panic\n    ports: ["80:80"]\n',
      errors: [{ line: 6, column: 9, endLine: 6, endColumn: 19, severity: 'warning', message: 'Service "web" adds SYS_PTRACE, which lets it trace and read the memory of other processes; no capability is needed to handle signals. Remove it unless a debugger, profiler or monitoring agent here needs it.' }],
      output: null,
      suggestions: ['services:\n  web:\n    image: nginx\n    # debugging\n    ports: ["80:80"]\n'],
    },
    {
      name: 'one of several items, CAP_ prefix and lower case',
      code: 'services:\n  web:\n    image: nginx\n    cap_add:\n      - NET_ADMIN\n      - cap_sys_ptrace\n      - CHOWN\n',
      errors: [{ line: 6, column: 9 }],
      output: null,
      suggestions: ['services:\n  web:\n    image: nginx\n    cap_add:\n      - NET_ADMIN\n      - CHOWN\n'],
    },
    {
      name: 'ALL',
      code: 'services:\n  web:\n    image: nginx\n    cap_add: [ALL]\n',
      errors: [{ line: 4, column: 15, endColumn: 18, message: /^Service "web" adds ALL: every capability, SYS_PTRACE included/ }],
      output: null,
      suggestions: ['services:\n  web:\n    image: nginx\n'],
    },
    {
      name: 'flow list, first and last of three',
      code: 'services:\n  web: {image: nginx, cap_add: [SYS_PTRACE, NET_ADMIN, ALL]}\n',
      errors: [{ line: 2, column: 33 }, { line: 2, column: 56 }],
      output: null,
      suggestions: ['services:\n  web: {image: nginx, cap_add: [NET_ADMIN, ALL]}\n'],
    },
    {
      name: 'two offending items are all the list: the key is deleted once',
      code: 'services:\n  web:\n    image: nginx\n    cap_add:\n    - SYS_PTRACE\n    - ALL\n    init: true\n',
      errors: [{ line: 5, column: 7 }, { line: 6, column: 7 }],
      output: null,
      suggestions: ['services:\n  web:\n    image: nginx\n    init: true\n'],
    },
    {
      name: 'inherited from an anchor: the service gets its own list without it',
      code: 'x-debug: &debug\n  cap_add:\n    - SYS_PTRACE\n    - NET_ADMIN\nservices:\n  web:\n    <<: *debug\n    image: nginx\n',
      errors: [{ line: 6, column: 3, endColumn: 6 }],
      output: null,
      suggestions: ['x-debug: &debug\n  cap_add:\n    - SYS_PTRACE\n    - NET_ADMIN\nservices:\n  web:\n    <<: *debug\n    image: nginx\n    cap_add: [NET_ADMIN]\n'],
    },
    {
      name: 'CRLF, 4-space indentation, multi-document',
      code: 'services:\r\n    a:\r\n        image: x\r\n---\r\nservices:\r\n    b:\r\n        image: y\r\n        cap_add:\r\n            - "SYS_PTRACE"\r\n            - SYS_NICE\r\n',
      errors: [{ line: 9, column: 15, endColumn: 27 }],
      output: null,
      suggestions: ['services:\r\n    a:\r\n        image: x\r\n---\r\nservices:\r\n    b:\r\n        image: y\r\n        cap_add:\r\n            - SYS_NICE\r\n'],
    },
  ],
});
