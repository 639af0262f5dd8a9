import { defineRule } from '../../rule';
import type { RunFlag } from '../../model/run';
import { isPtraceCap } from '../compose/ptrace-capability';
import { what } from './util';
import { flagText, goBool, removeFlag } from './flag-edits';

export default defineRule({
  meta: {
    id: 'run/ptrace-capability',
    target: 'run',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'A `docker run` line adds SYS_PTRACE (or ALL) with `--cap-add`, or runs `--privileged`: more than any program needs to receive or handle signals.',
    fixable: false,
    suggests: true,
    messages: {
      ptrace: '{{command}} adds {{cap}} ({{flag}}), which lets the container trace and read the memory of other processes; no capability is needed to handle signals. Remove it unless a debugger, profiler or monitoring agent here needs it.',
      all: '{{command}} adds {{cap}} ({{flag}}): every capability, SYS_PTRACE included; no capability is needed to handle signals. Add only the capabilities the container needs.',
      privileged: '{{command}} runs the container privileged ({{flag}}): every capability (SYS_PTRACE included) and every host device; no capability is needed to handle signals. Remove it unless the container needs it (for example to manage the host).',
    },
  },
  check(ctx) {
    for (const c of ctx.commands) {
      for (const f of c.flags) {
        const flag = flagText(ctx.lines, f);
        const command = what(c);
        const remove = (x: RunFlag) => { const e = removeFlag(ctx.lines, c, x); return e && [{ title: `Remove ${flag}`, edits: [e] }]; };
        if (f.name === 'privileged') {
          if (goBool(f.value) !== true) continue;
          ctx.report({ at: f.at, messageId: 'privileged', data: { command, flag }, suggestions: remove(f) });
        } else if (f.name === 'cap-add' && f.value !== undefined && isPtraceCap(f.value)) {
          const cap = f.value.trim();
          ctx.report({
            at: f.at, messageId: /^ALL$/i.test(cap) ? 'all' : 'ptrace', data: { command, cap, flag },
            suggestions: remove(f),
          });
        }
      }
    }
  },
});
