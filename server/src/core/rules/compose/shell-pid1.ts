import { defineRule, FixDraft } from '../../rule';
import { bool, isAlias, isScalar, nodeSpan, str } from '../../model/yaml';
import type { YamlFile } from '../../model/yaml';
import { scalarSourceOffset } from '../../edits/scalar-source';
import { analyzeScript, locateShellScript, startsNoProgram } from '../../shell';
import { normalizeSignal, shellOf, shellExecsLast } from '../../knowledge';
import type { ShellKind } from '../../knowledge';
import { serviceLayers, findKey, reportedElsewhere, argvOf, serviceBuild, dockerfileRelated, stopSignal, Arg, Found } from './util';
import { signalVerdict, uncatchableSignal } from '../../signals';
import { effective } from '../../model/dockerfile';
import type { DfInstruction } from '../../model/dockerfile';

const ENDS_WITH: Record<string, string> = {
  pipeline: 'ends with a pipeline, which no shell execs', background: 'ends with a background job, which no shell execs',
  compound: 'ends with a compound command, which no shell execs', builtin: 'ends with a shell builtin',
  trap: 'sets a trap (not for TERM or INT), so no shell execs its last command',
};

/** Which shell runs the script: an explicit bash/ash/dash, else the image's /bin/sh (knowledge module). */
function shellKind(name: string, argv: readonly string[], image: ShellKind): ShellKind {
  if (name === 'bash') return 'bash';
  if (name === 'ash' || argv.some((a) => /(^|\/)busybox$/.test(a))) return 'busybox';
  if (name === 'dash') return 'dash';
  if (name === 'sh') return image;
  return 'unknown';
}

/** The first clause of the message: what this shell does with the script's last command. */
function lead(kind: ShellKind, explicit: boolean, program: string): string {
  switch (kind) {
    case 'dash': return explicit ? `dash does not exec "${program}" at its end` : `dash (this image's /bin/sh) does not exec "${program}" at its end`;
    case 'busybox': return `the script does not exec "${program}"`;
    case 'bash': return `the script does not exec "${program}"`;
    default: return `the script does not exec "${program}" (dash, Debian's /bin/sh, never does; busybox and bash do)`;
  }
}

/**
 * Why the program misses the stop signal (SIGTERM, or `stop_signal` / the Dockerfile's STOPSIGNAL) (`victim` with its verb: '`node` is', 'its children are'). The
 * shell as PID 1 drops it. An init (`init: true`, or one in the argv) forwards it to the shell only,
 * or to the whole group, but either way it exits with the shell, and when PID 1 exits the kernel
 * SIGKILLs the rest of the container at once.
 */
function why(init: { name: string; short: string; group: boolean } | undefined, victim: string, sig = 'SIGTERM'): string {
  if (!init) return `The shell is PID 1 and drops ${sig} without passing it on, so ${victim} killed with SIGKILL when the grace period ends`;
  if (init.group) return `${init.name} signals the whole process group, but the shell dies on ${sig} at once and ${init.short} exits with it, so ${victim} killed with SIGKILL with no time to shut down`;
  return `${init.name} forwards ${sig} to the shell only, which exits without passing it on, so ${victim} killed with SIGKILL as soon as ${init.short} exits`;
}

const ASSIGN = /^[A-Za-z_]\w*\+?=/;


/**
 * Source offset where `exec ` goes for value offset `i` of the argv element, or undefined when the
 * mapping is not certain (escapes in the string form, an insertion outside quotes, `#`/`:` around it).
 */
function insertionOffset(file: YamlFile, arg: Arg, i: number): number | undefined {
  const text = file.text;
  let strOffset = i;
  if (arg.word) {
    const w = arg.word;
    if (!w.quoted[i]) return undefined; // `sh -c node` → `sh -c exec node` would split the word
    const str = arg.node.value as string;
    if (str.slice(w.start, w.map[i]).includes('\\')) return undefined;
    strOffset = w.map[i];
  }
  const at = scalarSourceOffset(file, arg.node, strOffset);
  if (at === undefined) return undefined;
  if (arg.node.type === 'PLAIN' && (text[at] === '#' || text[at - 1] === ':')) return undefined;
  return at;
}

