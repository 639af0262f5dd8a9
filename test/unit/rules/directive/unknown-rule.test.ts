import { ruleTester } from '../../rule-tester';

ruleTester('directive/unknown-rule', {
  valid: [
    { path: 'docker-compose.yml', code: '# container-signals-disable-next-line compose/obsolete-version -- legacy tooling reads it\nversion: "3"\nservices:\n  a:\n    image: x\n' },
    { path: 'docker-compose.yml', code: 'services:\n  a:\n    image: x # container-signals-disable-next-line is only a directive on its own line\n' },
  ],
  invalid: [
    {
      name: 'unknown id next to a known one',
      path: 'docker-compose.yml',
      code: '# container-signals-disable-next-line compose/obsolete-version, compose/no-such-rule\nversion: "3"\nservices:\n  a:\n    image: x\n',
      errors: [{ line: 1, column: 65, endLine: 1, endColumn: 85, message: 'Unknown rule id "compose/no-such-rule" in a container-signals-disable comment.', severity: 'hint' }],
      output: null,
    },
    {
      name: 'Dockerfile, file-level directive',
      path: 'Dockerfile',
      code: '# container-signals-disable dockerfile/nope\nFROM alpine:3.20\n',
      errors: [{ line: 1, column: 29, endColumn: 44 }],
      output: null,
    },
  ],
});
