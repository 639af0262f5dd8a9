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
      missing: 'Service `{{name}}` has `read_only: true` but nothing writable at /tmp: anything that creates a temporary file there fails with "Read-only file system" (EROFS). Mount a tmpfs at /tmp (`tmpfs: /tmp`; Docker mounts it noexec,nosuid,nodev with mode 1777).',
    },
  },
  check(ctx) {
    reportMissingTmp(ctx, true);
  },
});