/** The source span of an argv element: the list item, or the word inside the string form. */
function argSpan(file: YamlFile, arg: Arg): [number, number] | undefined {
  const span = nodeSpan(arg.node);
  // A block scalar's range ends after its last line break: stop at the end of its content.
  const whole: [number, number] | undefined = span && [span[0], span[1]];
  while (whole && whole[1] > whole[0] && (file.text[whole[1] - 1] === '\n' || file.text[whole[1] - 1] === '\r')) whole[1]--;
  if (!arg.word || arg.word.end <= arg.word.start) return whole;
  const s = scalarSourceOffset(file, arg.node, arg.word.start);
  const e = scalarSourceOffset(file, arg.node, arg.word.end - 1);
  return s !== undefined && e !== undefined && e >= s ? [s, e + 1] : whole;
}

export default defineRule({
  meta: {
    id: 'compose/shell-pid1',
    target: 'compose',
    presets: { recommended: 'warning', strict: 'warning' },
    description: '`command`/`entrypoint` runs a `sh -c` script whose last command is not `exec`ed, on a shell that does not exec it itself (dash, or unknown).',
    fixable: true,
    messages: {
      noExec: 'Service "{{name}}" runs {{shell}} -c, and {{lead}}. {{why}}. Prefix "{{program}}" with exec so it replaces the shell.',
      noExecNoFix: 'Service "{{name}}" runs {{shell}} -c, and the script {{what}}. {{why}}. Make the script exec its main program, or trap TERM and forward it.',
      portable: 'Service "{{name}}" runs {{shell}} -c without exec: this works because {{shellDesc}} execs "{{program}}" itself. Prefix it with exec to make the script portable.',
    },
  },
  check(ctx) {
    for (const s of ctx.services) {
      if (!s.map) continue;
      const layers = serviceLayers(ctx, s);
      const entry = findKey(layers, 'entrypoint');
      const cmd = findKey(layers, 'command');
      const eArgs = entry ? argvOf(entry.value, entry.layer.doc) : [];
      const cArgs = cmd ? argvOf(cmd.value, cmd.layer.doc) : [];
      if (!eArgs || !cArgs) continue;
      // A command without an entrypoint runs after the ENTRYPOINT of the Dockerfile it builds (exec
      // form; a shell-form ENTRYPOINT ignores the command). A script in the Dockerfile's own part
      // is dockerfile/shell-pid1's.
      const build = serviceBuild(ctx, layers);
      let dfEntry: string[] = [];
      let dfIns: DfInstruction | undefined;
      if (!entry && cmd && build?.stage) {
        const ep = effective(build.stage, 'ENTRYPOINT');
        if (ep && !ep.ins.execForm) continue; // the command is never run
        if (ep?.ins.execForm?.length) { dfEntry = ep.ins.execForm; dfIns = ep.ins; }
      }
      // With an entrypoint, the command is its argument list (`entrypoint: [sh, -c]`, `command: [script]`).
      const argv = [...eArgs, ...cArgs];
      let values = [...dfEntry, ...argv.map((a) => a.value)];
      // A leading init (`[tini, --, sh, -c, …]`) is the shell's parent: it does not save the program.
      let found = locateShellScript(values);
      if (!found && dfEntry.length) {
        // Another ENTRYPOINT (an entrypoint script that ends with exec "$@", by convention): the command is judged alone.
        dfEntry = []; dfIns = undefined;
        values = argv.map((a) => a.value);
        found = locateShellScript(values);
      }
      if (!found || found.index < dfEntry.length) continue;
      const { init: pre } = found;
      const idx = found.index - dfEntry.length;
      const arg = argv[idx];
      const owner: Found = (idx < eArgs.length ? entry : cmd)!;
      if (reportedElsewhere(owner)) continue;
      const a = analyzeScript(arg.value);
      if (a.execsLast || a.trapsSignals || a.noFixReason === 'unparseable' || a.noFixReason === 'empty') continue;
      if (startsNoProgram(arg.value, a.commands)) continue;

      const inPlace = owner.layer.own && owner.lookup.own && !isAlias(owner.lookup.pair.value) && !arg.alias;
      const at = inPlace ? argSpan(ctx.file, arg) ?? nodeSpan(s.key)! : nodeSpan(s.key)!;
      const shell = values.slice(pre?.skipped ?? 0, found.index).find((v) => !v.startsWith('-') && v !== 'env' && !v.endsWith('/env') && v !== 'busybox' && !ASSIGN.test(v)) ?? 'sh';
      const shellName = shell.slice(shell.lastIndexOf('/') + 1);
      const last = a.commands[a.commands.length - 1];
      const program = last?.words.find((w) => !ASSIGN.test(w)) ?? last?.words[0] ?? '';
      let fix: FixDraft | undefined;
      if (inPlace && a.execInsertOffset !== undefined) {
        const off = insertionOffset(ctx.file, arg, a.execInsertOffset);
        if (off !== undefined) fix = { title: `Prefix "${program}" with exec`, edits: [{ start: off, end: off, newText: 'exec ' }] };
      }
      // The init nearest to the shell: one in the argv, else docker-init (tini) from `init: true`.
      const initKey = findKey(layers, 'init');
      const initFlag = !!initKey && isScalar(initKey.value) && bool(initKey.value) === true;
      const init = pre ? { name: `"${pre.init}"`, short: `"${pre.init}"`, group: pre.signalsGroup }
        : initFlag ? { name: 'The init (init: true)', short: 'the init', group: false } : undefined;
      const imageNode = findKey(layers, 'image');
      const imageShell = shellOf(build ? undefined : imageNode && isScalar(imageNode.value) ? str(imageNode.value) : undefined, build && { model: build.model, stage: build.stage }).value;
      const kind = shellKind(shellName, values.slice(0, found.index), imageShell);
      // The signal docker compose stop sends: stop_signal, else the Dockerfile's STOPSIGNAL, else SIGTERM.
      const raw = stopSignal(layers, build);
      const sig = raw && signalVerdict(raw.trim().replace(/^(["'])(.*)\1$/s, '$2')) === 'ok' && !uncatchableSignal(raw) ? normalizeSignal(raw) : 'SIGTERM';
      const rel = dfIns && build ? dockerfileRelated(ctx, build, dfIns, "The Dockerfile's ENTRYPOINT: the service's command runs as its arguments") : undefined;
      const related = rel ? [rel] : undefined;
      if (a.execInsertOffset !== undefined) {
        if (shellExecsLast(kind)) {
          // busybox ash and bash exec the script's last simple command themselves (RUNTIMES.md).
          if (ctx.config.preset !== 'strict') continue;
          const shellDesc = kind === 'bash' ? (shellName === 'bash' ? 'bash' : "this image's /bin/sh (bash)") : "this image's /bin/sh (busybox ash)";
          ctx.report({ at, messageId: 'portable', severity: 'hint', data: { name: s.name, shell: shellName, shellDesc, program }, fix, related });
          continue;
        }
        ctx.report({ at, messageId: 'noExec', data: { name: s.name, shell: shellName, program, lead: lead(kind, shellName === 'dash', program), why: why(init, `"${program}" is`, sig) }, fix, related });
      } else {
        const what = ENDS_WITH[a.noFixReason ?? ''] ?? 'ends with a command it does not exec';
        ctx.report({ at, messageId: 'noExecNoFix', data: { name: s.name, shell: shellName, what, why: why(init, 'its children are', sig) }, related });
      }
    }
  },
});
