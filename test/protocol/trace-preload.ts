/**
 * A `node --require` preload (as JavaScript text) that records what a process reads, lists,
 * writes, runs and connects to, for the trust tests: every `fs` read / open / directory listing
 * (sync, callback and promise forms, streams), every probe (stat, exists, realpath, access), and
 * every attempt to start a process or open a network connection (child_process, net, tls, http,
 * https, dns, fetch) — those are refused (they throw) as well as recorded.
 *
 * The log (CS_TRACE_LOG) has one JSON array per line: [kind, absolutePath | detail].
 * Kinds: read, list, write, probe, exec, net.
 */
import * as fs from 'node:fs';

export const TRACE_PRELOAD = String.raw`'use strict';
const fs = require('fs');
const path = require('path');
const LOG = process.env.CS_TRACE_LOG;
const logFd = fs.openSync(LOG, 'a');
const rec = (kind, p) => {
  let s;
  if (typeof p === 'number') s = 'fd:' + p;
  else if (p instanceof URL) s = p.pathname;
  else if (Buffer.isBuffer(p)) s = p.toString();
  else s = String(p);
  if (kind !== 'exec' && kind !== 'net' && !s.startsWith('fd:')) s = path.resolve(s);
  fs.writeSync(logFd, JSON.stringify([kind, s]) + '\n');
};
const writeFlag = (f) => typeof f === 'string' ? /[wax+]/.test(f) : typeof f === 'number' ? (f & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT)) !== 0 : false;
function wrap(obj, name, kind) {
  const orig = obj[name];
  if (typeof orig !== 'function') return;
  const w = function (p, flags) {
    const k = typeof kind === 'function' ? kind(p, flags) : kind;
    if (k) rec(k, p);
    return orig.apply(this, arguments);
  };
  Object.assign(w, orig);
  obj[name] = w;
}
for (const n of ['readFileSync', 'readFile', 'createReadStream']) wrap(fs, n, 'read');
for (const n of ['readdirSync', 'readdir', 'opendirSync', 'opendir']) wrap(fs, n, 'list');
for (const n of ['writeFileSync', 'writeFile', 'appendFileSync', 'appendFile', 'createWriteStream', 'renameSync', 'rename', 'unlinkSync', 'unlink', 'rmSync', 'mkdirSync', 'chmodSync', 'copyFileSync', 'symlinkSync']) {
  wrap(fs, n, (p) => (typeof p === 'number' ? undefined : 'write'));
}
for (const n of ['openSync', 'open']) wrap(fs, n, (p, flags) => (writeFlag(flags) ? 'write' : 'read'));
for (const n of ['statSync', 'lstatSync', 'existsSync', 'accessSync', 'stat', 'lstat', 'exists', 'access']) wrap(fs, n, 'probe');
const rp = fs.realpathSync, rpn = fs.realpathSync.native;
fs.realpathSync = function (p) { rec('probe', p); return rp.apply(this, arguments); };
fs.realpathSync.native = function (p) { rec('probe', p); return rpn.apply(this, arguments); };
const fsp = fs.promises;
for (const n of ['readFile', 'open']) wrap(fsp, n, (p, flags) => (n === 'open' && writeFlag(flags) ? 'write' : 'read'));
for (const n of ['readdir', 'opendir']) wrap(fsp, n, 'list');
for (const n of ['writeFile', 'appendFile', 'rename', 'unlink', 'rm', 'mkdir']) wrap(fsp, n, 'write');
for (const n of ['stat', 'lstat', 'access', 'realpath']) wrap(fsp, n, 'probe');
const refuse = (kind, what) => function () {
  rec(kind, what + ' ' + (typeof arguments[0] === 'object' ? JSON.stringify(arguments[0]) : String(arguments[0])));
  throw new Error('trust test: ' + what + ' is not allowed');
};
const cp = require('child_process');
for (const n of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) cp[n] = refuse('exec', 'child_process.' + n);
const net = require('net');
for (const n of ['connect', 'createConnection', 'createServer']) net[n] = refuse('net', 'net.' + n);
net.Socket.prototype.connect = refuse('net', 'net.Socket.connect');
require('tls').connect = refuse('net', 'tls.connect');
for (const m of ['http', 'https']) { const h = require(m); h.request = refuse('net', m + '.request'); h.get = refuse('net', m + '.get'); }
const dns = require('dns');
for (const n of ['lookup', 'resolve', 'resolve4', 'resolve6']) dns[n] = refuse('net', 'dns.' + n);
if (typeof globalThis.fetch === 'function') globalThis.fetch = refuse('net', 'fetch');
`;

export type TraceKind = 'read' | 'list' | 'write' | 'probe' | 'exec' | 'net';

export function readTrace(logFile: string): [TraceKind, string][] {
  if (!fs.existsSync(logFile)) return [];
  return fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as [TraceKind, string]);
}

/** Paths Node itself may read (the process's own information). */
export const SYSTEM_PREFIXES = ['/proc/', '/dev/', '/sys/'];

export const inside = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith('/') ? dir : dir + '/');
