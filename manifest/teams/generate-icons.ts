/**
 * Draws the two Teams icons from geometry, so they can be regenerated rather than hand-edited:
 * `npx tsx manifest/teams/generate-icons.ts` rewrites color.png (192x192) and outline.png (32x32) beside it.
 *
 * The mark is a triad: three linked circles (client, sponsor, coach) on a triangle.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

type Rgb = readonly [number, number, number];

const ACCENT: Rgb = [0x2f, 0x4f, 0x6f];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const SUPERSAMPLE = 4;

interface Mark {
  /** Centre of each circle, in units of the icon's size (0..1). */
  nodes: Array<readonly [number, number]>;
  radius: number;
  /** Circles drawn as rings (outline icon) or discs (colour icon). */
  ring?: number;
  line: number;
}

const TRIAD: Array<readonly [number, number]> = [
  [0.5, 0.27],
  [0.27, 0.69],
  [0.73, 0.69],
];

/** Fraction of a pixel covered by the mark, sampled on a SUPERSAMPLE² grid. */
function coverage(px: number, py: number, size: number, mark: Mark): number {
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLE; sy += 1) {
    for (let sx = 0; sx < SUPERSAMPLE; sx += 1) {
      const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
      const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
      if (inside(x, y, mark)) hits += 1;
    }
  }
  return hits / (SUPERSAMPLE * SUPERSAMPLE);
}

function inside(x: number, y: number, mark: Mark): boolean {
  for (const [cx, cy] of mark.nodes) {
    const distance = Math.hypot(x - cx, y - cy);
    if (
      mark.ring === undefined ? distance <= mark.radius : Math.abs(distance - mark.radius) <= mark.ring / 2
    ) {
      return true;
    }
    if (mark.ring !== undefined && distance < mark.radius) return false;
  }
  for (let i = 0; i < mark.nodes.length; i += 1) {
    const a = mark.nodes[i] as readonly [number, number];
    const b = mark.nodes[(i + 1) % mark.nodes.length] as readonly [number, number];
    if (distanceToSegment(x, y, a, b) <= mark.line / 2) return true;
  }
  return false;
}

function distanceToSegment(
  x: number,
  y: number,
  a: readonly [number, number],
  b: readonly [number, number],
): number {
  const [ax, ay] = a;
  const [bx, by] = b;
  const t = Math.max(
    0,
    Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
  );
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
}

function draw(size: number, mark: Mark, background: Rgb | undefined): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const alpha = coverage(x, y, size, mark);
      const offset = (y * size + x) * 4;
      const [r, g, b] = background ? blend(background, WHITE, alpha) : WHITE;
      png.data[offset] = r;
      png.data[offset + 1] = g;
      png.data[offset + 2] = b;
      png.data[offset + 3] = background ? 255 : Math.round(alpha * 255);
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

function blend(from: Rgb, to: Rgb, amount: number): Rgb {
  return [0, 1, 2].map((i) =>
    Math.round((from[i] as number) * (1 - amount) + (to[i] as number) * amount),
  ) as unknown as Rgb;
}

/** Full-colour icon: white discs and links on the accent colour, full bleed. */
export function drawColorIcon(): Buffer {
  return draw(192, { nodes: TRIAD, radius: 0.1, line: 0.045 }, ACCENT);
}

/** Outline icon: white rings and links on transparency, as Teams requires. */
export function drawOutlineIcon(): Buffer {
  return draw(32, { nodes: TRIAD, radius: 0.105, ring: 0.075, line: 0.07 }, undefined);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL('./color.png', import.meta.url), drawColorIcon());
  writeFileSync(new URL('./outline.png', import.meta.url), drawOutlineIcon());
}
