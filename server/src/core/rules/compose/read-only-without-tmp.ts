import { defineRule } from '../../rule';
import { reportMissingTmp } from './tmp';

export default defineRule({
  meta: {
    id: 'compose/read-only-without-tmp',
    target: 'compose',
    presets: { recommended: 'information', strict: 'warning' },
    description: 'A service with `read_only: true` has nothing writable mounted at /tmp.',
    fixable: true,
    messages: {
      missing: 'Service "{{name}}" has read_only: true and nothing writable at /tmp: programs that write temporary files there fail with "Read-only file system". Mount a tmpfs at /tmp{{exec}}.',
      readOnlyMount: 'Service "{{name}}" has read_only: true and mounts /tmp read-only: programs that write temporary files there fail with "Read-only file system". Make that mount writable, or set TMPDIR to a writable path.',
    },
  },
  check(ctx) {
    reportMissingTmp(ctx, true);
  },
});
