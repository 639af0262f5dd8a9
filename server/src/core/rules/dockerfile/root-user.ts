import { defineRule } from '../../rule';
import { effective, isRootUser, isWindowsStage, logicalArgs, resolvedBaseImage, stageChain, type From } from '../../model/dockerfile';
import { imageInfo, parseImageRef, programRow } from '../../knowledge';
import { hasOpenHeredoc, insertLinesAfter, keywordCase, replaceArgs } from '../../edits/dockerfile-edits';
import { DEFAULT_FIX } from '../../types';

const MODIFIES = new Set(['RUN', 'COPY', 'ADD']);

export default defineRule({
  meta: {
    id: 'dockerfile/root-user',
    target: 'dockerfile',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'The image runs as root: the last USER is root/0 (strict: or no USER is set on a base image that runs as root and does not drop privileges itself).',
    fixable: false,
    suggests: true,
    messages: {
      rootUser: 'The image runs as root: "USER {{user}}" is the last USER of the final stage. Switch to a non-root numeric user after the last RUN/COPY/ADD, e.g. USER {{fix}}, so runAsNonRoot can verify it.',
      noUser: 'No USER is set, so the image runs as root, the default user of "{{base}}". Add a non-root numeric user after the last RUN/COPY/ADD, e.g. USER {{fix}}, if the program does not need root.',
    },
  },
  check(ctx) {
    const model = ctx.model;
    const final = model.final;
    if (!final || isWindowsStage(model, final)) return; // Windows users (ContainerUser/ContainerAdministrator) are another model
    const fixUser = ctx.config.fix.user;
    const fixable = !isRootUser(fixUser); // a `fix.user` of `0`, `root` or `0:0` would not fix anything
    const last = effective(final, 'USER');
    let at: [number, number];
    let messageId: string;
    // The message's example must be a non-root user even when `fix.user` is not.
    const data: Record<string, string> = { fix: fixable ? fixUser : DEFAULT_FIX.user };
    if (last) {
      const value = logicalArgs(model, last.ins).text.trim();
      if (!value || value.includes('$') || !isRootUser(value)) return;
      // Images that start as root by design and drop privileges themselves (postgres, nginx…): root is their default.
      const u = imageInfo(resolvedBaseImage(model, final)).user?.value;
      if (u === 'drops' || u === 'needs-root') return;
      at = [last.ins.argsStart!, last.ins.argsEnd!];
      messageId = 'rootUser';
      data.user = value;
    } else {
      // Strict only: a base known to run as root with no USER of its own (RUNTIMES.md Users; the knowledge tables).
      if (ctx.config.preset !== 'strict') return;
      const base = resolvedBaseImage(model, final);
      if (!base || imageInfo(base).user?.value !== 'root') return;
      // The image drops privileges itself: its files use gosu/su-exec/setpriv, or it runs a server
      // that starts as root and drops (RUNTIMES.md Users: postgres, nginx…; upstream image builds).
      const chain = stageChain(final).flatMap((x) => x.instructions);
      if (chain.some((i) => /^(RUN|ENTRYPOINT|CMD)$/.test(i.keyword) && /\b(gosu|su-exec|setpriv|s6-setuidgid|chpst)\b/.test(i.rawArgs))) return;
      const argv0s = [effective(final, 'ENTRYPOINT'), effective(final, 'CMD')].map((e) => e?.ins.execForm?.[0] ?? e?.ins.rawArgs.trim().split(/\s+/)[0]);
      // A supervisor (supervisord, runit, systemd) starts its services as root, each as its own user.
      if (argv0s.some((a) => a && (programRow(a)?.kind === 'server' || programRow(a)?.kind === 'supervisor'))) return;
      // `FROM scratch` with no ENTRYPOINT/CMD is an artifact stage (`--output`), not an image that runs.
      if (base.toLowerCase() === 'scratch' && !effective(final, 'ENTRYPOINT') && !effective(final, 'CMD')) return;
      const r = (final.from.ins as From).getImageRange();
      at = r ? [model.lines.offsetAt(r.start), model.lines.offsetAt(r.end)] : [final.from.start, final.from.end];
      messageId = 'noUser';
      data.base = parseImageRef(base).name;
    }
    const lastMod = [...final.instructions].reverse().find((i) => MODIFIES.has(i.keyword));
    const replace = last && last.stage === final && (!lastMod || last.ins.start > lastMod.start);
    const edit = replace
      ? replaceArgs(last.ins, fixUser)
      : insertLinesAfter(model, lastMod ?? final.from, [`${keywordCase(model, final.from, 'USER')} ${fixUser}`]);
    const severity = messageId === 'noUser' ? 'information' as const : undefined;
    if (!fixable || (!replace && lastMod && hasOpenHeredoc(lastMod))) { // an unterminated heredoc swallows the rest of the file
      ctx.report({ at, messageId, data, severity });
      return;
    }
    ctx.report({
      at, messageId, data, severity,
      suggestions: [{ title: replace ? `Run as ${fixUser} instead of root` : `Add USER ${fixUser} after the last RUN/COPY/ADD`, edits: [edit] }],
    });
  },
});
