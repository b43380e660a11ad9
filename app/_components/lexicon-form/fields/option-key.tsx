/** The number key that picks an option (1–9). */
export function OptionKey({ index }: { index: number }) {
  if (index > 8) return <span className="w-4" />;
  return (
    <kbd
      aria-hidden
      className="w-4 rounded border bg-muted text-center font-mono text-[10px] leading-4 text-muted-foreground"
    >
      {index + 1}
    </kbd>
  );
}

/** 0-based option index for a digit key 1–9 pressed without modifiers, else null. */
export function digitKey(e: React.KeyboardEvent): number | null {
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  if (!/^[1-9]$/.test(e.key)) return null;
  const target = e.target as HTMLElement;
  if (target.tagName === 'INPUT' && !['radio', 'checkbox'].includes((target as HTMLInputElement).type))
    return null;
  return Number(e.key) - 1;
}
