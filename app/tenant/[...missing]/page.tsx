import { notFound } from 'next/navigation';

// An address on a tenant host that no tenant page answers: without this catch-all Next.js
// would show the apex's not-found page, outside the organization's layout.
export default function MissingTenantPage(): never {
  notFound();
}
