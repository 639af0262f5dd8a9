import { ruleTester } from '../../rule-tester';

const run = (lines: string) => `FROM golang:1.23 AS build\nRUN mkdir -m 1777 /empty-tmp\nFROM scratch\n${lines}COPY --from=build /app /app\nENTRYPOINT ["/app"]\n`;

ruleTester('dockerfile/scratch-without-tmp', {
  valid: [
    'FROM alpine\nENTRYPOINT ["/app"]\n',
    { name: 'COPY into /tmp', code: run('COPY --from=build /tmp /tmp\n') },
    { name: 'COPY of a prepared directory to /tmp/', code: run('COPY --from=build --chown=65532:65532 /empty-tmp /tmp/\n') },
    { name: 'COPY of a file below /tmp', code: run('COPY --from=build /etc/hostname /tmp/.keep\n') },
    { name: 'JSON-form COPY', code: run('COPY ["--from=build", "/empty-tmp", "/tmp"]\n') },
    { name: 'WORKDIR /tmp creates it (no USER: root writes it)', code: run('WORKDIR /tmp\nWORKDIR /\n') },
    { name: 'WORKDIR /tmp with a final USER root', code: run('USER 10001\nWORKDIR /tmp\nUSER root\n') },
    { name: 'WORKDIR /tmp after USER: BuildKit makes it that user\'s', code: run('USER 10001\nWORKDIR /tmp\nUSER 10001:10001\n') },
    { name: 'a RUN that opens /tmp up', code: run('RUN ["/busybox", "mkdir", "-m", "1777", "/tmp"]\nUSER 65532\n') },
    { name: 'a copy wins over a WORKDIR', code: run('WORKDIR /tmp\nCOPY --from=build /empty-tmp /tmp\nUSER 65532\n') },
    { name: 'a USER from a build argument is unknown', code: run('ARG UID=10001\nWORKDIR /tmp\nUSER $UID\n') },
    { name: 'relative destination under WORKDIR /', code: run('WORKDIR /\nCOPY --from=build /empty-tmp tmp\n') },
    { name: 'VOLUME /tmp mounts a volume root can write', code: run('VOLUME /tmp\n') },
    { name: 'VOLUME JSON form', code: run('VOLUME ["/data", "/tmp"]\n') },
    { name: 'a copy to / may bring a whole root file system', code: 'FROM scratch\nADD alpine-minirootfs.tar.gz /\nCMD ["/bin/sh"]\n' },
    { name: 'COPY heredoc into /tmp', code: 'FROM scratch\nCOPY <<EOF /tmp/.keep\nEOF\nENTRYPOINT ["/app"]\n' },
    { name: 'artifact stage without ENTRYPOINT/CMD', code: 'FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /\n' },
    { name: '/tmp created in an earlier scratch stage', code: 'FROM scratch AS base\nCOPY tmp /tmp\nFROM base\nCOPY app /app\nCMD ["/app"]\n' },
    { name: 'own directive', code: 'FROM golang AS build\n# container-signals-disable-next-line dockerfile/scratch-without-tmp -- no temp files\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n' },
  ],
  invalid: [
    {
      name: 'FROM scratch with only the binary',
      code: run(''),
      errors: [{ line: 3, column: 6, endColumn: 13, severity: 'warning', message: 'The final image is built `FROM scratch` and nothing creates /tmp, so programs that write temporary files fail (ENOENT). Copy one in from a build stage (`COPY --from=build /tmp /tmp`, a directory with mode 1777 there, e.g. made with `mkdir -m 1777`), or mount a tmpfs at run time (compose `tmpfs: [/tmp]`, Kubernetes `emptyDir` at /tmp).' }],
      output: null,
    },
    {
      name: 'WORKDIR /tmp made as root, then a non-root USER: not writable',
      code: run('WORKDIR /tmp\nUSER 10001:10001\n'),
      errors: [{ line: 4, column: 9, endColumn: 13, severity: 'warning', message: 'The final image is built `FROM scratch` and its /tmp comes from `WORKDIR /tmp`: a directory owned by root with mode 0755, so `USER 10001:10001` cannot write temporary files there (EACCES). Copy a mode-1777 /tmp in from a build stage (`COPY --from=build /tmp /tmp`, made there with `mkdir -m 1777`), or mount a tmpfs at run time (compose `tmpfs: [/tmp]`, Kubernetes `emptyDir` at /tmp).' }],
      output: null,
    },
    {
      name: 'VOLUME /tmp: the anonymous volume belongs to root',
      code: run('VOLUME ["/data", "/tmp"]\nUSER 65532\n'),
      errors: [{ line: 4, column: 8, endColumn: 25, message: 'The final image is built `FROM scratch` and its /tmp comes from `VOLUME /tmp` (an anonymous volume): a directory owned by root with mode 0755, so `USER 65532` cannot write temporary files there (EACCES). Copy a mode-1777 /tmp in from a build stage (`COPY --from=build /tmp /tmp`, made there with `mkdir -m 1777`), or mount a tmpfs at run time (compose `tmpfs: [/tmp]`, Kubernetes `emptyDir` at /tmp).' }],
      output: null,
    },
    {
      name: 'WORKDIR below /tmp as one user, the final USER another',
      code: run('USER 1000\nWORKDIR /tmp/work\nUSER 2000\n'),
      errors: [{ line: 5, column: 9, endColumn: 18, message: /comes from `WORKDIR \/tmp\/work`: a directory owned by `1000` with mode 0755, so `USER 2000` cannot write/ }],
      output: null,
    },
    {
      name: 'a RUN that only mentions /tmp, in an earlier scratch stage',
      code: 'FROM scratch AS base\nCOPY busybox /busybox\nRUN ["/busybox", "mkdir", "/tmp"]\nFROM base\nUSER nobody\nCMD ["/app"]\n',
      errors: [{ line: 3, column: 5, endColumn: 34, message: /comes from a `RUN` that does not `chmod` it: a directory owned by root with mode 0755, so `USER nobody` cannot write/ }],
      output: null,
    },
    {
      name: 'a path that only starts with /tmp',
      code: run('COPY --from=build /empty-tmp /tmpdir\n'),
      errors: [{ line: 3, column: 6 }],
      output: null,
    },
    {
      name: 'inherited scratch base: range on the final FROM',
      code: 'FROM scratch AS base\nCOPY app /app\nFROM base AS final\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 3, column: 6, endColumn: 10 }],
      output: null,
    },
    {
      name: 'scratch through a global ARG, CRLF',
      code: 'ARG BASE=scratch\r\nFROM ${BASE}\r\nCOPY app /app\r\nCMD ["/app"]\r\n',
      errors: [{ line: 2, column: 6, endColumn: 13 }],
      output: null,
    },
  ],
});
