'use client';

import Link from 'next/link';
import { useCallback, useMemo, useRef, useState } from 'react';
import { LexiconForm, type LexiconFormApi } from '@/app/_components/lexicon-form/lexicon-form';
import {
  MeasurementBridgeContext,
  type MeasurementBridge,
} from '@/app/_components/lexicon-form/measurement-bridge';
import { Alert } from '@/app/_components/ui/alert';
import { Badge } from '@/app/_components/ui/badge';
import { Viewer } from '@/app/_components/viewer/viewer';
import type {
  MeasureRequest,
  SavedMeasurement,
  SizeProposal,
  ViewerSeries,
} from '@/app/_components/viewer/types';
import type { HangingProtocol } from '@/lib/dicom/hanging-protocol';
import { featureMap, type Answers, type FormModel } from '@/lib/lexicon/form-model';
import { featureIdOf } from '@/lib/dicom/saved-measurement';
import type { TFeature } from '@/lib/lexicon/schema';
import { CaseInfo } from './case-info';
import { MissingList } from './missing-list';
import { SaveStatusBadge } from './save-status';
import { useSplit } from './use-split';
import { ReadingShortcuts } from './shortcuts';
import { useReadSaving } from './use-read-saving';
import { SizeProposalPanel } from './size-proposal';

type Props = {
  read: { id: number; status: string; version: number; session: number };
  studyName: string;
  caseLabel: string;
  model: FormModel | null;
  answers: Answers;
  measurements: SavedMeasurement[];
  series: ViewerSeries[];
  protocol: HangingProtocol;
  renderer: 'auto' | 'cpu';
  nextReadId: number | null;
  prefetch: ViewerSeries | null;
  /** Clinical information the study shows its readers; null when it shows none. */
  caseMetadata: Record<string, unknown> | null;
};

const TOOL_FOR: Record<string, MeasureRequest['tool']> = { length: 'Length', area: 'EllipticalROI' };
const round = (v: number, decimals: number) => Number(v.toFixed(decimals));

/**
 * The reading page's client side: the viewer and the form side by side. A Measure button arms
 * the viewer; the measured value fills the field (rounded to the feature's decimals) and its
 * geometry is saved with the answers. The form is the source of truth for what is saved.
 */
