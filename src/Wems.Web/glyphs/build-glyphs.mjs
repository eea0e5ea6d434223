// Builds the MapLibre glyph PBFs (signed distance fields) the map's labels need, from Noto Sans (SIL Open Font
// License 1.1, npm @fontsource/noto-sans), so that the map shows country and city names without internet.
// Usage: node glyphs/build-glyphs.mjs OUT_DIR   -> OUT_DIR/Noto Sans Regular/{0-255,256-511}.pbf
//
// The SDF is computed here from the glyph outlines (opentype.js parses the WOFF): for each pixel of a 24 px glyph,
// plus a 3 px buffer, the distance to the nearest outline segment, negative inside (non-zero winding). Encoded as
// MapLibre's local TinySDF glyphs are: value = 255 - 255 * (distance / 8 + 0.25), so the edge is at 191 (0.75),
// which is where MapLibre's SDF shader draws it; metrics as MapLibre's TinySDF path sets them (top = ascent - 27).
// The PBF is the glyphs.proto of the Mapbox/MapLibre glyph format, written by hand below.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import opentype from 'opentype.js';

const { parse } = opentype;

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(here, '..', 'obj', 'glyphs');
const FONT_STACK = 'Noto Sans Regular';
const SIZE = 24, BUFFER = 3, RADIUS = 8, CUTOFF = 0.25;

const files = join(here, '..', 'node_modules', '@fontsource', 'noto-sans', 'files');
const load = (name) => { const b = readFileSync(join(files, name)); return parse(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); };
const fonts = [load('noto-sans-latin-400-normal.woff'), load('noto-sans-latin-ext-400-normal.woff')];

// Outline of a glyph as line segments (curves flattened), in pixels, y downwards, baseline at y = 0.
function segments(path) {
  const segs = [];
  let x0 = 0, y0 = 0, sx = 0, sy = 0;
  const line = (x, y) => { segs.push([x0, y0, x, y]); x0 = x; y0 = y; };
  for (const c of path.commands) {
    if (c.type === 'M') { x0 = sx = c.x; y0 = sy = c.y; }
    else if (c.type === 'L') line(c.x, c.y);
    else if (c.type === 'Q') {
      const [ax, ay] = [x0, y0];
      for (let t = 1; t <= 8; t++) { const u = t / 8, v = 1 - u; line(v * v * ax + 2 * v * u * c.x1 + u * u * c.x, v * v * ay + 2 * v * u * c.y1 + u * u * c.y); }
    } else if (c.type === 'C') {
      const [ax, ay] = [x0, y0];
      for (let t = 1; t <= 10; t++) {
        const u = t / 10, v = 1 - u;
        line(v * v * v * ax + 3 * v * v * u * c.x1 + 3 * v * u * u * c.x2 + u * u * u * c.x,
             v * v * v * ay + 3 * v * v * u * c.y1 + 3 * v * u * u * c.y2 + u * u * u * c.y);
      }
    } else if (c.type === 'Z') { if (x0 !== sx || y0 !== sy) line(sx, sy); }
  }
  return segs;
}

function signedDistance(px, py, segs) {
  let best = Infinity, winding = 0;
  for (const [ax, ay, bx, by] of segs) {
    const dx = bx - ax, dy = by - ay, len = dx * dx + dy * dy;
    const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
    const ex = ax + t * dx - px, ey = ay + t * dy - py, d = ex * ex + ey * ey;
    if (d < best) best = d;
    if (ay <= py) { if (by > py && (dx * (py - ay) - (px - ax) * dy) > 0) winding++; }
    else if (by <= py && (dx * (py - ay) - (px - ax) * dy) < 0) winding--;
  }
  const d = Math.sqrt(best);
  return winding !== 0 ? -d : d;
}

function glyphFor(code) {
  const char = String.fromCodePoint(code);
  const font = fonts.find((f) => f.charToGlyph(char).index !== 0);
  if (!font) return null;
  const glyph = font.charToGlyph(char);
  const scale = SIZE / font.unitsPerEm;
  const advance = Math.round(glyph.advanceWidth * scale);
  const path = glyph.getPath(0, 0, SIZE);
  const box = path.getBoundingBox();
  if (!(box.x2 > box.x1 && box.y2 > box.y1)) {
    return { id: code, width: 0, height: 0, left: 0, top: -27, advance, bitmap: new Uint8Array(0) };
  }
  const left = Math.floor(box.x1), top = Math.ceil(-box.y1);
  const width = Math.ceil(box.x2) - left, height = top + Math.ceil(box.y2);
  const w = width + 2 * BUFFER, h = height + 2 * BUFFER;
  const segs = segments(path);
  const bitmap = new Uint8Array(w * h);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const d = signedDistance(left - BUFFER + i + 0.5, -top - BUFFER + j + 0.5, segs);
      bitmap[j * w + i] = Math.max(0, Math.min(255, Math.round(255 - 255 * (d / RADIUS + CUTOFF))));
    }
  }
  return { id: code, width, height, left, top: top - 27, advance, bitmap };
}

// Minimal protobuf writer for glyphs.proto.
class Writer {
  constructor() { this.bytes = []; }
  varint(v) { v = BigInt.asUintN(64, BigInt(v)); do { let b = Number(v & 0x7fn); v >>= 7n; if (v) b |= 0x80; this.bytes.push(b); } while (v); }
  tag(field, type) { this.varint((field << 3) | type); }
  uint(field, v) { this.tag(field, 0); this.varint(v); }
  sint(field, v) { this.tag(field, 0); this.varint(v >= 0 ? 2 * v : -2 * v - 1); }
  bytesField(field, data) { this.tag(field, 2); this.varint(data.length); for (const b of data) this.bytes.push(b); }
  string(field, s) { this.bytesField(field, new TextEncoder().encode(s)); }
  message(field, writer) { this.bytesField(field, writer.bytes); }
}

function rangePbf(start) {
  const end = start + 255;
  const stack = new Writer();
  stack.string(1, FONT_STACK);
  stack.string(2, `${start}-${end}`);
  for (let code = start; code <= end; code++) {
    const g = glyphFor(code);
    if (!g) continue;
    const w = new Writer();
    w.uint(1, g.id);
    if (g.bitmap.length) w.bytesField(2, g.bitmap);
    w.uint(3, g.width); w.uint(4, g.height); w.sint(5, g.left); w.sint(6, g.top); w.uint(7, g.advance);
    stack.message(3, w);
  }
  const root = new Writer();
  root.message(1, stack);
  return Uint8Array.from(root.bytes);
}

const folder = join(out, FONT_STACK);
mkdirSync(folder, { recursive: true });
for (const start of [0, 256]) {
  writeFileSync(join(folder, `${start}-${start + 255}.pbf`), rangePbf(start));
}
console.log(`glyphs: ${folder}`);
