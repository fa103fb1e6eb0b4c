// Auth0 invitation links arrive as {initiate_login_uri}?invitation=&organization=&organization_name=.
import { z } from 'zod';

export const invitationParams = z.object({
  invitation: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/),
  organization: z.string().regex(/^org_[A-Za-z0-9]+$/),
  organization_name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/).optional(),
});
export type InvitationParams = z.infer<typeof invitationParams>;

export function parseInvitationParams(search: Record<string, string | string[] | undefined>): InvitationParams | null {
  const flat = Object.fromEntries(Object.entries(search).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = invitationParams.safeParse(flat);
  return parsed.success ? parsed.data : null;
}
