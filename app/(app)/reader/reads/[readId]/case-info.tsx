/** Clinical information the study chose to show its readers (never patient identity). */
export function CaseInfo({ metadata }: { metadata: Record<string, unknown> | null }) {
  const entries = Object.entries(metadata ?? {}).filter(([, v]) => v !== null && typeof v !== 'object');
  if (!entries.length) return null;
  return (
    <section aria-label="Clinical information" className="rounded-md border p-2 text-sm">
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
        {entries.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-muted-foreground">{k.replaceAll('_', ' ')}</dt>
            <dd>{String(v)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
