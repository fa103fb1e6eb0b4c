import { config } from '@/lib/config';
import { Page, TextLink } from '@/lib/ui/components';

export const metadata = { title: 'No such organization' };

export default async function TenantNotFound({ searchParams }: { searchParams: Promise<{ slug?: string }> }) {
  const { slug } = await searchParams;
  const apex = config().apexOrigin;
  return (
    <Page title="No such organization">
      <p className="mb-4 text-slate-700">
        There is no organization at <strong>{slug ?? 'this address'}</strong>. Check the address, or look up your
        organization by email.
      </p>
      <TextLink href={`${apex}/find`}>Find my organization</TextLink>
    </Page>
  );
}
