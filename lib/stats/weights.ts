import { z } from 'zod';

/**
 * Agreement weight matrices on category ranks 1..k in the declared order (unused categories
 * included). w[i][j] = 1 for full agreement, 0 for the largest disagreement.
 */
export type WeightMatrix = number[][];

export type WeightScheme = 'identity' | 'linear' | 'quadratic' | 'ordinal';

export const WEIGHT_SCHEMES: readonly WeightScheme[] = ['identity', 'linear', 'quadratic', 'ordinal'];

const square = (k: number, f: (i: number, j: number) => number): WeightMatrix => {
  if (!Number.isInteger(k) || k < 1)
    throw new Error(`the number of categories must be a positive integer, got ${k}`);
  return Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => f(i, j)));
};

/** Unweighted: 1 on the diagonal, 0 elsewhere. */
export const identityWeights = (k: number): WeightMatrix => square(k, (i, j) => (i === j ? 1 : 0));

/** Linear (Cicchetti–Allison): w_ij = 1 − |i−j|/(k−1). With k = 1 the only weight is 1. */
export const linearWeights = (k: number): WeightMatrix =>
  square(k, (i, j) => (k === 1 ? 1 : 1 - Math.abs(i - j) / (k - 1)));

/** Quadratic (Fleiss–Cohen): w_ij = 1 − (i−j)²/(k−1)². With k = 1 the only weight is 1. */
export const quadraticWeights = (k: number): WeightMatrix =>
  square(k, (i, j) => (k === 1 ? 1 : 1 - (i - j) ** 2 / (k - 1) ** 2));

/**
 * Gwet's ordinal weights (irrCAC `ordinal.weights`): with n_ij = |i−j| + 1,
 * v_ij = n_ij(n_ij − 1)/2 and w_ij = 1 − v_ij/max v. With k = 1 the only weight is 1.
 */
export function ordinalWeights(k: number): WeightMatrix {
  const v = square(k, (i, j) => {
    const nij = Math.abs(i - j) + 1;
    return (nij * (nij - 1)) / 2;
  });
  const max = (k * (k - 1)) / 2;
  return v.map((row) => row.map((x) => (max === 0 ? 1 : 1 - x / max)));
}

export function weightMatrix(scheme: WeightScheme, k: number): WeightMatrix {
  switch (scheme) {
    case 'identity':
      return identityWeights(k);
    case 'linear':
      return linearWeights(k);
    case 'quadratic':
      return quadraticWeights(k);
    case 'ordinal':
      return ordinalWeights(k);
  }
}

const disagreementMatrixSchema = z
  .array(z.array(z.number().nonnegative()))
  .min(1)
  .refine((m) => m.every((row) => row.length === m.length), 'the matrix must be square')
  .refine(
    (m) => m.some((row) => row.some((x) => x > 0)),
    'at least one disagreement weight must be positive',
  );

/**
 * Parses disagreement weights written 'a,b,c;d,e,f;…' (rows separated by ';', cells by ','),
 * e.g. Cohen (1968): '0,1,3;1,0,6;3,6,0'. Throws on a malformed, non-square or all-zero matrix.
 */
export function parseDisagreementMatrix(spec: string): number[][] {
  const rows = spec
    .trim()
    .split(';')
    .map((row) => row.split(',').map((cell) => (cell.trim() === '' ? Number.NaN : Number(cell.trim()))));
  const parsed = disagreementMatrixSchema.safeParse(rows);
  if (!parsed.success) {
    throw new Error(
      `invalid disagreement weights "${spec}": ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
  return parsed.data;
}

/** Disagreement weights v_ij → agreement weights w_ij = 1 − v_ij/max(v). */
export function agreementFromDisagreement(v: number[][]): WeightMatrix {
  const checked = disagreementMatrixSchema.parse(v);
  const max = Math.max(...checked.flat());
  return checked.map((row) => row.map((x) => 1 - x / max));
}

/**
 * Agreement weights from a disagreement-matrix string for k declared categories
 * (throws when the matrix is not k×k).
 */
export function customWeights(spec: string, k: number): WeightMatrix {
  const v = parseDisagreementMatrix(spec);
  if (v.length !== k) {
    throw new Error(`the weight matrix is ${v.length}×${v.length} but there are ${k} declared categories`);
  }
  return agreementFromDisagreement(v);
}

/** True when the matrix is the identity (an unweighted statistic). */
export const isIdentity = (w: WeightMatrix): boolean =>
  w.every((row, i) => row.every((x, j) => x === (i === j ? 1 : 0)));

/** Throws unless w is a k×k matrix of finite numbers. */
export function assertWeights(w: WeightMatrix, k: number): void {
  if (w.length !== k || w.some((row) => row.length !== k || row.some((x) => !Number.isFinite(x)))) {
    throw new Error(`weights must be a ${k}×${k} matrix of finite numbers`);
  }
}
