// One delivery attempt: sign the body per Standard Webhooks (the `standardwebhooks` library),
// re-check the URL against the SSRF policy, POST to the vetted address (pinned, no second DNS
// resolution), and report what happened. 2xx is success; anything else, a redirect included
// (never followed), a timeout or a refused URL is a failure. The answer's body is not kept.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Webhook } from 'standardwebhooks';
import { parseWebhookUrl, pinnedLookup, UnsafeWebhookUrl, vettedAddress, type SsrfPolicy } from '@/lib/webhooks/ssrf';

export interface Attempt {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  /** Why it failed, in our words (never the receiver's body). */
  error: string | null;
}

/**
 * The `webhook-signature` header: one `v1,<sig>` per secret, space-separated (Standard
 * Webhooks allows several, so a receiver still holding the previous secret keeps verifying
 * during a rotation's grace period).
 */
export function signatures(secrets: string[], msgId: string, at: Date, body: string): string {
  return secrets.map((secret) => new Webhook(secret).sign(msgId, at, body)).join(' ');
}

export async function sendSigned(
  target: string,
  message: { id: string; body: string; secrets: string[] },
  policy: SsrfPolicy & { timeoutMs?: number },
): Promise<Attempt> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  let pinned;
  try {
    url = parseWebhookUrl(target, policy);
    pinned = await vettedAddress(url, policy);
  } catch (error) {
    return { ok: false, statusCode: null, durationMs: elapsed(), error: error instanceof UnsafeWebhookUrl ? `Refused: ${error.message}` : 'Refused: the URL could not be checked.' };
  }
  // Signed when sent: receivers refuse timestamps more than a few minutes off their clock.
  const at = new Date();
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Tenantry-Webhooks/1',
    'webhook-id': message.id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures(message.secrets, message.id, at, message.body),
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const timeoutMs = policy.timeoutMs ?? 10_000;
  return new Promise<Attempt>((resolve) => {
    const done = (attempt: Omit<Attempt, 'durationMs'>) => resolve({ ...attempt, durationMs: elapsed() });
    const req = send(url, { method: 'POST', headers, lookup: pinnedLookup(pinned), timeout: timeoutMs, agent: false }, (res) => {
      res.resume(); // the body is not read
      const status = res.statusCode ?? 0;
      const finish = () => {
        if (status >= 200 && status < 300) done({ ok: true, statusCode: status, error: null });
        else if (status >= 300 && status < 400) done({ ok: false, statusCode: status, error: 'Redirects are not followed: answer with 2xx at the URL itself.' });
        else done({ ok: false, statusCode: status, error: `The endpoint answered ${status}.` });
      };
      res.on('end', finish);
      res.on('error', finish);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => done({ ok: false, statusCode: null, error: error.message === 'timeout' ? `No answer within ${timeoutMs / 1000} s.` : 'Could not connect to the endpoint.' }));
    req.end(message.body);
  });
}
