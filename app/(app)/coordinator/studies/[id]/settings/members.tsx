'use client';

import { useId, useState, useTransition, type FormEvent } from 'react';
import { Alert } from '@/app/_components/ui/alert';
import { Button } from '@/app/_components/ui/button';
import { Label } from '@/app/_components/ui/label';
import { NativeSelect } from '@/app/_components/ui/native-select';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/app/_components/ui/table';
import { STUDY_ROLES, type GlobalRole, type StudyRole } from '@/lib/auth/roles';
import { STUDY_ROLE_ACCOUNTS, STUDY_ROLE_LABELS } from '@/lib/study/study-input';
import { addStudyMemberAction, removeStudyMemberAction } from './actions';

type Member = { userId: string; name: string; email: string; role: StudyRole };
type Candidate = { id: string; name: string; email: string; role: GlobalRole };
type Status = { ok: boolean; message: string } | null;

const ROLE_ORDER: StudyRole[] = ['coordinator', 'reader', 'adjudicator', 'analyst'];

/** The study's people by role, with removal (after a confirmation) and an add form. */
export function Members({
  studyId,
  members,
  candidates,
  currentUserId,
}: {
  studyId: number;
  members: Member[];
  candidates: Candidate[];
  currentUserId: string | null;
}) {
  const [status, setStatus] = useState<Status>(null);
  return (
    <section aria-labelledby="members-title" className="flex max-w-3xl flex-col gap-6">
      <div>
        <h2 id="members-title" className="text-lg font-semibold">
          People
        </h2>
        <p className="text-sm text-muted-foreground">
          A new reader gets no cases here: extend the assignment to them on the Assignment tab. A reader with
          reads in the study stays, and the study always keeps one coordinator.
        </p>
      </div>
      <div aria-live="polite" aria-atomic="true">
        {status ? <Alert variant={status.ok ? 'success' : 'destructive'}>{status.message}</Alert> : null}
      </div>
      {ROLE_ORDER.map((role) => (
        <RoleTable
          key={role}
          studyId={studyId}
          role={role}
          members={members.filter((m) => m.role === role)}
          currentUserId={currentUserId}
          onStatus={setStatus}
        />
      ))}
      <AddMember studyId={studyId} members={members} candidates={candidates} onStatus={setStatus} />
    </section>
  );
}

function RoleTable({
  studyId,
  role,
  members,
  currentUserId,
  onStatus,
}: {
  studyId: number;
  role: StudyRole;
  members: Member[];
  currentUserId: string | null;
  onStatus: (s: Status) => void;
}) {
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState<string | null>(null);
  const label = STUDY_ROLE_LABELS[role];
  const roleName = label.one.toLowerCase();
  const remove = (m: Member) =>
    startTransition(async () => {
      onStatus(null);
      const result = await removeStudyMemberAction(null, { studyId, userId: m.userId, role });
      setConfirming(null);
      onStatus(
        result.ok
          ? { ok: true, message: `Removed ${m.name} as ${roleName}.` }
          : { ok: false, message: result.message },
      );
    });
  return (
    <div>
      <h3 className="mb-2 text-sm font-semibold">
        {label.many} <span className="font-normal text-muted-foreground">({members.length})</span>
      </h3>
      {members.length === 0 ? (
        <p className="text-sm text-muted-foreground">No {label.many.toLowerCase()} yet.</p>
      ) : (
        <Table aria-label={label.many}>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Name</TableHead>
              <TableHead scope="col">Email</TableHead>
              <TableHead scope="col" className="text-right">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {members.map((m) => (
              <TableRow key={m.userId}>
                <TableCell className="font-medium">
                  {m.name}
                  {m.userId === currentUserId ? (
                    <span className="ml-2 text-xs font-normal text-muted-foreground">You</span>
                  ) : null}
                </TableCell>
                <TableCell className="text-muted-foreground">{m.email}</TableCell>
                <TableCell className="text-right">
                  {confirming === m.userId ? (
                    <span className="inline-flex flex-wrap items-center justify-end gap-2">
                      <span className="text-xs">
                        Remove {m.name} as {roleName}?
                      </span>
                      <Button
                        size="sm"
                        variant="destructive"
                        disabled={pending}
                        onClick={() => remove(m)}
                        aria-label={`Confirm removing ${m.name} as ${roleName}`}
                      >
                        {pending ? 'Removing…' : 'Confirm removal'}
                      </Button>
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={pending}
                        onClick={() => setConfirming(null)}
                      >
                        Cancel
                      </Button>
                    </span>
                  ) : (
                    <Button
                      size="sm"
                      variant="outline"
                      onClick={() => setConfirming(m.userId)}
                      aria-label={`Remove ${m.name} as ${roleName}`}
                    >
                      Remove
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

function AddMember({
  studyId,
  members,
  candidates,
  onStatus,
}: {
  studyId: number;
  members: Member[];
  candidates: Candidate[];
  onStatus: (s: Status) => void;
}) {
  const ids = useId();
  const [pending, startTransition] = useTransition();
  const [role, setRole] = useState<StudyRole>('reader');
  const [userId, setUserId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const eligible = candidates.filter(
    (c) =>
      STUDY_ROLE_ACCOUNTS[role].includes(c.role) &&
      !members.some((m) => m.userId === c.id && m.role === role),
  );
  const roleName = STUDY_ROLE_LABELS[role].one.toLowerCase();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const person = eligible.find((c) => c.id === userId);
    if (!person) {
      setError('Choose a person');
      return;
    }
    startTransition(async () => {
      setError(null);
      onStatus(null);
      const result = await addStudyMemberAction(null, { studyId, userId, role });
      if (result.ok) {
        setUserId('');
        onStatus({ ok: true, message: `Added ${person.name} as ${roleName}.` });
      } else {
        setError(result.fieldErrors?.userId?.[0] ?? result.message);
      }
    });
  };
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label="Add member"
      className="flex flex-col gap-3 rounded-lg border p-4"
    >
      <h3 className="text-sm font-semibold">Add member</h3>
      <div className="grid gap-3 sm:grid-cols-[12rem_1fr_auto] sm:items-end">
        <div className="flex flex-col gap-2">
          <Label htmlFor={`${ids}-role`}>Role</Label>
          <NativeSelect
            id={`${ids}-role`}
            value={role}
            onChange={(e) => {
              setRole(e.target.value as StudyRole);
              setUserId('');
              setError(null);
            }}
          >
            {STUDY_ROLES.map((r) => (
              <option key={r} value={r}>
                {STUDY_ROLE_LABELS[r].one}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor={`${ids}-user`}>Person</Label>
          <NativeSelect
            id={`${ids}-user`}
            value={userId}
            onChange={(e) => {
              setUserId(e.target.value);
              setError(null);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${ids}-error` : undefined}
          >
            <option value="">
              {eligible.length ? 'Choose a person…' : `No one else can be a ${roleName}`}
            </option>
            {eligible.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.email})
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Adding…' : 'Add member'}
        </Button>
      </div>
      {error ? (
        <p id={`${ids}-error`} role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </form>
  );
}
