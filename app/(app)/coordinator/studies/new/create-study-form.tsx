'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import { Controller, useForm, useWatch, type Control, type Path } from 'react-hook-form';
import { Alert } from '@/app/_components/ui/alert';
import { Button } from '@/app/_components/ui/button';
import { Input } from '@/app/_components/ui/input';
import { Label } from '@/app/_components/ui/label';
import { NativeSelect } from '@/app/_components/ui/native-select';
import type { GlobalRole } from '@/lib/auth/roles';
import type { PhiPolicy } from '@/lib/dicom/phi/policy';
import {
  MAX_SEED,
  ZStudyInput,
  lexiconChoiceLabel,
  randomSeed,
  slugify,
  type StudyFormValues,
  type StudyInput,
} from '@/lib/study/study-input';
import { adoptShippedLexiconAction, createStudyAction } from './actions';
import { FieldError, Help, Section, describedBy, errorAt, focusField, listErrors } from './form-bits';
import {
  BlindingSection,
  DescriptionField,
  DueDateField,
  InputField,
  NameField,
  RereadDueField,
  WashoutField,
} from './study-fields';

export type LexiconOption = {
  /** null until the shipped file is adopted. */
  id: number | null;
  key: string;
  version: string;
  title: string;
  sha256: string;
  adopted: boolean;
};

type User = { id: string; name: string; email: string; role: GlobalRole };

type PeopleField = 'readers' | 'adjudicators' | 'analysts' | 'coordinators';

const PEOPLE: { field: PeopleField; legend: string; accountRole: GlobalRole; help: string }[] = [
  {
    field: 'readers',
    legend: 'Readers',
    accountRole: 'reader',
    help: 'Radiologists who score the cases. At least one.',
  },
  {
    field: 'adjudicators',
    legend: 'Adjudicators',
    accountRole: 'adjudicator',
    help: 'Settle disagreements between readers.',
  },
  {
    field: 'analysts',
    legend: 'Analysts',
    accountRole: 'analyst',
    help: 'See agreement statistics and run exports.',
  },
  {
    field: 'coordinators',
    legend: 'Co-coordinators',
    accountRole: 'coordinator',
    help: 'Manage the study with you. You are a coordinator of the study in any case.',
  },
];

const DESIGNS = [
  {
    kind: 'fully_crossed',
    label: 'Fully crossed',
    help: 'Every reader reads every case: the strongest design for agreement, and the most reading.',
  },
  {
    kind: 'k_per_case',
    label: 'k readers per case',
    help: 'Each case is read by k readers, balanced so every reader gets a similar load and reader pairs overlap.',
  },
  {
    kind: 'anchor',
    label: 'Anchor set',
    help: 'Every reader reads a common set of anchor cases; the rest are split k readers per case.',
  },
] as const;

const PHI: { value: PhiPolicy; label: string; help: string }[] = [
  {
    value: 'refuse',
    label: 'Refuse',
    help: 'Files carrying patient identity are refused and reported; nothing identifying is stored.',
  },
  {
    value: 'strip',
    label: 'Strip',
    help: 'Files are de-identified on import (DICOM basic profile) with pseudonymous case keys.',
  },
  {
    value: 'allow',
    label: 'Allow',
    help: 'Files are stored as they are, for data that is already de-identified (such as TCIA collections).',
  },
];

/** Where each field lives on the page, for the error summary. */
const FIELD_TARGETS: Record<string, { id: string; label: string }> = {
  name: { id: 'study-name', label: 'Name' },
  slug: { id: 'study-slug', label: 'Short name' },
  description: { id: 'study-description', label: 'Description' },
  lexiconVersionId: { id: 'study-lexicon', label: 'Lexicon' },
  readers: { id: 'people-readers', label: 'Readers' },
  adjudicators: { id: 'people-adjudicators', label: 'Adjudicators' },
  analysts: { id: 'people-analysts', label: 'Analysts' },
  coordinators: { id: 'people-coordinators', label: 'Co-coordinators' },
  showCaseMetadata: { id: 'study-unblinded', label: 'Blinding' },
  readSessions: { id: 'sessions-1', label: 'Reading sessions' },
  washoutDays: { id: 'study-washout', label: 'Wash-out (days)' },
  rereadDueDays: { id: 'study-reread-due', label: 'Re-read due after (days)' },
  dueAt: { id: 'study-due', label: 'First-session due date' },
  seed: { id: 'study-seed', label: 'Seed' },
  design: { id: 'design-fully_crossed', label: 'Assignment design' },
  'design.kind': { id: 'design-fully_crossed', label: 'Assignment design' },
  'design.k': { id: 'design-k', label: 'Readers per case (k)' },
  'design.anchorCount': { id: 'design-anchor-count', label: 'Anchor cases' },
  phiPolicy: { id: 'phi-refuse', label: 'Images' },
};

