import { describe, expect, it } from 'vitest';
import { BASIC_PROFILE, normaliseTag, PROFILE_ACTIONS, profileRuleFor } from './basic-profile';

describe('BASIC_PROFILE', () => {
  it('lists well over 150 attributes with 8-digit upper-case tags, once each, in tag order', () => {
    expect(BASIC_PROFILE.length).toBeGreaterThanOrEqual(150);
    const tags = BASIC_PROFILE.map((r) => r.tag);
    expect(tags.every((t) => /^[0-9A-F]{8}$/.test(t))).toBe(true);
    expect(new Set(tags).size).toBe(tags.length);
    expect(tags).toEqual([...tags].sort());
    expect(BASIC_PROFILE.every((r) => PROFILE_ACTIONS.includes(r.action) && r.name.length > 0)).toBe(true);
  });

  it('has no private tags: those fall under the class rule', () => {
    expect(BASIC_PROFILE.filter((r) => parseInt(r.tag.slice(0, 4), 16) % 2 === 1)).toEqual([]);
  });

  it.each([
    ['00100010', "Patient's Name", 'Z'],
    ['00100020', 'Patient ID', 'Z'],
    ['00100030', "Patient's Birth Date", 'Z'],
    ['00080050', 'Accession Number', 'Z'],
    ['00080080', 'Institution Name', 'X/Z/D'],
    ['00080090', "Referring Physician's Name", 'Z'],
    ['00081070', "Operators' Name", 'X/Z/D'],
    ['00081030', 'Study Description', 'X'],
    ['00181000', 'Device Serial Number', 'X/Z/D'],
    ['0020000D', 'Study Instance UID', 'U'],
    ['00080018', 'SOP Instance UID', 'U'],
    ['00200052', 'Frame of Reference UID', 'U'],
    ['00081155', 'Referenced SOP Instance UID', 'U'],
    ['00081140', 'Referenced Image Sequence', 'X/Z/U*'],
    ['00400275', 'Request Attributes Sequence', 'X'],
    ['0040A730', 'Content Sequence', 'X'],
  ])('%s is %s with action %s', (tag, name, action) => {
    expect(profileRuleFor(tag)).toEqual({ tag, name, action });
  });

  it('keeps attributes the profile does not list', () => {
    for (const tag of ['00080060', '00280010', '00280030', '00080016', '7FE00010', '00200037']) {
      expect(profileRuleFor(tag)).toBeNull();
    }
  });

  it('applies the class rules: private, curves, overlay data and comments', () => {
    expect(profileRuleFor('x00091001')).toEqual({ tag: '00091001', name: 'private', action: 'X' });
    expect(profileRuleFor('(0029,0010)')?.name).toBe('private');
    expect(profileRuleFor('50003000')?.name).toBe('Curve Data');
    expect(profileRuleFor('501E0005')?.name).toBe('Curve Data');
    expect(profileRuleFor('60003000')?.name).toBe('Overlay Data');
    expect(profileRuleFor('601E4000')?.name).toBe('Overlay Comments');
    expect(profileRuleFor('60000010')).toBeNull();
  });

  it('normalises tags from dicom-parser, dcmjs and printed forms', () => {
    expect(normaliseTag('x0010abcd')).toBe('0010ABCD');
    expect(normaliseTag('(0010,ABCD)')).toBe('0010ABCD');
    expect(normaliseTag('0010abcd')).toBe('0010ABCD');
  });
});
