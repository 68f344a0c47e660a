#!/usr/bin/env node
/**
 * Writes the add-in's icons (assets/icon-<size>.png) from code, so no binary editor or
 * download is needed and every size stays the same picture: a coin with a return arrow.
 * Usage: node scripts/make-icons.js [outDir]
 */
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const SIZES = [16, 32, 64, 80, 128];
const BACKGROUND = [15, 108, 189]; // Office blue, readable on light and dark ribbons
const FOREGROUND = [255, 255, 255];
// Each output pixel averages SAMPLES x SAMPLES points, so small icons keep smooth edges.
const SAMPLES = 4;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG (8-bit RGBA, no interlace) from rows of [r, g, b, a] pixels. */
function encodePng(size, pixelAt) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(pixelAt(x, y), row + 1 + x * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function inTriangle(u, v, a, b, c) {
  const side = (p, q) => (q[0] - p[0]) * (v - p[1]) - (q[1] - p[1]) * (u - p[0]);
  const s1 = side(a, b);
  const s2 = side(b, c);
  const s3 = side(c, a);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

/** Which layer covers a point of the unit square: 0 transparent, 1 background, 2 foreground. */
function layerAt(u, v) {
  const r = 0.2; // rounded-square corner radius
  const cx = Math.min(Math.max(u, r), 1 - r);
  const cy = Math.min(Math.max(v, r), 1 - r);
  if ((u - cx) ** 2 + (v - cy) ** 2 > r * r) return 0;
  const du = u - 0.5;
  const dv = v - 0.5;
  const d = Math.hypot(du, dv);
  const ring = d > 0.27 && d < 0.36;
  // The ring opens at the top right, where an arrow head points back: money going back.
  const angle = Math.atan2(-dv, du);
  const gap = angle > 0.15 && angle < 1.2;
  const head = inTriangle(u, v, [0.69, 0.48], [0.93, 0.48], [0.81, 0.3]);
  const bar = Math.abs(dv) < 0.05 && Math.abs(du) < 0.15; // the minus of a credit balance
  return (ring && !gap) || head || bar ? 2 : 1;
}

function iconPixels(size) {
  return (x, y) => {
    let bg = 0;
    let fg = 0;
    for (let i = 0; i < SAMPLES; i++) {
      for (let j = 0; j < SAMPLES; j++) {
        const layer = layerAt((x + (i + 0.5) / SAMPLES) / size, (y + (j + 0.5) / SAMPLES) / size);
        if (layer === 1) bg++;
        if (layer === 2) fg++;
      }
    }
    const covered = bg + fg;
    if (covered === 0) return [0, 0, 0, 0];
    const mix = (k) => Math.round((BACKGROUND[k] * bg + FOREGROUND[k] * fg) / covered);
    return [mix(0), mix(1), mix(2), Math.round((255 * covered) / (SAMPLES * SAMPLES))];
  };
}

function main() {
  const outDir = path.resolve(process.argv[2] ?? path.join(__dirname, "..", "assets"));
  fs.mkdirSync(outDir, { recursive: true });
  for (const size of SIZES) {
    const file = path.join(outDir, `icon-${size}.png`);
    fs.writeFileSync(file, encodePng(size, iconPixels(size)));
    process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
  }
}

if (require.main === module) main();

module.exports = { SIZES, encodePng, crc32 };
