import { describe, expect, it } from 'vitest';
import { matchHost } from '@/lib/tenancy/host';
import { describeSlugProblem, slugProblem, suggestSlug } from '@/lib/tenancy/slug';

describe('matchHost', () => {
  const root = 'example.com';
  it.each([
    ['example.com', { kind: 'apex' }],
    ['EXAMPLE.com', { kind: 'apex' }],
    ['www.example.com', { kind: 'apex' }],
    ['acme.example.com', { kind: 'tenant', slug: 'acme' }],
    ['acme-corp.example.com.', { kind: 'tenant', slug: 'acme-corp' }],
    ['a.b.example.com', { kind: 'invalid' }],
    ['evil.com', { kind: 'invalid' }],
    ['example.com.evil.com', { kind: 'invalid' }],
    ['notexample.com', { kind: 'invalid' }],
    ['api.example.com', { kind: 'invalid' }],
    ['-acme.example.com', { kind: 'invalid' }],
    ['ab.example.com', { kind: 'invalid' }],
    ['', { kind: 'invalid' }],
    [null, { kind: 'invalid' }],
  ])('%s -> %j', (host, expected) => {
    expect(matchHost(host, root)).toEqual(expected);
  });

  it('honours the port of a local root domain', () => {
    expect(matchHost('acme.localhost:3000', 'localhost:3000')).toEqual({ kind: 'tenant', slug: 'acme' });
    expect(matchHost('acme.localhost:3001', 'localhost:3000')).toEqual({ kind: 'invalid' });
  });
});

describe('slug rules', () => {
  it('says the limit in the message the form shows: Auth0 organization names stop at 50', () => {
    expect(describeSlugProblem(slugProblem('x'.repeat(51))!)).toMatch(/^Use 3 to 50 characters/);
  });
  it.each(['acme', 'acme-corp', 'a1b', 'x'.repeat(50)])('accepts %s', (slug) => expect(slugProblem(slug)).toBeNull());
  it.each(['ab', 'Acme', 'acme-', '-acme', 'ac--me', 'acme_corp', 'x'.repeat(51), 'x'.repeat(63), 'acme.corp', 'org_acme'])('rejects the form of %s', (slug) =>
    expect(slugProblem(slug)).toBe('format'));
  it.each(['www', 'api', 'admin', 'login', 'static', 'auth', 'app'])('reserves %s', (slug) => expect(slugProblem(slug)).toBe('reserved'));
  it('suggests a slug from a company name', () => {
    expect(suggestSlug('Acme Corp.')).toBe('acme-corp');
    expect(suggestSlug('  Société Générale ')).toBe('societe-generale');
    // Never longer than an Auth0 organization name, and never ending in a hyphen.
    expect(suggestSlug(`${'a'.repeat(49)} b c`)).toBe('a'.repeat(49));
    expect(suggestSlug('x'.repeat(80))).toHaveLength(50);
  });
});