const optionalNumber = (v: unknown) => (v === '' || v === null || v === undefined ? undefined : Number(v));

export function CreateStudyForm({
  lexicons: initialLexicons,
  users,
  currentUserId,
  initialSeed,
}: {
  lexicons: LexiconOption[];
  users: User[];
  currentUserId: string | null;
  initialSeed: number;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [adopting, startAdopting] = useTransition();
  const [lexicons, setLexicons] = useState(initialLexicons);
  const [serverMessage, setServerMessage] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [failedSubmits, setFailedSubmits] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);

  const {
    control,
    register,
    handleSubmit,
    setError,
    setValue,
    clearErrors,
    formState: { errors, isSubmitted },
  } = useForm<StudyFormValues, unknown, StudyInput>({
    resolver: zodResolver(ZStudyInput),
    shouldFocusError: false,
    defaultValues: {
      name: '',
      slug: '',
      description: '',
      readers: [],
      adjudicators: [],
      analysts: [],
      coordinators: [],
      showCaseMetadata: false,
      seed: initialSeed,
      readSessions: 1,
      washoutDays: 0,
      dueAt: '',
      // k and the anchor count keep their values while another design is chosen; the schema drops them.
      design: { kind: 'fully_crossed', k: 2, anchorCount: 10 } as StudyFormValues['design'],
      phiPolicy: 'refuse',
    },
  });

  const name = useWatch({ control, name: 'name' });
  const sessions = useWatch({ control, name: 'readSessions' });
  const designKind = useWatch({ control, name: 'design.kind' });
  const readers = useWatch({ control, name: 'readers' }) ?? [];
  const suggestion = slugify(name ?? '');

  useEffect(() => {
    if (failedSubmits > 0) summaryRef.current?.focus();
  }, [failedSubmits]);

  const err = (path: string) => errorAt(errors, path);
  const field = (path: string, id: string, ...help: (string | false | undefined)[]) =>
    describedBy(`${id}-error`, !!err(path), ...help);

  const onSubmit = handleSubmit(
    (values) =>
      startTransition(async () => {
        setServerMessage(null);
        const result = await createStudyAction(null, values);
        if (result.ok) {
          setCreated(`Study created. Opening its cases…`);
          router.push(`/coordinator/studies/${result.data.id}/cases`);
          return;
        }
        for (const [key, messages] of Object.entries(result.fieldErrors ?? {})) {
          if (key in FIELD_TARGETS)
            setError(key as Path<StudyFormValues>, { type: 'server', message: messages.join(' ') });
        }
        const unplaced = Object.entries(result.fieldErrors ?? {})
          .filter(([key]) => !(key in FIELD_TARGETS))
          .flatMap(([, m]) => m);
        setServerMessage([result.message, ...unplaced].join(' '));
        setFailedSubmits((n) => n + 1);
      }),
    () => {
      setServerMessage(null);
      setFailedSubmits((n) => n + 1);
    },
  );

  const pickLexicon = (value: string, onChange: (v: number | undefined) => void) => {
    if (!value) return onChange(undefined);
    if (!value.startsWith('shipped:')) return onChange(Number(value));
    const choice = lexicons.find((l) => !l.adopted && `shipped:${l.key}:${l.sha256}` === value);
    if (!choice) return;
    startAdopting(async () => {
      const result = await adoptShippedLexiconAction(null, { key: choice.key, sha256: choice.sha256 });
      if (!result.ok) {
        setError('lexiconVersionId', { type: 'server', message: result.message });
        return;
      }
      const adopted = { ...result.data, adopted: true };
      setLexicons((all) => [adopted, ...all.filter((l) => l !== choice && l.id !== adopted.id)]);
      onChange(adopted.id);
      clearErrors('lexiconVersionId');
    });
  };

  const order = Object.keys(FIELD_TARGETS);
  const rank = (path: string) => {
    const i = order.indexOf(path in FIELD_TARGETS ? path : (path.split('.')[0] ?? ''));
    return i < 0 ? order.length : i;
  };
  const problems = listErrors(errors).sort((a, b) => rank(a.path) - rank(b.path));
  const showSummary = failedSubmits > 0 && (problems.length > 0 || serverMessage);

  return (
    <form onSubmit={onSubmit} noValidate aria-label="New study" className="flex max-w-3xl flex-col gap-6">
      {showSummary ? (
        <div
          ref={summaryRef}
          tabIndex={-1}
          role="alert"
          aria-labelledby="create-summary-title"
          className="rounded-md border border-destructive/50 bg-destructive/5 px-4 py-3 text-sm text-destructive"
        >
          <h2 id="create-summary-title" className="font-semibold">
            The study was not created
          </h2>
          {serverMessage ? <p className="mt-1">{serverMessage}</p> : null}
          {problems.length ? (
            <ul className="mt-2 list-disc pl-5">
              {problems.map((p) => {
                const target = FIELD_TARGETS[p.path] ?? FIELD_TARGETS[p.path.split('.')[0] ?? ''];
                return (
                  <li key={p.path}>
                    {target ? (
                      <a
                        href={`#${target.id}`}
                        className="underline underline-offset-2"
                        onClick={(e) => {
                          e.preventDefault();
                          focusField(target.id);
                        }}
                      >
                        {target.label}: {p.message}
                      </a>
                    ) : (
                      p.message
                    )}
                  </li>
                );
              })}
            </ul>
          ) : null}
        </div>
      ) : null}

      <Section legend="Study">
        <NameField idPrefix="study" error={err('name')} registration={register('name')} />
        <InputField
          id="study-slug"
          label="Short name"
          autoComplete="off"
          placeholder={suggestion || 'e.g. glioma-vasari-2026'}
          className="font-mono"
          help={
            <>
              Used in links and exports: lowercase letters, digits and dashes.{' '}
              {suggestion ? (
                <>
                  Leave it empty to use <code className="font-mono">{suggestion}</code>.
                </>
              ) : (
                'Leave it empty to derive it from the name.'
              )}
            </>
          }
          error={err('slug')}
          registration={register('slug')}
        />
        <DescriptionField
          idPrefix="study"
          error={err('description')}
          registration={register('description')}
        />
      </Section>

      <Section
        legend="Lexicon"
        description="The study pins this exact version: every read uses the same form, even if the lexicon file changes later."
      >
        <div className="flex flex-col gap-2">
          <Label htmlFor="study-lexicon">Lexicon</Label>
          <Controller
            control={control}
            name="lexiconVersionId"
            render={({ field: f }) => (
              <NativeSelect
                id="study-lexicon"
                name={f.name}
                ref={f.ref}
                onBlur={f.onBlur}
                value={f.value ? String(f.value) : ''}
                disabled={adopting}
                onChange={(e) => pickLexicon(e.target.value, f.onChange)}
                {...field('lexiconVersionId', 'study-lexicon', 'study-lexicon-status')}
              >
                <option value="">Choose a lexicon…</option>
                {lexicons.some((l) => l.adopted) ? (
                  <optgroup label="Adopted versions">
                    {lexicons
                      .filter((l) => l.adopted && l.id !== null)
                      .map((l) => (
                        <option key={l.id} value={String(l.id)}>
                          {lexiconChoiceLabel(l)}
                        </option>
                      ))}
                  </optgroup>
                ) : null}
                {lexicons.some((l) => !l.adopted) ? (
                  <optgroup label="Shipped with Annolex (adopted when chosen)">
                    {lexicons
                      .filter((l) => !l.adopted)
                      .map((l) => (
                        <option key={`${l.key}:${l.sha256}`} value={`shipped:${l.key}:${l.sha256}`}>
                          {lexiconChoiceLabel(l)}
                        </option>
                      ))}
                  </optgroup>
                ) : null}
              </NativeSelect>
            )}
          />
          <p id="study-lexicon-status" aria-live="polite" className="text-xs text-muted-foreground">
            {adopting ? 'Adopting this lexicon version…' : ''}
          </p>
          <FieldError id="study-lexicon-error" message={err('lexiconVersionId')} />
        </div>
      </Section>

      <Section
        legend="People"
        description="Only active accounts with the matching account role can be chosen. You can change people later in the study's settings."
      >
        {PEOPLE.map((p) => (
          <PeoplePicker
            key={p.field}
            control={control}
            field={p.field}
            legend={p.legend}
            help={p.help}
            users={users.filter((u) => u.role === p.accountRole && u.id !== currentUserId)}
            error={err(p.field)}
          />
        ))}
      </Section>

      <BlindingSection idPrefix="study" registration={register('showCaseMetadata')} />

      <Section legend="Reading sessions">
        <Controller
          control={control}
          name="readSessions"
          render={({ field: f }) => (
            <div role="radiogroup" aria-label="Reading sessions" className="flex flex-col gap-2">
              {(
                [
                  [1, '1 session'],
                  [2, '2 sessions (re-read for intra-reader agreement)'],
                ] as const
              ).map(([n, label]) => (
                <div key={n} className="flex items-center gap-2">
                  <input
                    id={`sessions-${n}`}
                    type="radio"
                    name={f.name}
                    value={n}
                    checked={f.value === n}
                    onChange={() => f.onChange(n)}
                    onBlur={f.onBlur}
                    className="size-4"
                  />
                  <Label htmlFor={`sessions-${n}`} className="font-normal">
                    {label}
                  </Label>
                </div>
              ))}
            </div>
          )}
        />
        {sessions === 2 ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <WashoutField
              idPrefix="study"
              help="Days between a reader finishing session 1 and their re-reads opening, so they do not remember their first answers. Four weeks or more is common."
              error={err('washoutDays')}
              registration={register('washoutDays', { valueAsNumber: true })}
            />
            <RereadDueField
              idPrefix="study"
              error={err('rereadDueDays')}
              registration={register('rereadDueDays', { setValueAs: optionalNumber })}
            />
          </div>
        ) : null}
      </Section>

      <Section legend="Schedule">
        <DueDateField
          idPrefix="study"
          wrapperClassName="sm:max-w-xs"
          help="Optional. Reads still open after this day show as overdue."
          error={err('dueAt')}
          registration={register('dueAt')}
        />
      </Section>

      <Section
        legend="Randomization"
        description="The seed fixes each reader's reading order and how the design assigns cases, so the study can be reproduced exactly. It cannot change once the study exists."
      >
        <div className="flex flex-col gap-2 sm:max-w-sm">
          <Label htmlFor="study-seed">Seed</Label>
          <div className="flex gap-2">
            <Input
              id="study-seed"
              type="number"
              min={1}
              max={MAX_SEED}
              inputMode="numeric"
              className="font-mono"
              {...field('seed', 'study-seed')}
              {...register('seed', { valueAsNumber: true })}
            />
            <Button
              type="button"
              variant="outline"
              onClick={() =>
                setValue('seed', randomSeed(), { shouldDirty: true, shouldValidate: isSubmitted })
              }
            >
              New seed
            </Button>
          </div>
          <FieldError id="study-seed-error" message={err('seed')} />
        </div>
      </Section>

      <Section
        legend="Assignment design"
        description="How cases are shared among readers. You preview and confirm the assignment on the Assignment tab once cases are imported."
      >
        <div className="flex flex-col gap-3">
          {DESIGNS.map((d) => (
            <div key={d.kind} className="flex items-start gap-2">
              <input
                id={`design-${d.kind}`}
                type="radio"
                value={d.kind}
                className="mt-0.5 size-4"
                aria-describedby={`design-${d.kind}-help`}
                {...register('design.kind')}
              />
              <div className="flex flex-col gap-1">
                <Label htmlFor={`design-${d.kind}`} className="font-normal">
                  {d.label}
                </Label>
                <Help id={`design-${d.kind}-help`}>{d.help}</Help>
              </div>
            </div>
          ))}
        </div>
        {designKind === 'k_per_case' || designKind === 'anchor' ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <InputField
              id="design-k"
              label="Readers per case (k)"
              type="number"
              min={1}
              max={100}
              inputMode="numeric"
              help={
                <>
                  At least 2 so agreement can be measured; at most the number of readers ({readers.length}{' '}
                  chosen).
                </>
              }
              error={err('design.k')}
              registration={register('design.k', { valueAsNumber: true })}
            />
            {designKind === 'anchor' ? (
              <InputField
                id="design-anchor-count"
                label="Anchor cases"
                type="number"
                min={1}
                inputMode="numeric"
                help="How many cases every reader reads; they are drawn by the seed when the design is applied."
                error={err('design.anchorCount')}
                registration={register('design.anchorCount', { valueAsNumber: true })}
              />
            ) : null}
          </div>
        ) : null}
        <FieldError id="design-error" message={err('design') ?? err('design.kind')} />
      </Section>

      <Section legend="Images" description="What an import does with DICOM files that carry patient data.">
        <div className="flex flex-col gap-3">
          {PHI.map((p) => (
            <div key={p.value} className="flex items-start gap-2">
              <input
                id={`phi-${p.value}`}
                type="radio"
                value={p.value}
                className="mt-0.5 size-4"
                aria-describedby={`phi-${p.value}-help`}
                {...register('phiPolicy')}
              />
              <div className="flex flex-col gap-1">
                <Label htmlFor={`phi-${p.value}`} className="font-normal">
                  {p.label}
                </Label>
                <Help id={`phi-${p.value}-help`}>{p.help}</Help>
              </div>
            </div>
          ))}
        </div>
        <FieldError id="phi-error" message={err('phiPolicy')} />
      </Section>

      <div aria-live="polite">{created ? <Alert variant="success">{created}</Alert> : null}</div>
      <div>
        <Button type="submit" size="lg" disabled={pending || adopting || created !== null}>
          {pending ? 'Creating…' : 'Create study'}
        </Button>
      </div>
    </form>
  );
}

