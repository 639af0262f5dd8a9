/** `check` on build contexts with sources: app/sigterm-not-handled through the disk reader (listDir inside the root only). */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanup, cli, fixture, json, only } from './helpers';
import * as F from '../unit/app-fixtures';

after(cleanup);

const RULE = 'app/sigterm-not-handled';
const RUST_DF = 'FROM rust:1.79 AS build\nCOPY . .\nRUN cargo build --release\nFROM debian:bookworm-slim\nCOPY --from=build /target/release/bot /bot\nCMD ["/bot"]\n';
const COMPOSE = 'services:\n  bot:\n    build: ./bot\n';

function findings(dir: string, ...args: string[]): string[] {
  const r = cli(dir, 'check', '--format', 'json', ...only(RULE), ...args);
  return json(r).files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.line}:${x.column} ${x.severity} ${x.message.split('. ')[0]}`));
}

describe('check: app/sigterm-not-handled', () => {
  it('reads the build context of a compose service and the folder of a Dockerfile', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE, ...F.under('bot', F.RUST_CTRL_C), 'bot/Dockerfile': RUST_DF });
    assert.deepEqual(findings(dir), [
      'bot/Dockerfile:6:5 warning The image: the Rust program of this folder handles SIGINT but not SIGTERM, its stop signal (src/main.rs:6)',
      'compose.yaml:2:3 warning Service "bot": the Rust program built from "bot" handles SIGINT but not SIGTERM, its stop signal (src/main.rs:6)',
    ]);
  });
  it('--fix writes STOPSIGNAL SIGINT (the compose service then stops with it too: nothing is left)', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE, ...F.under('bot', F.RUST_CTRL_C), 'bot/Dockerfile': RUST_DF });
    cli(dir, 'check', '--fix', ...only(RULE));
    const compose = fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8');
    const df = fs.readFileSync(path.join(dir, 'bot/Dockerfile'), 'utf8');
    // Files are fixed one after the other; the second is re-linted with the first one's fix on disk.
    assert.ok(df === RUST_DF.replace('CMD', 'STOPSIGNAL SIGINT\nCMD') || compose === 'services:\n  bot:\n    build: ./bot\n    stop_signal: SIGINT\n', `${compose}\n${df}`);
    assert.deepEqual(findings(dir), []);
  });
  it('--fix on the compose file alone writes stop_signal: SIGINT', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE, ...F.under('bot', F.RUST_CTRL_C), 'bot/Dockerfile': RUST_DF });
    cli(dir, 'check', '--fix', 'compose.yaml', ...only(RULE));
    assert.equal(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'), 'services:\n  bot:\n    build: ./bot\n    stop_signal: SIGINT\n');
    assert.equal(fs.readFileSync(path.join(dir, 'bot/Dockerfile'), 'utf8'), RUST_DF);
  });
  it('a handler in node_modules does not count; process.on("SIGTERM") in the sources does', () => {
    const df = 'FROM node:20\nCOPY . .\nCMD ["node", "server.js"]\n';
    const dir = fixture({ 'compose.yaml': 'services:\n  api:\n    build: .\n', ...F.NODE_SIGINT, 'node_modules/x/index.js': "process.on('SIGTERM', () => {})\n", Dockerfile: df });
    assert.equal(findings(dir).length, 2);
    fs.writeFileSync(path.join(dir, 'lib.js'), "process.on('SIGTERM', () => {})\n");
    assert.deepEqual(findings(dir), []);
  });
  it('never reads sources through a symlink that leads outside the root', () => {
    const outside = fixture({ 'src/main.rs': F.RUST_CTRL_C['src/main.rs'] });
    const dir = fixture({ 'compose.yaml': COMPOSE, 'bot/Cargo.toml': F.CARGO, 'bot/Dockerfile': RUST_DF });
    fs.symlinkSync(path.join(outside, 'src'), path.join(dir, 'bot', 'src'));
    assert.deepEqual(findings(dir), [], 'the handler outside is not seen');
    // The same folder inside the root is read.
    fs.unlinkSync(path.join(dir, 'bot', 'src'));
    fs.mkdirSync(path.join(dir, 'inside'));
    fs.writeFileSync(path.join(dir, 'inside', 'main.rs'), F.RUST_CTRL_C['src/main.rs']);
    fs.symlinkSync(path.join(dir, 'inside'), path.join(dir, 'bot', 'src'));
    assert.equal(findings(dir).length, 2);
  });
});
