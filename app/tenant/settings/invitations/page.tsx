import { authorizePage } from '@/lib/auth/page-guard';
import { listInvitations, type PendingInvitation } from '@/lib/admin/invitations';
import { enabledConnections, STRATEGY_LABELS, type Strategy } from '@/lib/sso/connections';
import { ManagementApiError } from '@/lib/management/errors';
import { ROLE_LABELS, isRole } from '@/lib/core/permissions';
import { Alert, Card } from '@/lib/ui/components';
import { SettingsHeading, formatTime } from '@/app/tenant/settings/heading';
import { InviteForm, InvitationActions } from '@/app/tenant/settings/invitations/invitation-forms';

export const metadata = { title: 'Invitations' };
export const dynamic = 'force-dynamic';

export default async function InvitationsPage() {
  const ctx = await authorizePage({ permission: 'members:manage', returnTo: '/settings/invitations' });
  // Invitations live in Auth0: when it is unavailable the page still works, with a note.
  let pending: PendingInvitation[] = [];
  let problem: string | null = null;
  try {
    pending = await listInvitations(ctx);
  } catch (error) {
    if (!(error instanceof ManagementApiError)) throw error;
    problem = error.message;
  }
  const connections = (await enabledConnections(ctx)).map((c) => ({ id: c.id, label: `${c.displayName} (${STRATEGY_LABELS[c.strategy as Strategy] ?? c.strategy})` }));
  return (
    <>
      <SettingsHeading title="Invitations">
        Invite people by email; they join when they accept. People who sign in through your single sign-on, or who have a verified account at one of your verified domains, can also be added directly.
      </SettingsHeading>
      <div className="grid gap-6 lg:grid-cols-[1fr_2fr]">
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Invite someone</h2>
          <InviteForm connections={connections} />
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Pending invitations</h2>
          {problem && <Alert>{`We could not load the pending invitations. ${problem}`}</Alert>}
          {!problem && pending.length === 0 && <p className="text-slate-600">No pending invitations.</p>}
          {pending.length > 0 && (
            <ul className="divide-y divide-slate-100" aria-label="Pending invitations">
              {pending.map((inv) => (
                <li key={inv.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="invitation-row" data-email={inv.email}>
                  <div className="text-sm">
                    <p className="font-medium">{inv.email}</p>
                    <p className="text-slate-600">{inv.roles.map((r) => (isRole(r) ? ROLE_LABELS[r] : r)).join(', ') || 'No roles'} · invited by {inv.inviter || 'unknown'} on {formatTime(inv.createdAt)}</p>
                    <p className={inv.expired ? 'text-red-700' : 'text-slate-500'}>{inv.expired ? `Expired ${formatTime(inv.expiresAt)}` : `Expires ${formatTime(inv.expiresAt)}`}</p>
                  </div>
                  <InvitationActions id={inv.id} email={inv.email} />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