function PeoplePicker({
  control,
  field,
  legend,
  help,
  users,
  error,
}: {
  control: Control<StudyFormValues, unknown, StudyInput>;
  field: PeopleField;
  legend: string;
  help: string;
  users: User[];
  error: string | undefined;
}) {
  const id = `people-${field}`;
  return (
    <Controller
      control={control}
      name={field}
      render={({ field: f }) => {
        const chosen: string[] = f.value ?? [];
        const toggle = (userId: string, on: boolean) =>
          f.onChange(on ? [...chosen, userId] : chosen.filter((x) => x !== userId));
        return (
          <fieldset
            id={id}
            className="flex flex-col gap-2"
            aria-describedby={[`${id}-help`, error ? `${id}-error` : null].filter(Boolean).join(' ')}
          >
            <legend className="text-sm font-medium">{legend}</legend>
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <Help id={`${id}-help`}>{help}</Help>
              <span className="text-xs tabular-nums text-muted-foreground" aria-live="polite">
                {chosen.length} of {users.length} chosen
              </span>
            </div>
            {users.length === 0 ? (
              <p className="text-sm text-muted-foreground">
                No active accounts with this role. An administrator can add them under Users.
              </p>
            ) : (
              <ul className="flex max-h-56 flex-col gap-1 overflow-y-auto rounded-md border p-2">
                {users.map((u) => {
                  const boxId = `${id}-${u.id}`;
                  return (
                    <li key={u.id} className="flex items-center gap-2">
                      <input
                        id={boxId}
                        type="checkbox"
                        className="size-4"
                        checked={chosen.includes(u.id)}
                        onChange={(e) => toggle(u.id, e.target.checked)}
                        onBlur={f.onBlur}
                        aria-invalid={error ? true : undefined}
                      />
                      <label htmlFor={boxId} className="text-sm">
                        <span className="font-medium">{u.name}</span>{' '}
                        <span className="text-muted-foreground">{u.email}</span>
                      </label>
                    </li>
                  );
                })}
              </ul>
            )}
            <FieldError id={`${id}-error`} message={error} />
          </fieldset>
        );
      }}
    />
  );
}
