/**
 * Every statistic returns a number or, when it is undefined for the data (0/0, n < 2,
 * no variation, …), null with the reason. Never NaN, never a silent 0 or 1.
 */
export type Undefined = { value: null; reason: string };

export const undefinedStat = (reason: string): Undefined => ({ value: null, reason });

/** A finite number, or null: for optional parts (SE, CI, p) that can fail on their own. */
export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** 1.959964…: the 97.5% normal quantile used for every normal-theory 95% CI. */
export const Z975 = 1.959963984540054;

/** A CI as a pair of numbers, or null when either bound could not be computed. */
export function ciOrNull(ci: readonly (number | null)[] | null | undefined): [number, number] | null {
  const [lo, hi] = ci ?? [];
  return typeof lo === 'number' && typeof hi === 'number' && Number.isFinite(lo) && Number.isFinite(hi)
    ? [lo, hi]
    : null;
}
