// The readiness probe's question to the database. No tenant data: `SELECT 1`.
import 'server-only';
import { db } from '@/lib/db/client';

/** Opens the connection (not part of the probe's time budget), then returns the probe. */
export async function databaseProbe(): Promise<() => Promise<unknown>> {
  const client = await db();
  return () => client.$queryRaw`SELECT 1`;
}
