// Prisma CLI configuration. The app itself never reads this: lib/db builds its client
// with a driver adapter. `prisma generate` needs only the schema path.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
