import { defineRule, type FixDraft } from '../../rule';
import {
  effective, effectiveCmd, isNonRootImage, isRootUser, isWindowsStage, logicalArgs, packageManager, resolvedBaseImage, stageChain,
  type DfInstruction, type DockerfileModel,
} from '../../model/dockerfile';
import { analyzeScript, isInit } from '../../shell';
import { insertLinesAfter, insertLinesBefore, keywordCase, replaceArgs } from '../../edits/dockerfile-edits';
import { knownInitImage } from '../../images';
import type { Edit } from '../../edits/yaml-edits';

const TINI = { apk: '/sbin/tini', apt: '/usr/bin/tini' } as const;
const INSTALL = {
  apk: 'apk add --no-cache tini',
  apt: 'apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*',
} as const;

/**
 * Docker Hub official images that set no ENTRYPOINT: adding one there keeps the image's behaviour
 * (CMD stays the command). Other bases may have an ENTRYPOINT that does real work (postgres,
 * nginx, redis …): replacing it is only offered as a non-preferred fix.
 */
const NO_ENTRYPOINT = new Set(['alpine', 'debian', 'ubuntu', 'python', 'pypy', 'golang', 'rust', 'ruby', 'perl',
  'eclipse-temurin', 'openjdk', 'amazoncorretto', 'buildpack-deps']);
/** node's docker-entrypoint.sh only prepends `node` when CMD does not start with a command. */
const NODE_COMMANDS = new Set(['node', 'npm', 'npx', 'yarn', 'pnpm', 'corepack', '/bin/sh']);

function officialName(image: string): string | undefined {
  let name = image.toLowerCase().replace(/@.*$/, '');
  const slash = name.lastIndexOf('/');
  const colon = name.indexOf(':', slash + 1);
  if (colon >= 0) name = name.slice(0, colon);
  name = name.replace(/^(docker\.io\/|index\.docker\.io\/|registry-1\.docker\.io\/)/, '').replace(/^library\//, '');
  return name.includes('/') ? undefined : name;
}

/** The program a shell-form text starts (skipping `exec` and VAR=value prefixes). */
function firstProgram(model: DockerfileModel, ins: DfInstruction): string | undefined {
  const a = analyzeScript(logicalArgs(model, ins).text);
  const words = a.commands[0]?.words.filter((w) => !/^[A-Za-z_]\w*\+?=/.test(w)) ?? [];
  return words[0] === 'exec' ? words[1] : words[0];
}

/** argv[0] of an instruction: exec form's first string, or the first program of a shell form. */
function argv0(model: DockerfileModel, ins: DfInstruction): string | undefined {
  return ins.execForm ? ins.execForm[0] : firstProgram(model, ins);
}

const tiniInstalled = (runs: DfInstruction[]) => runs.some((r) => /\b(apk\s+add|apt-get\s+install|apt\s+install)\b[^&;|]*\btini\b/.test(r.rawArgs));

export default defineRule({
  meta: {
    id: 'dockerfile/missing-init',
    target: 'dockerfile',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'The final ENTRYPOINT is not an init (tini, dumb-init, …): the program runs as PID 1, gets only the signals it handles and must reap orphans.',
    fixable: true,
    messages: {
      entrypoint: 'The ENTRYPOINT `{{program}}` is not an init, so it runs as PID 1: it gets only the signals it installed a handler for (SIGTERM is otherwise dropped, then SIGKILL) and must reap orphaned children. Run an init: `init: true` (compose), `docker run --init`, or tini as ENTRYPOINT.',
      cmd: 'No init runs as PID 1: with no ENTRYPOINT here, PID 1 is `{{program}}` or the base image\'s ENTRYPOINT, and it gets only the signals it installed a handler for (SIGTERM is otherwise dropped, then SIGKILL) and must reap orphaned children. Run an init: `init: true` (compose), `docker run --init`, or tini as ENTRYPOINT.',
    },
  },
  check(ctx) {
    const model = ctx.model;
    const final = model.final;
    if (!final || isWindowsStage(model, final)) return;
    const ep = effective(final, 'ENTRYPOINT');
    const cmd = effectiveCmd(final);
    const epSet = ep && !(ep.ins.execForm && ep.ins.execForm.length === 0); // `ENTRYPOINT []` clears it
    const target = epSet ? ep : cmd;
    if (!target || target.ins.argsStart === undefined) return; // nothing in this file says what runs: the base image decides
    // No ENTRYPOINT in this file: a base image whose own ENTRYPOINT is an init (jenkins/jenkins: tini)
    // runs the CMD under it. Never report it, and never offer to write an ENTRYPOINT over that init.
    const base = resolvedBaseImage(model, final);
    if (!ep && knownInitImage(base)) return;
    const program = argv0(model, target.ins);
    if (!program || isInit(program)) return;

    // The fix: install tini (apk/apt images, as root, right after the FROM of the stage whose
    // ENTRYPOINT changes, so that stage works as a build target too) and put it in front.
    let fix: FixDraft | undefined;
    let alternative: FixDraft | undefined;
    const stage = ep ? ep.stage : cmd!.stage;
    const pm = packageManager(model, final);
    const parentUser = effective(stage.parent, 'USER');
    const asRoot = parentUser ? isRootUser(logicalArgs(model, parentUser.ins).text) : !isNonRootImage(base);
    const shellEntrypoint = epSet && !ep.ins.execForm; // the shell-form rule converts it first
    if (pm && asRoot && !shellEntrypoint) {
      const tini = TINI[pm];
      const edits: Edit[] = [];
      const runs = stageChain(stage).flatMap((s) => s.instructions).filter((i) => i.keyword === 'RUN');
      const install = !tiniInstalled(runs);
      if (install) edits.push(insertLinesAfter(model, stage.from, [`${keywordCase(model, stage.from, 'RUN')} ${INSTALL[pm]}`]));
      // The title says exactly what the edits do: the install only when it is added.
      const title = (what: string) => (install ? `Install tini and ${what}` : what.charAt(0).toUpperCase() + what.slice(1));
      const prefix = `"${tini}", "--"`;
      if (epSet) {
        const q = ep.ins.rawArgs.indexOf('"');
        edits.push({ start: ep.ins.argsStart! + q, end: ep.ins.argsStart! + q, newText: `${prefix}, ` });
        fix = { title: title(`run the ENTRYPOINT under \`${tini}\``), edits };
      } else if (ep) {
        edits.push(replaceArgs(ep.ins, `[${prefix}]`));
        fix = { title: title(`make \`${tini}\` the ENTRYPOINT`), edits };
      } else {
        edits.push(insertLinesBefore(model, cmd!.ins, [`${keywordCase(model, stage.from, 'ENTRYPOINT')} [${prefix}]`]));
        const name = officialName(base);
        const safe = name !== undefined && (NO_ENTRYPOINT.has(name) || (name === 'node' && NODE_COMMANDS.has(cmd!.ins.execForm ? (cmd!.ins.execForm[0] ?? '') : '/bin/sh')));
        const draft = { title: title(`add \`ENTRYPOINT ["${tini}", "--"]\` before CMD${safe ? '' : ' (replaces the base image\'s ENTRYPOINT)'}`), edits };
        if (safe) fix = draft;
        else alternative = draft;
      }
    }
    ctx.report({
      at: [target.ins.argsStart, target.ins.argsEnd!],
      messageId: epSet ? 'entrypoint' : 'cmd',
      data: { program },
      fix,
      alternatives: alternative ? [alternative] : undefined,
    });
  },
});
