// For scripts that open the database and then hand it on (npm run dev passes PGlite's data
// directory to Next, which allows one process) or exit: release the connection.
export { closeDb as closeDatabase } from '@/lib/db/client';
