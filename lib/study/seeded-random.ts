import { mulberry32 } from '@/lib/stats/bootstrap';

/** A deterministic PRNG: the same seed gives the same sequence, on every machine (the bootstrap's mulberry32). */
export const seededRandom = mulberry32;

/** A normal deviate (Box–Muller) from a uniform source. */
export function normal(random: () => number, mean = 0, sd = 1): number {
  const u = Math.max(random(), Number.EPSILON);
  const v = random();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
