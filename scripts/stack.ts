// Starts what the app needs beside it, for `npm run dev`, the browser tests and the bench:
// migrations, the local Auth0 tenant when the configured tenant is not reachable on a
// localhost origin, and the tenant registry rows of the tenant's existing organizations.
import { spawn, type ChildProcess } from 'node:child_process';
import { config } from '@/lib/config';
import { openAdapter } from '@/lib/db/adapter';
import { migrate } from '@/lib/db/migrate';

export async function migrateDatabase(): Promise<void> {
  const adapter = await openAdapter(config().database);
  try {
    const applied = await migrate(adapter.factory);
    console.log(applied.length ? `db: applied ${applied.join(', ')} (${adapter.description})` : `db: up to date (${adapter.description})`);
  } finally {
    await adapter.close();
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

export async function waitFor(url: string, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answers(url)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not start within ${timeoutMs / 1000} s (${url})`);
}

/**
 * Starts the local Auth0 tenant on the configured origin's port unless something already
 * answers there. Only for http://localhost origins: a real tenant is never started here.
 */
export async function startLocalTenantIfNeeded(extraArgs: string[] = []): Promise<ChildProcess | null> {
  const origin = new URL(config().auth0.origin);
  const discovery = `${origin.origin}/.well-known/openid-configuration`;
  if (origin.protocol !== 'http:' || origin.hostname !== 'localhost') return null;
  if (await answers(discovery)) {
    console.log(`auth0: using the tenant already running at ${origin.origin}`);
    return null;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'auth0-local/src/cli.ts', '--port', origin.port || '80', ...extraArgs], {
    stdio: 'inherit',
    env: process.env,
  });
  await waitFor(discovery, 'The local Auth0 tenant');
  return child;
}

export function stopOnExit(children: (ChildProcess | null)[]): void {
  const stop = () => {
    for (const child of children) child?.kill('SIGTERM');
  };
  process.on('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      stop();
      process.exit(130);
    });
  }
}
