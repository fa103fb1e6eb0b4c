import Link from 'next/link';
import { authorizePage } from '@/lib/auth/page-guard';
import { listMembers } from '@/lib/admin/members';
import { ROLE_LABELS, isRole } from '@/lib/core/permissions';
import { Card, inputClass, secondaryButtonClass } from '@/lib/ui/components';
import { SettingsHeading, formatTime } from '@/app/tenant/settings/heading';
import { MemberActions, SignOutEveryoneButton, SyncButton } from '@/app/tenant/settings/members/member-actions';

export const metadata = { title: 'Members' };

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

export default async function MembersPage({ searchParams }: { searchParams: Search }) {
  const ctx = await authorizePage({ permission: 'members:manage', returnTo: '/settings/members' });
  const params = await searchParams;
  const result = await listMembers(ctx, { q: one(params.q), page: Number(one(params.page)) || 1 });
  const pageHref = (page: number) => `/settings/members?${new URLSearchParams({ ...(result.q ? { q: result.q } : {}), page: String(page) })}`;
  return (
    <>
      <SettingsHeading title="Members">{result.total} {result.total === 1 ? 'member' : 'members'}{result.q ? ` matching “${result.q}”` : ''}.</SettingsHeading>
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <form method="get" action="/settings/members" role="search" className="flex items-end gap-2">
          <label className="text-sm font-medium text-slate-700">
            Search members
            <input name="q" type="search" defaultValue={result.q} placeholder="Name or email" className={inputClass} />
          </label>
          <button type="submit" className={secondaryButtonClass}>Search</button>
        </form>
        <SyncButton />
        <SignOutEveryoneButton />
      </div>
      <Card>
        {result.members.length === 0 ? (
          <p className="text-slate-600">No members found.</p>
        ) : (
          <table className="w-full text-left text-sm" aria-label="Members">
            <thead className="text-xs uppercase text-slate-500">
              <tr><th className="py-2">Name</th><th>Email</th><th>Roles</th><th>Last login</th><th>Joined</th><th><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {result.members.map((m) => (
                <tr key={m.userId} data-testid="member-row" data-email={m.email ?? ''} className="align-top">
                  <td className="py-3 pr-3 font-medium">{m.name ?? '—'}{m.userId === ctx.principal.id && <span className="ml-1 text-xs text-slate-500">(you)</span>}</td>
                  <td className="py-3 pr-3">{m.email ?? '—'}</td>
                  <td className="py-3 pr-3" data-testid="member-roles">{m.roles.map((r) => (isRole(r) ? ROLE_LABELS[r] : r)).join(', ') || 'none'}</td>
                  <td className="py-3 pr-3 whitespace-nowrap">{formatTime(m.lastLoginAt)}</td>
                  <td className="py-3 pr-3">{m.joined}</td>
                  <td className="py-3"><MemberActions userId={m.userId} label={m.email ?? m.name ?? m.userId} roles={m.roles} isSelf={m.userId === ctx.principal.id} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      {result.pages > 1 && (
        <nav aria-label="Pages" className="mt-4 flex items-center gap-4 text-sm">
          {result.page > 1 ? <Link href={pageHref(result.page - 1)} className="text-brand hover:underline">← Previous</Link> : <span />}
          <span>Page {result.page} of {result.pages}</span>
          {result.page < result.pages && <Link href={pageHref(result.page + 1)} className="text-brand hover:underline">Next →</Link>}
        </nav>
      )}
    </>
  );
}
