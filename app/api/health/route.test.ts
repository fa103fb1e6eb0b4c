import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMigratedTestDatabase } from '@/lib/testing/database';

async function healthWith(env: Record<string, string>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  const { GET } = await import('@/app/api/health/route');
  const { closeDb } = await import('@/lib/db/client');
  try {
    const response = await GET();
    return { status: response.status, body: await response.json() };
  } finally {
    await closeDb();
  }
}

describe('/api/health', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('answers 200 with the version when the database answers', async () => {
    // Migrated: the app connects as the role the migrations create (as it does after `db:migrate`).
    const database = await createMigratedTestDatabase();
    try {
      const { status, body } = await healthWith(database.env);
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'ok', database: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    } finally {
      await database.drop();
    }
  });

  it('answers 503 without details or secrets when the database does not', async () => {
    const url = 'postgresql://tenantry:s3cret-password@127.0.0.1:1/nowhere';
    const { status, body } = await healthWith({ DATABASE_URL: url });
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'degraded', database: 'unavailable' });
    expect(JSON.stringify(body)).not.toMatch(/s3cret|127\.0\.0\.1|tenantry:/);
  });
});
