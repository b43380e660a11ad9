/** A scalar volume in patient space: voxels stored slice by slice, row by row (z, y, x). */
export type Volume = {
  columns: number;
  rows: number;
  slices: number;
  /** Millimetres: [column spacing, row spacing, slice spacing]. */
  spacing: [number, number, number];
  data: Int16Array;
};

export function emptyVolume(
  columns: number,
  rows: number,
  slices: number,
  spacing: [number, number, number],
): Volume {
  return { columns, rows, slices, spacing, data: new Int16Array(columns * rows * slices) };
}

export const voxelIndex = (v: Pick<Volume, 'columns' | 'rows'>, x: number, y: number, z: number) =>
  (z * v.rows + y) * v.columns + x;
