import { NotFoundMessage } from '@/lib/ui/error-pages';

export const metadata = { title: 'Page not found' };

// Inside the organization's layout (its branding and navigation stay).
export default function TenantNotFound() {
  return <NotFoundMessage home={{ href: '/', label: 'Back to the workspace' }} />;
}
