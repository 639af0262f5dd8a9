#!/usr/bin/env node
/**
 * Draws the extension icon (128×128 PNG, no dependencies: node:zlib + a CRC): a container-blue
 * rounded square, signal arcs and a "stop" square. `node scripts/make-icon.mjs [out]`
 * (default images/icon.png). The PNG is committed; re-run only to change the design.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'images/icon.png'));
const N = 128, SS = 4; // size, supersampling per axis

const mix = (a, b, t) => a.map((x, i) => x + (b[i] - x) * t);
const top = [34, 102, 170], bottom = [16, 52, 96], white = [255, 255, 255], amber = [255, 190, 60];

function roundedRect(x, y, x0, y0, x1, y1, r) {
  const cx = Math.max(x0 + r, Math.min(x, x1 - r)), cy = Math.max(y0 + r, Math.min(y, y1 - r));
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= x0 && x <= x1 && y >= y0 && y <= y1;
}

/** Colour [r,g,b,a] of a sample point (0..128 coordinates). */
function sample(x, y) {
  if (!roundedRect(x, y, 4, 4, 124, 124, 24)) return [0, 0, 0, 0];
  let c = mix(top, bottom, y / N);
  // signal arcs around the lower-left origin
  const ox = 30, oy = 98, d = Math.hypot(x - ox, y - oy), ang = Math.atan2(oy - y, x - ox);
  if (ang > 0.08 && ang < Math.PI / 2 - 0.08) {
    for (const [r, w] of [[26, 7], [46, 7], [66, 7]]) if (Math.abs(d - r) <= w / 2) c = white;
  }
  if (d <= 8) c = white;
  // stop square, top right
  if (roundedRect(x, y, 80, 22, 106, 48, 4)) c = amber;
  return [...c, 255];
}

const px = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) {
  px[y * (N * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < N; x++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) for (let sx = 0; sx < SS; sx++) {
      const s = sample(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
      r += s[0] * s[3]; g += s[1] * s[3]; b += s[2] * s[3]; a += s[3];
    }
    const o = y * (N * 4 + 1) + 1 + x * 4;
    px[o] = a ? Math.round(r / a) : 0; px[o + 1] = a ? Math.round(g / a) : 0; px[o + 2] = a ? Math.round(b / a) : 0;
    px[o + 3] = Math.round(a / (SS * SS));
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc32 = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0); ihdr.writeUInt32BE(N, 4); ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(px, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
]);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, png);
console.log(`wrote ${path.relative(process.cwd(), out)} (${png.length} bytes)`);
