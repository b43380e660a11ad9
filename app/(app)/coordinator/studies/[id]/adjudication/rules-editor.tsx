'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Fragment, useState, useTransition } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { Alert } from '@/app/_components/ui/alert';
import { Button } from '@/app/_components/ui/button';
import { Input } from '@/app/_components/ui/input';
import { NativeSelect } from '@/app/_components/ui/native-select';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/app/_components/ui/table';
import type { AdjudicableFeature, RuleKind } from '@/lib/study/adjudication';
import type { AdjudicationRule } from '@/lib/study/adjudication-config';
import { saveAdjudicationRulesAction } from './actions';

const ZRow = z
  .object({
    featureId: z.string(),
    enabled: z.boolean(),
    kind: z.enum(['any', 'steps', 'units']),
    threshold: z.string(),
  })
  .superRefine((row, ctx) => {
    if (!row.enabled || row.kind === 'any') return;
    const text = row.threshold.trim();
    const n = Number(text);
    if (text === '' || !Number.isFinite(n) || n < 0)
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'Enter a number of 0 or more' });
    else if (row.kind === 'steps' && !Number.isInteger(n))
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'Enter a whole number of steps' });
  });
const ZRulesForm = z.object({ rows: z.array(ZRow) });
type TRulesForm = z.infer<typeof ZRulesForm>;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function kindLabel(kind: RuleKind, unit: string | undefined): string {
  if (kind === 'any') return 'Any disagreement';
  if (kind === 'steps') return 'Differs by more than N steps';
  return `Differs by more than X ${unit ?? 'units'}`;
}

function rowsFor(features: AdjudicableFeature[], rules: AdjudicationRule[]): TRulesForm['rows'] {
  return features.map((f) => {
    const rule = rules.find((r) => r.featureId === f.featureId);
    const kind = rule && f.ruleKinds.includes(rule.kind) ? rule.kind : (f.ruleKinds[0] ?? 'any');
    return {
      featureId: f.featureId,
      enabled: !!rule,
      kind,
      threshold: rule && rule.kind !== 'any' ? String(rule.threshold) : '',
    };
  });
}

function toConfig(rows: TRulesForm['rows']): { rules: AdjudicationRule[] } {
  return {
    rules: rows
      .filter((r) => r.enabled)
      .map((r): AdjudicationRule =>
        r.kind === 'any'
          ? { featureId: r.featureId, kind: 'any' }
          : { featureId: r.featureId, kind: r.kind, threshold: Number(r.threshold.trim()) },
      ),
  };
}

/**
 * Which features of the study's lexicon trigger adjudication, and how. Saving re-evaluates every
 * case whose first-session reads are all in.
 */
