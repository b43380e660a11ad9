import { describe, expect, it } from 'vitest';
import {
  can,
  isStudyPermission,
  PERMISSIONS,
  type Actor,
  type AreaPermission,
  type Permission,
} from './permissions';
import { GLOBAL_ROLES, type GlobalRole } from './roles';

const actor = (role: GlobalRole, memberships: Actor['memberships'] = []): Actor => ({
  id: `u-${role}`,
  email: `${role}@example.org`,
  name: role,
  role,
  memberships,
});

const AREAS = Object.keys(PERMISSIONS).filter((p) => !isStudyPermission(p as Permission)) as AreaPermission[];

describe('can()', () => {
  it('refuses everything to a logged-out visitor', () => {
    for (const p of AREAS) expect(can(null, p)).toBe(false);
    expect(can(null, 'study.view', { studyId: 1 })).toBe(false);
  });

  it('gives each account role its own area and no other', () => {
    const areas: Record<GlobalRole, AreaPermission[]> = {
      admin: [
        'admin.view',
        'lexicons.view',
        'users.manage',
        'lexicons.manage',
        'coordinator.view',
        'study.create',
        'adjudicator.view',
        'analyst.view',
        'account.view',
        'images.access',
        'tokens.manage',
      ],
      coordinator: ['coordinator.view', 'lexicons.view', 'study.create', 'account.view', 'images.access'],
      reader: ['reader.view', 'account.view', 'images.access'],
      adjudicator: ['adjudicator.view', 'account.view', 'images.access'],
      analyst: ['analyst.view', 'account.view', 'tokens.manage'],
    };
    for (const role of GLOBAL_ROLES) {
      for (const p of AREAS) {
        expect([role, p, can(actor(role), p)]).toEqual([role, p, areas[role].includes(p)]);
      }
    }
  });

  it('a reader never reaches coordinator, analyst or admin areas', () => {
    const r = actor('reader', [{ studyId: 1, role: 'reader' }]);
    for (const p of [
      'admin.view',
      'users.manage',
      'coordinator.view',
      'study.create',
      'analyst.view',
    ] as const) {
      expect(can(r, p)).toBe(false);
    }
    expect(can(r, 'study.manage', { studyId: 1 })).toBe(false);
    expect(can(r, 'export.run', { studyId: 1 })).toBe(false);
    expect(can(r, 'read.score', { studyId: 1 })).toBe(true);
  });

  it('scopes study permissions to the study of the membership', () => {
    const c = actor('coordinator', [{ studyId: 7, role: 'coordinator' }]);
    expect(can(c, 'study.manage', { studyId: 7 })).toBe(true);
    expect(can(c, 'study.manage', { studyId: 8 })).toBe(false);
    expect(can(c, 'study.view', { studyId: 8 })).toBe(false);
  });

  it('grants an area through a study membership even when the account role differs', () => {
    const reader = actor('reader', [{ studyId: 3, role: 'analyst' }]);
    expect(can(reader, 'analyst.view')).toBe(true);
    expect(can(reader, 'analysis.view', { studyId: 3 })).toBe(true);
    expect(can(reader, 'analysis.view', { studyId: 4 })).toBe(false);
  });

  it('lets an administrator see and manage every study but not score or adjudicate in it', () => {
    const a = actor('admin');
    expect(can(a, 'study.view', { studyId: 9 })).toBe(true);
    expect(can(a, 'study.manage', { studyId: 9 })).toBe(true);
    expect(can(a, 'export.run', { studyId: 9 })).toBe(true);
    expect(can(a, 'read.score', { studyId: 9 })).toBe(false);
    expect(can(a, 'adjudication.decide', { studyId: 9 })).toBe(false);
    expect(can(a, 'reader.view')).toBe(false);
  });
});
