/**
 * Worker threads (`check` with more than 50 files): the same stdout, stderr and exit code as one
 * thread (`--jobs 1`), in every format, with parse errors, skipped and unreadable files, and a
 * compose file that reads its Dockerfile; `--fix` stays on one thread.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanup, cli, fixture } from './helpers';
import type { Tree } from './helpers';
import { parseCliArgs } from '../../server/src/cli/args';
import { genK8s } from '../bench/gen';

after(cleanup);

function corpus(): Tree {
  const t: Tree = {};
  for (let i = 0; i < 30; i++) t[`k8s/app-${i}.yaml`] = genK8s(60 + 7 * i, 100 + i);
  for (let i = 0; i < 15; i++) {
    t[`svc-${i}/compose.yaml`] = `services:\n  app:\n    build: .\n    user: root\n    command: sh -c "sleep 1; ./run"\n${i % 3 ? '    init: true\n' : ''}`;
    t[`svc-${i}/Dockerfile`] = `FROM alpine:3.20\nRUN apk add curl\n${i % 2 ? 'USER 1000\n' : ''}CMD ./run --port ${8000 + i}\n`;
  }
  t['broken/a.yaml'] = 'apiVersion: v1\nkind: Pod\nspec: [\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n  containers: [{name: c, image: x}]\n';
  t['broken/b.yaml'] = 'services:\n  a: {image: x\n';
  t['big/huge.yaml'] = `services:\n  a:\n    image: x\n${'# pad\n'.repeat(400_000)}`;
  t['bin/x.yaml'] = Buffer.from([0x73, 0x00, 0x0a]);
  t['helm/templates/d.yaml'] = 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: {{ .Values.replicas }}\n';
  return t;
}

describe('check on worker threads', () => {
  const dir = fixture(corpus());
  fs.chmodSync(path.join(dir, 'k8s/app-7.yaml'), 0o000); // unreadable (ignored when running as root)

  for (const args of [['--format', 'json'], ['--format', 'sarif'], [], ['--fix-dry-run'], ['--fix-dry-run', '--format', 'json'], ['--quiet', '--verbose']]) {
    it(`${args.join(' ') || 'stylish'}: the same output as --jobs 1`, () => {
      const one = cli(dir, 'check', ...args, '--jobs', '1', '.');
      const many = cli(dir, 'check', ...args, '--jobs', '3', '.');
      // --quiet prints errors only: a few (k8s/root-user: runAsUser 0 under runAsNonRoot: true)
      assert.ok(one.stdout.length > (args.includes('--quiet') ? 300 : 1000) && /YAML parse error/.test(one.stderr), 'a run with findings and parse errors');
      assert.deepEqual(many, one);
    });
  }

  it('--fix writes on one thread: the same files as --jobs 1', () => {
    const a = fixture(corpus()), b = fixture(corpus());
    const ra = cli(a, 'check', '--fix', '--jobs', '1', '.'), rb = cli(b, 'check', '--fix', '--jobs', '4', '.');
    assert.equal(rb.status, ra.status);
    assert.equal(rb.stdout.split(a).join('#'), ra.stdout.split(a).join('#'));
    for (let i = 0; i < 30; i++) assert.equal(fs.readFileSync(path.join(b, `k8s/app-${i}.yaml`), 'utf8'), fs.readFileSync(path.join(a, `k8s/app-${i}.yaml`), 'utf8'));
  });

  it('--jobs takes a positive number', () => {
    assert.equal((parseCliArgs(['check', '--jobs', '2']) as { jobs?: number }).jobs, 2);
    assert.equal((parseCliArgs(['check', '-j', '1']) as { jobs?: number }).jobs, 1);
    for (const bad of ['0', '-1', 'x', '']) assert.equal(parseCliArgs(['check', '--jobs', bad]).command, 'usage-error', bad);
  });
});
