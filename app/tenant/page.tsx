import { redirect } from 'next/navigation';
import { currentTenant } from '@/lib/tenancy/current';
import { liveSession } from '@/lib/auth/session';
import { buttonClass, OrganizationLogo } from '@/lib/ui/components';
import { isSessionEndReason, SESSION_ENDED_PARAM } from '@/lib/auth/session-lifetime';

const ENDED_BECAUSE = { idle: 'after a period without activity', max_age: 'because it reached its maximum length' } as const;

export default async function TenantLanding({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = (await currentTenant())!;
  if (await liveSession()) redirect('/projects');
  // A session ended by the organization's policy lands here (lib/auth/session-lifetime.ts).
  const ended = (await searchParams)[SESSION_ENDED_PARAM];
  return (
    <main className="mx-auto max-w-xl px-6 py-20 text-center">
      {isSessionEndReason(ended) && (
        <p role="status" className="mb-8 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-amber-900">
          Your session expired under {tenant.displayName}’s policy ({ENDED_BECAUSE[ended]}). Please sign in again.
        </p>
      )}
      {tenant.logoUrl && <OrganizationLogo src={tenant.logoUrl} name={tenant.displayName} className="mx-auto mb-6 h-16 w-16 object-contain" />}
      <h1 className="mb-3 text-3xl font-semibold">{tenant.displayName}</h1>
      <p className="mb-8 text-slate-600">Sign in to the {tenant.displayName} workspace.</p>
      <a className={buttonClass} href="/login?returnTo=%2Fprojects">Sign in</a>
    </main>
  );
}
