import { ruleTester } from '../../rule-tester';

ruleTester('compose/obsolete-version', {
  valid: [
    'services:\n  web:\n    image: nginx\n',
    // not a compose file: no services mapping
    'version: "3"\nfoo: bar\n',
  ],
  invalid: [
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
