import { ruleTester } from '../../rule-tester';

ruleTester('compose/obsolete-version', {
  valid: [
    'services:\n  web:\n    image: nginx\n',
    // not a compose file: no services mapping
    'version: "3"\nfoo: bar\n',
    // Swarm stack files keep it: older docker stack deploy rejects a file without it
    { code: 'version: "3.8"\nservices:\n  web:\n    image: nginx\n', path: 'docker-stack.yml' },
    { code: 'version: "3.8"\nservices:\n  web:\n    image: nginx\n', path: 'deploy/stack.prod.yaml' },
  ],
  invalid: [
    {
      name: 'first line: the blank line after it goes too',
      code: 'version: "3.8"\n\nservices:\n  web:\n    image: nginx\n',
      errors: [{ line: 1, column: 1, severity: 'hint', message: 'The top-level version is obsolete: Docker Compose ignores it (and warns). Remove it.' }],
      output: 'services:\n  web:\n    image: nginx\n',
    },
    {
      name: 'after a BOM and ---, CRLF, blank lines with spaces',
      code: '\uFEFF---\r\nversion: "3"\r\n  \r\n\r\nservices:\r\n  web:\r\n    image: nginx\r\n',
      errors: [{ line: 2, column: 1 }],
      output: '\uFEFF---\r\nservices:\r\n  web:\r\n    image: nginx\r\n',
    },
    {
      name: 'not at the top: blank lines around are kept',
      code: '# my stack\n\nversion: "3.8"\n\nservices:\n  web:\n    image: nginx\n',
      errors: [{ line: 3, column: 1 }],
      output: '# my stack\n\n\nservices:\n  web:\n    image: nginx\n',
    },
    {
      name: 'quoted version, comments kept',
      code: '# my stack\nversion: "3.8"\nservices:\n  web:\n    image: nginx # pinned later\n',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 15, severity: 'hint' }],
      output: '# my stack\nservices:\n  web:\n    image: nginx # pinned later\n',
    },
    {
      name: 'CRLF and version after services',
      code: 'services:\r\n  web:\r\n    image: nginx\r\nversion: \'2.4\'\r\n',
      errors: [{ line: 4, column: 1 }],
      output: 'services:\r\n  web:\r\n    image: nginx\r\n',
    },
    {
      name: 'multi-document: only the compose document fires',
      code: 'version: 1\nkind: Other\n---\nversion: "3"\nservices:\n  a:\n    image: x\n',
      errors: [{ line: 4, column: 1 }],
      output: 'version: 1\nkind: Other\n---\nservices:\n  a:\n    image: x\n',
    },
    {
      name: 'flow style root',
      code: '{version: "3", services: {a: {image: x}}}\n',
      errors: [{ line: 1, column: 2, endColumn: 14 }],
      output: '{services: {a: {image: x}}}\n',
    },
  ],
});
