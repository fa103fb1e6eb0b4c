import { authorizePage } from '@/lib/auth/page-guard';
import { currentTenant } from '@/lib/tenancy/current';
import { Card, Page, buttonClass } from '@/lib/ui/components';
import { ROLE_LABELS, isRole } from '@/lib/core/permissions';

export const metadata = { title: 'Welcome' };

export default async function Welcome() {
  const ctx = await authorizePage({ returnTo: '/welcome' });
  const tenant = (await currentTenant())!;
  return (
    <Page title={`Welcome to ${tenant.displayName}`}>
      <Card>
        <p className="mb-4 text-slate-700">You joined as <strong>{ctx.roles.map((r) => (isRole(r) ? ROLE_LABELS[r] : r)).join(', ') || 'member'}</strong>.</p>
        <a className={buttonClass} href="/projects">Go to projects</a>
      </Card>
    </Page>
  );
}