export function ReadingWorkspace(props: Props) {
  const { model } = props;
  const formApi = useRef<LexiconFormApi | null>(null);
  const [request, setRequest] = useState<MeasureRequest | null>(null);
  const [measured, setMeasured] = useState<Record<string, SavedMeasurement>>(() =>
    Object.fromEntries(props.measurements.map((m) => [m.featurePath, m])),
  );
  const [refused, setRefused] = useState<Record<string, string>>({});
  const [proposal, setProposal] = useState<SizeProposal | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const split = useSplit();
  const saving = useReadSaving({
    read: props.read,
    initialAnswers: props.answers,
    measured,
    initiallyMeasured: props.measurements.map((m) => m.featurePath),
    formApi,
    nextReadId: props.nextReadId,
  });
  const { status, notice } = saving;
  const features = useMemo(() => (model ? featureMap(model) : new Map<string, TFeature>()), [model]);
  const decimalsOf = useCallback(
    (path: string) => {
      const f = features.get(featureIdOf(path));
      return f?.type === 'numeric' ? f.decimals : 1;
    },
    [features],
  );

  const bridge: MeasurementBridge = useMemo(
    () => ({
      armed: request?.featurePath ?? null,
      arm: (path: string, feature: TFeature) => {
        if (feature.type !== 'numeric' || !feature.measurement) return;
        setRefused(({ [path]: _, ...rest }) => rest);
        setRequest({
          featurePath: path,
          label: feature.label,
          tool: TOOL_FOR[feature.measurement] ?? 'Length',
          unit: feature.unit,
        });
      },
      cancel: () => setRequest(null),
      measured: Object.fromEntries(
        Object.values(measured).map((m) => [
          m.featurePath,
          `Measured on the image: ${m.value.toFixed(2)} ${m.unit} (${m.tool})`,
        ]),
      ),
      refused,
    }),
    [request, measured, refused],
  );

  const onMeasured = useCallback(
    (m: SavedMeasurement) => {
      setMeasured((all) => ({ ...all, [m.featurePath]: m }));
      setRefused(({ [m.featurePath]: _, ...rest }) => rest);
      formApi.current?.setValue(m.featurePath, round(m.value, decimalsOf(m.featurePath)));
      setRequest(null);
    },
    [decimalsOf],
  );
  const onRemoved = useCallback((path: string) => {
    setMeasured(({ [path]: _, ...rest }) => rest);
    formApi.current?.setValue(path, null);
  }, []);

  if (!model)
    return <Alert variant="destructive">This study has no lexicon yet; ask the study coordinator.</Alert>;
  const locked = status === 'submitted';

  return (
    <div className="flex h-[calc(100vh-7rem)] min-h-[36rem]" data-testid="reading-workspace">
      <section aria-label="Images" className="min-w-0 flex-1">
        {props.series.length ? (
          <Viewer
            series={props.series}
            protocol={props.protocol}
            renderer={props.renderer}
            measurements={props.measurements}
            measureRequest={locked ? null : request}
            onMeasured={onMeasured}
            onMeasurementRemoved={onRemoved}
            onMeasureCancelled={() => setRequest(null)}
            onMeasureRefused={(path, message) => {
              setRefused((r) => ({ ...r, [path]: message }));
              setRequest(null);
            }}
            onSizeProposal={setProposal}
            prefetch={props.prefetch}
          />
        ) : (
          <Alert>No images have been imported for this case yet.</Alert>
        )}
      </section>
      <div
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize the images and the form"
        aria-valuenow={split.form}
        aria-valuemin={split.separator.min}
        aria-valuemax={split.separator.max}
        tabIndex={0}
        onPointerDown={split.separator.onPointerDown}
        onKeyDown={split.separator.onKeyDown}
        className="mx-1 w-2 shrink-0 cursor-col-resize rounded bg-border/60 hover:bg-primary/40 focus-visible:bg-primary/60 focus-visible:outline-none"
      />
      <section
        aria-label="Form"
        className="flex shrink-0 flex-col gap-3 overflow-y-auto pr-2"
        style={{ width: `${split.form}%` }}
      >
        <header className="flex flex-wrap items-center gap-2">
          <h1 className="text-lg font-semibold">{props.caseLabel}</h1>
          <Badge variant="outline">{props.studyName}</Badge>
          {props.read.session > 1 ? <Badge variant="outline">Read {props.read.session}</Badge> : null}
          <Badge data-testid="read-status">{status.replace('_', ' ')}</Badge>
          <span className="ml-auto">
            <ReadingShortcuts
              formSelector="[data-testid=reading-workspace] form[aria-label]"
              nextReadId={props.nextReadId}
            />
          </span>
        </header>
        {status === 'submitted' ? null : (
          <SaveStatusBadge status={saving.saveStatus} message={saving.saveMessage} />
        )}
        {notice ? (
          <Alert variant={notice.ok ? 'success' : 'destructive'} role="status">
            {notice.text}
            {locked && props.nextReadId ? (
              <>
                {' '}
                <Link className="underline" href={`/reader/reads/${props.nextReadId}`}>
                  Next case
                </Link>
              </>
            ) : null}
          </Alert>
        ) : null}
        <CaseInfo metadata={props.caseMetadata} />
        <MissingList model={model} paths={missing} onFocus={(p) => formApi.current?.focus(p)} />
        {proposal ? (
          <SizeProposalPanel
            model={model}
            proposal={proposal}
            onAccept={(path, value) => formApi.current?.setValue(path, round(value, decimalsOf(path)))}
            onClose={() => setProposal(null)}
          />
        ) : null}
        <MeasurementBridgeContext.Provider value={locked ? null : bridge}>
          <fieldset disabled={locked} className="min-w-0">
            <LexiconForm
              model={model}
              defaultValues={props.answers}
              apiRef={formApi}
              onSave={async (answers, mode) => {
                setMissing([]);
                return saving.onSave(answers, mode);
              }}
              onChange={saving.onChange}
              onInvalid={setMissing}
            />
          </fieldset>
        </MeasurementBridgeContext.Provider>
      </section>
    </div>
  );
}
