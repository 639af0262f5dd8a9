import { ruleTester } from '../../rule-tester';

const ro = (rest: string) => `services:\n  web:\n    image: nginx\n    read_only: true\n${rest}`;

ruleTester('compose/tmpdir-not-writable', {
  valid: [
    ro('    tmpfs: /scratch\n    environment:\n      TMPDIR: /scratch\n'),
    ro('    tmpfs: [/var/tmp]\n    environment:\n      - TMPDIR=/var/tmp/app\n'),
    ro('    volumes:\n      - cache:/cache\n    environment:\n      TMPDIR: /cache\n'),
    ro('    volumes:\n      - type: tmpfs\n        target: /work\n    environment: [TMPDIR=/work]\n'),
    // /tmp: compose/read-only-without-tmp reports it
    ro('    environment:\n      TMPDIR: /tmp\n'),
    // interpolated or passed through: unknown
    ro('    environment:\n      TMPDIR: ${TMP:-/scratch}\n'),
    ro('    environment:\n      - TMPDIR\n'),
    // not read-only: the writable layer takes it
    'services:\n  web:\n    image: nginx\n    environment:\n      TMPDIR: /scratch\n',
  ],
  invalid: [
    {
      name: 'nothing mounted at TMPDIR: a tmpfs is created, range on the value',
      code: ro('    environment:\n      TMPDIR: /scratch # temp\n'),
      errors: [{ line: 6, column: 15, endLine: 6, endColumn: 23, severity: 'warning', message: 'Service "web" sets TMPDIR=/scratch, which is not writable under read_only: true: programs that create temporary files fail with "Read-only file system". Mount a tmpfs at /scratch.' }],
      output: ro('    tmpfs: /scratch\n    environment:\n      TMPDIR: /scratch # temp\n'),
    },
    {
      name: 'list form, read-only volume there, existing tmpfs list',
      code: ro('    tmpfs:\n      - /tmp\n    volumes:\n      - ./data:/data:ro\n    environment:\n      - TMPDIR=/data/tmp\n'),
      errors: [{ line: 10, column: 9, endColumn: 25 }],
      output: ro('    tmpfs:\n      - /tmp\n      - /data/tmp\n    volumes:\n      - ./data:/data:ro\n    environment:\n      - TMPDIR=/data/tmp\n'),
    },
    {
      name: 'a scalar tmpfs becomes a list',
      code: ro('    tmpfs: /run\n    environment: {TMPDIR: /var/tmp}\n'),
      errors: [{ line: 6, column: 27 }],
      output: ro('    tmpfs:\n      - /run\n      - /var/tmp\n    environment: {TMPDIR: /var/tmp}\n'),
    },
  ],
});
