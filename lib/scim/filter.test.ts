// SCIM filters: parsed by SCIMMY, checked against the schema, matched with each attribute's
// case rules, and equality terms pulled out for the database. Plus the group-to-role mapping.
import { describe, expect, it } from 'vitest';
import { applyFilter, equalityTerms, parseFilter } from '@/lib/scim/filter';
import { groupSchema, userSchema } from '@/lib/scim/schemas';
import { roleOfGroup, rolesFromGroupNames } from '@/lib/scim/roles';
import { ScimError } from '@/lib/scim/errors';

const users = [
  { id: 'u1', userName: 'Jane@Example.com', externalId: 'E-1', active: true, emails: [{ value: 'Jane@Example.com', type: 'work', primary: true }], name: { givenName: 'Jane' } },
  { id: 'u2', userName: 'sam@example.com', externalId: 'e-2', active: false, emails: [{ value: 'sam@work.example', type: 'work' }, { value: 'sam@home.example', type: 'home' }] },
  { id: 'u3', userName: 'nomail' },
];
const select = (filter: string) => applyFilter(parseFilter(filter, userSchema().definition), users, (u) => u).map((u) => u.id);

describe('matching', () => {
  it('compares userName and emails.value without regard to case, externalId and id exactly', () => {
    expect(select('userName eq "jane@example.com"')).toEqual(['u1']);
    expect(select('emails.value eq "SAM@HOME.EXAMPLE"')).toEqual(['u2']);
    expect(select('externalId eq "e-1"')).toEqual([]);
    expect(select('externalId eq "E-1"')).toEqual(['u1']);
    expect(select('id eq "U1"')).toEqual([]);
  });

  it('combines with and/or, brackets on multi-valued attributes, pr and booleans (also as strings)', () => {
    expect(select('userName eq "nomail" or externalId eq "e-2"')).toEqual(['u2', 'u3']);
    expect(select('userName sw "j" and active eq true')).toEqual(['u1']);
    expect(select('emails[type eq "home" and value ew "home.example"]')).toEqual(['u2']);
    expect(select('externalId pr')).toEqual(['u1', 'u2']);
    expect(select('active eq "False"')).toEqual(['u2']);
    expect(select('name.givenName co "AN"')).toEqual(['u1']);
  });
});

describe('refusals (400 invalidFilter)', () => {
  it.each([
    'userName eq',
    'userName zz "x"',
    '((userName eq "x"',
    'userName eq "x" andd active eq true',
    'shoeSize eq 42',
    'name.shoeSize eq "x"',
    '   ',
    'not (userName eq "a" or userName eq "b")',
    `userName eq "${'x'.repeat(1001)}"`,
  ])('%s', (filter) => {
    let error: unknown;
    try {
      parseFilter(filter, userSchema().definition);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScimError);
    expect(error).toMatchObject({ status: 400, scimType: 'invalidFilter' });
  });
});

describe('equality terms for the database', () => {
  it('names the indexed equalities of every branch, or gives up when a branch has none', () => {
    const terms = (f: string) => equalityTerms(parseFilter(f, userSchema().definition), ['userName', 'externalId', 'id']);
    expect(terms('userName eq "a"')).toEqual([{ userName: 'a' }]);
    expect(terms('userName eq "a" and active eq true or externalId eq "b"')).toEqual([{ userName: 'a' }, { externalId: 'b' }]);
    expect(terms('userName eq "a" or emails.value eq "b"')).toBeNull();
    expect(terms('userName sw "a"')).toBeNull();
    expect(equalityTerms(parseFilter('displayName eq "Admin"', groupSchema().definition), ['displayName'])).toEqual([{ displayName: 'Admin' }]);
  });
});

describe('roles from groups', () => {
  it('maps role names and labels, case-insensitively; no role group means Member', () => {
    expect(roleOfGroup('Admin')).toBe('org_admin');
    expect(roleOfGroup(' read-only ')).toBe('org_readonly');
    expect(roleOfGroup('org_billing')).toBe('org_billing');
    expect(roleOfGroup('Engineering')).toBeNull();
    expect(rolesFromGroupNames(['Engineering'])).toEqual(['org_member']);
    expect(rolesFromGroupNames(['Billing', 'ADMIN', 'Sales'])).toEqual(['org_admin', 'org_billing']);
  });
});