export function RulesEditor({
  studyId,
  features,
  rules,
}: {
  studyId: number;
  features: AdjudicableFeature[];
  rules: AdjudicationRule[];
}) {
  const [pending, startTransition] = useTransition();
  const [status, setStatus] = useState<{ ok: boolean; message: string; details?: string[] } | null>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, string[]>>({});
  const {
    register,
    handleSubmit,
    control,
    reset,
    formState: { errors, isDirty },
  } = useForm<TRulesForm>({
    resolver: zodResolver(ZRulesForm),
    defaultValues: { rows: rowsFor(features, rules) },
  });
  const rows = useWatch({ control, name: 'rows' });
  const known = new Set(features.map((f) => f.featureId));
  const stale = rules.filter((r) => !known.has(r.featureId));

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setStatus(null);
      setServerErrors({});
      const config = toConfig(values.rows);
      const result = await saveAdjudicationRulesAction({ studyId, config });
      if (result.ok) {
        const { created, updated, withdrawn } = result.data;
        reset(values);
        setStatus({
          ok: true,
          message: `Rules saved: ${plural(created, 'task')} created, ${updated} updated, ${withdrawn} withdrawn.`,
        });
        return;
      }
      const perFeature: Record<string, string[]> = {};
      for (const [key, messages] of Object.entries(result.fieldErrors ?? {})) {
        const m = /^rules\.(\d+)(?:\.|$)/.exec(key);
        const featureId = m
          ? config.rules[Number(m[1])]?.featureId
          : key.startsWith('rules.')
            ? key.slice(6)
            : null;
        if (featureId) (perFeature[featureId] ??= []).push(...messages);
      }
      setServerErrors(perFeature);
      setStatus({ ok: false, message: result.message, details: result.fieldErrors?.rules });
    }),
  );

  const sections = [...new Set(features.map((f) => f.section))];
  const selected = (rows ?? []).filter((r) => r.enabled).length;

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Adjudication rules" className="flex flex-col gap-4">
      {stale.length ? (
        <Alert>
          The saved rules also name {stale.map((r) => r.featureId).join(', ')}, which this lexicon version
          does not have; saving drops them.
        </Alert>
      ) : null}
      <Table aria-label="Adjudicable features">
        <TableHeader>
          <TableRow>
            <TableHead scope="col">Feature</TableHead>
            <TableHead scope="col">Adjudicate</TableHead>
            <TableHead scope="col">Rule</TableHead>
            <TableHead scope="col">Threshold</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {sections.map((section) => (
            <Fragment key={section}>
              <TableRow className="bg-muted/40 hover:bg-muted/40">
                <TableHead scope="colgroup" colSpan={4} className="h-8 text-xs uppercase tracking-wide">
                  {section}
                </TableHead>
              </TableRow>
              {features.map((f, i) => {
                if (f.section !== section) return null;
                const row = rows?.[i];
                const enabled = !!row?.enabled;
                const needsThreshold = enabled && row?.kind !== 'any';
                const base = `rule-${f.featureId}`;
                const thresholdError = errors.rows?.[i]?.threshold?.message;
                const featureErrors = [
                  ...(thresholdError ? [thresholdError] : []),
                  ...(serverErrors[f.featureId] ?? []),
                ];
                const errorId = featureErrors.length ? `${base}-error` : undefined;
                return (
                  <TableRow key={f.featureId}>
                    <TableCell>
                      <span id={`${base}-name`} className="font-medium">
                        {f.label}
                      </span>{' '}
                      <span className="text-xs text-muted-foreground">{f.featureId}</span>
                      {featureErrors.length ? (
                        <ul id={errorId} className="mt-1 text-xs text-destructive">
                          {featureErrors.map((e) => (
                            <li key={e}>{e}</li>
                          ))}
                        </ul>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      <input type="hidden" {...register(`rows.${i}.featureId`)} />
                      <input
                        id={`${base}-enabled`}
                        type="checkbox"
                        className="size-4 accent-primary"
                        aria-describedby={errorId}
                        {...register(`rows.${i}.enabled`)}
                      />
                      <label htmlFor={`${base}-enabled`} className="sr-only">
                        Adjudicate {f.label}
                      </label>
                    </TableCell>
                    <TableCell>
                      <label htmlFor={`${base}-kind`} className="sr-only">
                        Rule for {f.label}
                      </label>
                      <NativeSelect
                        id={`${base}-kind`}
                        className="w-72"
                        disabled={!enabled || f.ruleKinds.length < 2}
                        aria-describedby={errorId}
                        {...register(`rows.${i}.kind`)}
                      >
                        {f.ruleKinds.map((k) => (
                          <option key={k} value={k}>
                            {kindLabel(k, f.unit)}
                          </option>
                        ))}
                      </NativeSelect>
                    </TableCell>
                    <TableCell>
                      {needsThreshold ? (
                        <div className="flex items-center gap-2">
                          <label htmlFor={`${base}-threshold`} className="sr-only">
                            Threshold for {f.label} ({row?.kind === 'steps' ? 'steps' : (f.unit ?? 'units')})
                          </label>
                          <Input
                            id={`${base}-threshold`}
                            type="number"
                            inputMode="decimal"
                            min={0}
                            step={row?.kind === 'steps' ? 1 : 'any'}
                            className="w-24"
                            aria-invalid={thresholdError || serverErrors[f.featureId] ? true : undefined}
                            aria-describedby={errorId}
                            {...register(`rows.${i}.threshold`)}
                          />
                          <span className="text-xs text-muted-foreground" aria-hidden>
                            {row?.kind === 'steps' ? 'steps' : f.unit}
                          </span>
                        </div>
                      ) : (
                        <span className="text-xs text-muted-foreground">—</span>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </Fragment>
          ))}
        </TableBody>
      </Table>
      {status ? (
        <Alert variant={status.ok ? 'success' : 'destructive'}>
          {status.message}
          {status.details?.length ? (
            <ul className="mt-1 list-disc pl-5">
              {status.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save rules'}
        </Button>
        <span className="text-sm text-muted-foreground">
          {plural(selected, 'feature')} adjudicated{isDirty ? ' (unsaved changes)' : ''}
        </span>
      </div>
    </form>
  );
}
