/** dist/server.js with the test-only rules of fake-rules.ts (built by fake-bundle.ts). */
import './inject-fake-rules';
import '../../server/src/lsp/server';
