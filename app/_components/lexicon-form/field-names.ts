/** `findings[0].shape` → `findings.0.shape` (react-hook-form names). */
export const rhfName = (path: string) => path.replace(/\[(\d+)\]/g, '.$1');

/** The inverse: a react-hook-form name back to the field path answers and measurements use. */
export const fieldPathOf = (name: string) => name.replace(/\.(\d+)\./g, '[$1].');
