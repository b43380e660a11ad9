'use client';

import { Button } from '@/app/_components/ui/button';
import type { SizeProposal } from '@/app/_components/viewer/types';
import type { FormModel } from '@/lib/lexicon/form-model';

/**
 * The semi-automatic size proposal: longest diameter, perpendicular diameter and volume from
 * a rough region on the images. Each value is offered to a measurement field of the matching
 * kind; the reader accepts it (and can still edit the field) or dismisses it.
 */
export function SizeProposalPanel({
  model,
  proposal,
  onAccept,
  onClose,
}: {
  model: FormModel;
  proposal: SizeProposal;
  onAccept: (path: string, value: number) => void;
  onClose: () => void;
}) {
  const lengths = model.sections
    .filter((s) => !s.repeat)
    .flatMap((s) => s.features)
    .filter((f) => f.type === 'numeric' && f.measurement === 'length');
  const volumes = model.sections
    .filter((s) => !s.repeat)
    .flatMap((s) => s.features)
    .filter((f) => f.type === 'numeric' && f.measurement === 'volume' && f.unit === 'mL');
  type Row = {
    key: string;
    label: string;
    value: number;
    unit: string;
    target: (typeof lengths)[number] | undefined;
  };
  const rows: Row[] = [
    { key: 'longest', label: 'Longest diameter', value: proposal.longestMm, unit: 'mm', target: lengths[0] },
    {
      key: 'perpendicular',
      label: 'Perpendicular diameter',
      value: proposal.perpendicularMm,
      unit: 'mm',
      target: lengths[1],
    },
    { key: 'volume', label: 'Volume', value: proposal.volumeMm3 / 1000, unit: 'mL', target: volumes[0] },
  ];
  return (
    <section
      aria-label="Size proposal"
      className="rounded-lg border bg-muted/40 p-3 text-sm"
      data-testid="size-proposal"
    >
      <h2 className="font-semibold">Proposed size</h2>
      <p className="text-xs text-muted-foreground">
        From the region grown around your ellipse ({proposal.method}). Check it against the images before
        using it.
      </p>
      {proposal.clipped ? (
        <p role="alert" className="text-xs text-destructive">
          The region reached the edge of its search area: the lesion may be larger than the ellipse, or the
          region leaked into neighbouring tissue. Draw a closer ellipse or measure by hand.
        </p>
      ) : null}
      <ul className="mt-2 flex flex-col gap-2">
        {rows.map((r) => (
          <li key={r.label} className="flex items-center gap-2">
            <span className="w-44">{r.label}</span>
            <span className="w-24 tabular-nums" data-testid={`proposed-${r.key}`}>
              {r.value.toFixed(1)} {r.unit}
            </span>
            {r.target ? (
              <Button
                type="button"
                size="sm"
                variant="outline"
                onClick={() => onAccept(r.target!.id, r.value)}
              >
                Use for {r.target.id}
              </Button>
            ) : (
              <span className="text-xs text-muted-foreground">no matching field</span>
            )}
          </li>
        ))}
      </ul>
      <Button type="button" size="sm" variant="ghost" className="mt-2" onClick={onClose}>
        Dismiss
      </Button>
    </section>
  );
}
