import { defineRule } from '../../rule';
import { substituteDefaults } from '../../knowledge';
import { disabledConfinement } from '../../model/security-opt';
import { what } from './util';
import { flagText, removeFlag } from './flag-edits';

export default defineRule({
  meta: {
    id: 'run/security-disabled',
    target: 'run',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'A `docker run` line turns seccomp, AppArmor or SELinux confinement off (`--security-opt seccomp=unconfined`, `apparmor=unconfined`, `label=disable`): it hides the cause of a permission error instead of fixing it.',
    fixable: false,
    suggests: true,
    messages: {
      seccomp: '{{command}} runs the container without a seccomp filter ({{flag}}): every system call is allowed. Remove it; if a call is then refused, allow that call in a profile of your own (seccomp=<file>) instead.',
      apparmor: '{{command}} runs the container without an AppArmor profile ({{flag}}) on hosts that use AppArmor. Remove it; if an access is then refused, allow it in a profile of your own (apparmor=<profile>) instead.',
      selinux: '{{command}} turns SELinux separation off ({{flag}}): on hosts that use SELinux the container runs unconfined (spc_t). Remove it; if a bind mount is then refused, relabel it with :z or :Z instead.',
    },
  },
  check(ctx) {
    for (const c of ctx.commands) {
      for (const f of c.flags) {
        if (f.name !== 'security-opt' || f.value === undefined) continue;
        const value = substituteDefaults(f.value);
        const off = value.includes('$') ? undefined : disabledConfinement(value);
        if (!off) continue;
        const flag = flagText(ctx.lines, f);
        const edit = removeFlag(ctx.lines, c, f);
        ctx.report({
          at: f.at, messageId: off.kind, data: { command: what(c), flag },
          suggestions: edit && [{ title: `Remove ${flag}`, edits: [edit] }],
        });
      }
    }
  },
});
