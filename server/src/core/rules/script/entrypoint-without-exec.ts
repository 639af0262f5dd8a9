import { defineRule } from '../../rule';
import type { Report } from '../../rule';
import { judgeEntrypointScript, quoteCommand } from '../../project/entrypoint-script';
import { findScriptConsumers } from '../../project/script-consumers';
import { entrypointNameKind } from '../../detect';

export default defineRule({
  meta: {
    id: 'script/entrypoint-without-exec',
    target: 'script',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'An entrypoint script starts the long-running program without `exec`: the shell stays its parent (PID 1) and does not pass the stop signal on.',
    fixable: true,
    messages: {
      noExec: 'The script runs {{command}} without exec{{inFn}}: the shell stays its parent and does not pass the stop signal on. Prefix it with exec.',
      followed: 'The script runs {{command}} without exec{{inFn}} and goes on after it (line {{next}}): the stop signal stops at the shell. Trap TERM and pass it on, or move that work before an exec.',
      background: 'The script starts {{command}} in the background{{inFn}} and waits (line {{next}}): the shell does not pass the stop signal on. Exec it in the foreground, or trap TERM and pass it on.',
      pipeline: 'The script ends with {{command}} in a pipeline{{inFn}}, which no shell execs: the stop signal stops at the shell. Exec it without the pipe, or trap TERM and pass it on.',
      subshell: 'The script ends with {{command}} in a ( ) subshell{{inFn}}, which keeps it a child: the stop signal stops at the shell. Exec it without the parentheses.',
      keepalive: 'The script ends with {{command}}{{inFn}} to keep the container up: the programs it started as daemons never get the stop signal. Run the main one in the foreground with exec.',
    },
  },
  check(ctx) {
    const byName = entrypointNameKind(ctx.path);
    // Cheap first: a script no name and no Dockerfile/Compose file points at is not an entrypoint.
    const consumers = findScriptConsumers(ctx.path, ctx.workspace);
    if (!consumers.length && !byName) return;
    const j = judgeEntrypointScript(ctx.text);
    if (!j.problems.length) return;
    const lineOf = (o: number) => ctx.lines.positionAt(o).line + 1;
    const related: Report['related'] = consumers.map((c) => ({ message: c.message, path: c.path, line: c.line, character: c.character, endLine: c.endLine, endCharacter: c.endCharacter }));
    for (const p of j.problems) {
      // `docker-build.sh` & co.: only a script that hands over to a program (it execs one, or runs "$@") is an entrypoint.
      if (!consumers.length && byName === 'weak' && !p.runsArgs && !j.hasExec) continue;
      const data = { command: quoteCommand(p.command), inFn: p.fn ? ` (in function "${p.fn}")` : '', next: p.next ? lineOf(p.next[0]) : '' };
      const messageId = { 'no-exec': 'noExec', followed: 'followed', background: 'background', pipeline: 'pipeline', subshell: 'subshell', keepalive: 'keepalive' }[p.kind];
      const r: Report = { at: p.at, messageId, data };
      if (p.kind === 'no-exec' && p.insertAt !== undefined) {
        const fixed = `exec ${ctx.text.slice(p.insertAt, p.at[1])}`;
        r.fix = { title: `Start it with exec: ${quoteCommand(fixed.length > 60 ? `${fixed.slice(0, 57)}...` : fixed.replace(/\s+/g, ' '))}`, edits: [{ start: p.insertAt, end: p.insertAt, newText: 'exec ' }] };
      }
      if (related.length) r.related = related;
      ctx.report(r);
    }
  },
});
