// For scripts that open the database and then hand it on (npm run dev passes PGlite's data
// directory to Next, which allows one process) or exit: release the connection.
import { ownerDb } from '@/lib/db/client';

export { closeDb as closeDatabase } from '@/lib/db/client';

/**
 * For scripts that load many rows at once (the bench's 5,000 members): the planner's
 * statistics, as autovacuum takes them on Postgres within a minute of such a load. PGlite has
 * no autovacuum, so without this its planner guesses one row per table and picks plans that
 * read the tenant's every row for a page of 50. Runs as the owner (ANALYZE needs the table's owner).
 */
export async function refreshPlannerStatistics(): Promise<void> {
  await (await ownerDb()).$executeRawUnsafe('ANALYZE');
}
