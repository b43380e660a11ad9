'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState, useTransition } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { Alert } from '@/app/_components/ui/alert';
import { Button } from '@/app/_components/ui/button';
import { Label } from '@/app/_components/ui/label';
import { NativeSelect } from '@/app/_components/ui/native-select';
import { WASHOUT_REQUIRED, ZStudySettingsPatch, type StudySettingsPatch } from '@/lib/study/study-input';
import { FieldError, Help, Section, describedBy, errorAt } from '../../new/form-bits';
import {
  BlindingSection,
  DescriptionField,
  DueDateField,
  NameField,
  RereadDueField,
  WashoutField,
} from '../../new/study-fields';
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
        <NameField idPrefix="settings" error={err('name')} registration={register('name')} />
        <DescriptionField
          idPrefix="settings"
          error={err('description')}
          registration={register('description')}
        />
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

      <BlindingSection idPrefix="settings" registration={register('showCaseMetadata')} />

      <Section legend="Schedule">
        <div className="grid gap-4 sm:grid-cols-2">
          <DueDateField
            idPrefix="settings"
            help="Optional; clear it for no due date."
            error={err('dueAt')}
            registration={register('dueAt')}
          />
          {readSessions === 2 ? (
            <RereadDueField
              idPrefix="settings"
              error={err('rereadDueDays')}
              registration={register('rereadDueDays', { setValueAs: optionalNumber })}
            />
          ) : null}
          {readSessions === 2 ? (
            washoutFixed ? (
              <div className="flex flex-col gap-2">
                <p className="text-sm font-medium">Wash-out (days)</p>
                <p className="text-sm">{initial.washoutDays} days</p>
                <Help>The wash-out is fixed once re-reads are scheduled.</Help>
              </div>
            ) : (
              <WashoutField
                idPrefix="settings"
                help="Can change until the first re-reads are scheduled; after that it is fixed."
                error={err('washoutDays')}
                registration={register('washoutDays', { valueAsNumber: true })}
              />
            )
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
