import Link from 'next/link';
import { notFound } from 'next/navigation';
import { authorizePage } from '@/lib/auth/page-guard';
import { webhookEndpointWithLog } from '@/lib/webhooks/endpoints';
import { Alert, Card } from '@/lib/ui/components';
import { SettingsHeading, formatTime } from '@/app/tenant/settings/heading';
import { EndpointActions, ReplayButton } from '@/app/tenant/settings/webhooks/webhook-forms';

export const metadata = { title: 'Webhook endpoint' };
export const dynamic = 'force-dynamic';

const STATUS: Record<string, string> = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed (gave up)' };

export default async function WebhookEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await authorizePage({ permission: 'org:manage', returnTo: `/settings/webhooks/${encodeURIComponent(id)}` });
  const found = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await webhookEndpointWithLog(ctx, id) : null;
  if (!found) notFound();
  const { endpoint, deliveries } = found;
  return (
    <>
      <SettingsHeading title="Webhook endpoint">
        <Link href="/settings/webhooks" className="text-brand hover:underline">All endpoints</Link>
      </SettingsHeading>
      <div className="space-y-6">
        {!endpoint.enabled && endpoint.disabledReason === 'failing' && (
          <div data-testid="webhook-failing-banner">
            <Alert>This endpoint was switched off because every delivery failed for 24 hours. Fix the receiver, then enable it again.</Alert>
          </div>
        )}
        <Card>
          <dl className="mb-4 grid gap-2 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="font-medium text-slate-700">URL</dt><dd className="break-all font-mono" data-testid="webhook-url">{endpoint.url}</dd>
            {endpoint.description && (<><dt className="font-medium text-slate-700">Description</dt><dd>{endpoint.description}</dd></>)}
            <dt className="font-medium text-slate-700">Status</dt><dd data-testid="webhook-status">{endpoint.enabled ? 'Enabled' : 'Disabled'}</dd>
            <dt className="font-medium text-slate-700">Events</dt><dd>{endpoint.eventTypes.map((t) => <code key={t} className="mr-2 inline-block">{t}</code>)}</dd>
            {endpoint.previousSecretUntil && endpoint.previousSecretUntil > new Date() && (
              <><dt className="font-medium text-slate-700">Secret rotation</dt><dd>The previous secret also signs until {formatTime(endpoint.previousSecretUntil)}.</dd></>
            )}
          </dl>
          <EndpointActions id={endpoint.id} enabled={endpoint.enabled} url={endpoint.url} />
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Delivery log</h2>
          {deliveries.length === 0 ? (
            <p className="text-slate-600">Nothing sent yet.</p>
          ) : (
            <table className="w-full text-left text-sm" aria-label="Deliveries">
              <thead className="text-xs uppercase text-slate-500">
                <tr><th className="py-2">Event</th><th>Status</th><th>Response</th><th>Duration</th><th>Attempts</th><th>Next attempt</th><th>Created</th><th><span className="sr-only">Actions</span></th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {deliveries.map((d) => (
                  <tr key={d.id} data-testid="webhook-delivery-row" data-event-type={d.eventType} data-status={d.status} className="align-top">
                    <td className="py-2 pr-3"><code>{d.eventType}</code>{d.replayOf && <div className="text-xs text-slate-500">replay</div>}<div className="text-xs text-slate-500">{d.eventId}</div></td>
                    <td className="py-2 pr-3" data-testid="webhook-delivery-status">{STATUS[d.status] ?? d.status}{d.lastError && <div className="text-xs text-red-700">{d.lastError}</div>}</td>
                    <td className="py-2 pr-3" data-testid="webhook-delivery-code">{d.lastStatusCode ?? '—'}</td>
                    <td className="py-2 pr-3">{d.lastDurationMs != null ? `${d.lastDurationMs} ms` : '—'}</td>
                    <td className="py-2 pr-3" data-testid="webhook-delivery-attempts">{d.attempts}</td>
                    <td className="py-2 pr-3 whitespace-nowrap">{d.status === 'pending' ? formatTime(d.nextAttemptAt) : '—'}</td>
                    <td className="py-2 pr-3 whitespace-nowrap">{formatTime(d.createdAt)}</td>
                    <td className="py-2"><ReplayButton deliveryId={d.id} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </>
  );
}
