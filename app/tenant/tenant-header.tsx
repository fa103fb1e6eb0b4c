import Link from 'next/link';
import { OrganizationLogo } from '@/lib/ui/components';
import type { CurrentTenant } from '@/lib/tenancy/current';
import { otherOrganizationsOf } from '@/lib/tenancy/switcher';
import { config } from '@/lib/config';

export async function TenantHeader({ tenant, user }: { tenant: CurrentTenant; user: { sub: string; name?: string; email?: string } | null }) {
  const others = user ? await otherOrganizationsOf(user.sub, tenant.id) : [];
  const apex = config().apexOrigin;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl items-center gap-4 px-6 py-3">
        <Link href="/" className="flex items-center gap-2 font-semibold">
          {tenant.logoUrl ? <OrganizationLogo src={tenant.logoUrl} name={tenant.displayName} className="h-8 w-8 rounded object-contain" /> : (
            <span aria-hidden className="flex h-8 w-8 items-center justify-center rounded bg-brand text-white">{tenant.displayName.slice(0, 1).toUpperCase()}</span>
          )}
          <span data-testid="tenant-name">{tenant.displayName}</span>
        </Link>
        {user && (
          <nav aria-label="Workspace" className="flex gap-4 text-sm">
            <Link href="/projects" className="hover:underline">Projects</Link>
            <Link href="/settings" className="hover:underline">Settings</Link>
          </nav>
        )}
        <div className="ml-auto flex items-center gap-3 text-sm">
          {user ? (
            <>
              <details className="relative">
                <summary className="cursor-pointer list-none rounded-lg border border-slate-300 px-3 py-1.5 hover:bg-slate-50">Switch organization</summary>
                <ul className="absolute right-0 z-10 mt-2 w-64 rounded-lg border border-slate-200 bg-white p-2 shadow-lg">
                  {others.map((o) => (
                    <li key={o.slug}>
                      <a className="block rounded px-3 py-2 hover:bg-slate-100" href={`${o.origin}/auth/login?returnTo=%2F`}>{o.displayName}</a>
                    </li>
                  ))}
                  {others.length === 0 && <li className="px-3 py-2 text-slate-500">No other organizations</li>}
                  <li className="mt-1 border-t border-slate-100 pt-1">
                    <a className="block rounded px-3 py-2 hover:bg-slate-100" href={`${apex}/select-organization`}>All my organizations…</a>
                  </li>
                </ul>
              </details>
              <Link href="/account" className="text-slate-600 hover:underline" data-testid="signed-in-as" title="Your account">{user.email ?? user.name}</Link>
              <a className="font-medium text-brand hover:underline" href={`/auth/logout?returnTo=${encodeURIComponent(tenant.origin)}`}>Sign out</a>
            </>
          ) : (
            <a className="font-medium text-brand hover:underline" href="/login">Sign in</a>
          )}
        </div>
      </div>
    </header>
  );
}
