import Link from 'next/link';
import { authorizePage } from '@/lib/auth/page-guard';
import { EVENT_TYPES, SUBSCRIBABLE_EVENT_TYPES } from '@/lib/events/catalogue';
import { webhookEndpoints } from '@/lib/webhooks/endpoints';
import { Alert, Card } from '@/lib/ui/components';
import { SettingsHeading, formatTime } from '@/app/tenant/settings/heading';
import { AddEndpointForm } from '@/app/tenant/settings/webhooks/webhook-forms';

export const metadata = { title: 'Webhooks' };
export const dynamic = 'force-dynamic';

export default async function WebhooksPage() {
  const ctx = await authorizePage({ permission: 'org:manage', returnTo: '/settings/webhooks' });
  const endpoints = await webhookEndpoints(ctx);
  const failing = endpoints.filter((e) => !e.enabled && e.disabledReason === 'failing');
  return (
    <>
      <SettingsHeading title="Webhooks">
        Tell your own systems when something changes in this organization: signed HTTP POSTs (Standard Webhooks), retried for at least 24 hours.
      </SettingsHeading>
      <div className="space-y-6">
        {failing.length > 0 && (
          <div data-testid="webhook-failing-banner">
            <Alert>
              {failing.length === 1 ? 'An endpoint was' : `${failing.length} endpoints were`} switched off because every delivery failed for 24 hours:{' '}
              {failing.map((e, i) => (
                <span key={e.id}>{i > 0 && ', '}<Link className="underline" href={`/settings/webhooks/${e.id}`}>{e.url}</Link></span>
              ))}
              . Fix the receiver, then enable it again.
            </Alert>
          </div>
        )}
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Endpoints</h2>
          {endpoints.length === 0 ? (
            <p className="text-slate-600">No endpoints yet.</p>
          ) : (
            <table className="w-full text-left text-sm" aria-label="Webhook endpoints">
              <thead className="text-xs uppercase text-slate-500">
                <tr><th className="py-2">URL</th><th>Events</th><th>Status</th><th>Created</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {endpoints.map((e) => (
                  <tr key={e.id} data-testid="webhook-endpoint-row" data-url={e.url} className="align-top">
                    <td className="py-3 pr-3 break-all"><Link className="font-medium text-brand hover:underline" href={`/settings/webhooks/${e.id}`}>{e.url}</Link>{e.description && <div className="text-xs text-slate-500">{e.description}</div>}</td>
                    <td className="py-3 pr-3">{e.eventTypes.length}</td>
                    <td className="py-3 pr-3" data-testid="webhook-endpoint-status">{e.enabled ? 'Enabled' : e.disabledReason === 'failing' ? 'Off (failing)' : 'Disabled'}</td>
                    <td className="py-3 whitespace-nowrap">{formatTime(e.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Add an endpoint</h2>
          <AddEndpointForm eventTypes={SUBSCRIBABLE_EVENT_TYPES.map((name) => ({ name, description: EVENT_TYPES[name].description }))} />
        </Card>
      </div>
    </>
  );
}
