import { NotFoundMessage } from '@/lib/ui/error-pages';

export const metadata = { title: 'Page not found' };

// Any address nothing answers on the apex (and a notFound() outside the tenant pages).
export default function NotFound() {
  return <NotFoundMessage home={{ href: '/', label: 'Go to the home page' }} />;
}
