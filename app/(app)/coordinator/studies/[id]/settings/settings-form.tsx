'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState, useTransition } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { Alert } from '@/app/_components/ui/alert';
import { Button } from '@/app/_components/ui/button';
import { Input } from '@/app/_components/ui/input';
import { Label } from '@/app/_components/ui/label';
import { NativeSelect } from '@/app/_components/ui/native-select';
import { WASHOUT_REQUIRED, ZStudySettingsPatch, type StudySettingsPatch } from '@/lib/study/study-input';
import { FieldError, Help, Section, Textarea, describedBy, errorAt } from '../../new/form-bits';
import { updateStudySettingsAction } from './actions';

export type SettingsValues = {
  name: string;
  description: string;
  showCaseMetadata: boolean;
  dueAt: string;
  rereadDueDays: number | null;
  washoutDays: number;
  status: 'draft' | 'active' | 'closed';
};

const FIELD_KEYS = [
  'name',
  'description',
  'showCaseMetadata',
  'dueAt',
  'rereadDueDays',
  'washoutDays',
  'status',
];

const optionalNumber = (v: unknown) => (v === '' || v === null || v === undefined ? null : Number(v));

/** The settings a coordinator may change while the study runs. */
export function SettingsForm({
  studyId,
  readSessions,
  washoutFixed,
  initial,
}: {
  studyId: number;
  readSessions: number;
  washoutFixed: boolean;
  initial: SettingsValues;
}) {
  const [pending, startTransition] = useTransition();
  const [status, setStatus] = useState<{ ok: boolean; message: string } | null>(null);
  const schema = useMemo(
    () =>
      ZStudySettingsPatch.superRefine((v, ctx) => {
        if (readSessions === 2 && v.washoutDays !== undefined && v.washoutDays < 1)
          ctx.addIssue({ code: 'custom', path: ['washoutDays'], message: WASHOUT_REQUIRED });
      }),
    [readSessions],
  );
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<StudySettingsPatch, unknown, StudySettingsPatch>({
    resolver: zodResolver(schema),
    defaultValues: initial,
  });
  const err = (path: string) => errorAt(errors, path);
  const field = (path: string, id: string, ...help: (string | false | undefined)[]) =>
    describedBy(`${id}-error`, !!err(path), ...help);

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setStatus(null);
      const change = washoutFixed ? { ...values, washoutDays: undefined } : values;
      const result = await updateStudySettingsAction(null, { studyId, ...change });
      if (result.ok) {
        reset(values);
        setStatus({
          ok: true,
          message: result.data.changed.length ? 'Settings saved.' : 'No changes to save.',
        });
        return;
      }
      for (const [key, messages] of Object.entries(result.fieldErrors ?? {}))
        if (FIELD_KEYS.includes(key))
          setError(key as Path<StudySettingsPatch>, { type: 'server', message: messages.join(' ') });
      setStatus({ ok: false, message: result.message });
    }),
  );

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Study settings"
      className="flex max-w-3xl flex-col gap-6"
    >
      <Section legend="Study">
        <div className="flex flex-col gap-2">
          <Label htmlFor="settings-name">Name</Label>
          <Input
            id="settings-name"
            autoComplete="off"
            {...field('name', 'settings-name')}
            {...register('name')}
          />
          <FieldError id="settings-name-error" message={err('name')} />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="settings-description">Description</Label>
          <Textarea
            id="settings-description"
            rows={3}
            {...field('description', 'settings-description')}
            {...register('description')}
          />
          <FieldError id="settings-description-error" message={err('description')} />
        </div>
        <div className="flex flex-col gap-2 sm:max-w-xs">
          <Label htmlFor="settings-status">Status</Label>
          <NativeSelect
            id="settings-status"
            {...field('status', 'settings-status', 'settings-status-help')}
            {...register('status')}
          >
            {initial.status === 'draft' ? <option value="draft">Draft</option> : null}
            <option value="active">Active</option>
            <option value="closed">Closed</option>
          </NativeSelect>
          <Help id="settings-status-help">
            Closing a study stops the reading: its reads leave the readers&apos; worklists and no answer can
            change. Set it back to active to reopen it.
          </Help>
          <FieldError id="settings-status-error" message={err('status')} />
        </div>
      </Section>

      <Section legend="Blinding">
        <div className="flex items-start gap-3">
          <input
            id="settings-unblinded"
            type="checkbox"
            className="mt-0.5 size-4"
            aria-describedby="settings-unblinded-help"
            {...register('showCaseMetadata')}
          />
          <div className="flex flex-col gap-1">
            <Label htmlFor="settings-unblinded">Readers see case metadata (unblinded)</Label>
            <Help id="settings-unblinded-help">
              Blinded by default: readers never see patient identity; case metadata such as age or clinical
              notes only when this is on.
            </Help>
          </div>
        </div>
      </Section>

      <Section legend="Schedule">
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="flex flex-col gap-2">
            <Label htmlFor="settings-due">First-session due date</Label>
            <Input
              id="settings-due"
              type="date"
              {...field('dueAt', 'settings-due', 'settings-due-help')}
              {...register('dueAt')}
            />
            <Help id="settings-due-help">Optional; clear it for no due date.</Help>
            <FieldError id="settings-due-error" message={err('dueAt')} />
          </div>
          {readSessions === 2 ? (
            <div className="flex flex-col gap-2">
              <Label htmlFor="settings-reread-due">Re-read due after (days)</Label>
              <Input
                id="settings-reread-due"
                type="number"
                min={1}
                max={365}
                inputMode="numeric"
                {...field('rereadDueDays', 'settings-reread-due', 'settings-reread-due-help')}
                {...register('rereadDueDays', { setValueAs: optionalNumber })}
              />
              <Help id="settings-reread-due-help">
                Optional: how long readers have once their re-reads open.
              </Help>
              <FieldError id="settings-reread-due-error" message={err('rereadDueDays')} />
            </div>
          ) : null}
          {readSessions === 2 ? (
            <div className="flex flex-col gap-2">
              {washoutFixed ? (
                <>
                  <p className="text-sm font-medium">Wash-out (days)</p>
                  <p className="text-sm">{initial.washoutDays} days</p>
                  <Help>The wash-out is fixed once re-reads are scheduled.</Help>
                </>
              ) : (
                <>
                  <Label htmlFor="settings-washout">Wash-out (days)</Label>
                  <Input
                    id="settings-washout"
                    type="number"
                    min={1}
                    max={365}
                    inputMode="numeric"
                    {...field('washoutDays', 'settings-washout', 'settings-washout-help')}
                    {...register('washoutDays', { valueAsNumber: true })}
                  />
                  <Help id="settings-washout-help">
                    Can change until the first re-reads are scheduled; after that it is fixed.
                  </Help>
                  <FieldError id="settings-washout-error" message={err('washoutDays')} />
                </>
              )}
            </div>
          ) : null}
        </div>
      </Section>

      <div aria-live="polite" aria-atomic="true">
        {status ? <Alert variant={status.ok ? 'success' : 'destructive'}>{status.message}</Alert> : null}
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save settings'}
        </Button>
      </div>
    </form>
  );
}
