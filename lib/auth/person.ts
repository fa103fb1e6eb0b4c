// Who is asking, for what concerns only themself (the account page): the person of the live
// session, on the apex or any tenant host. Their organizations play no part in it.
import 'server-only';
import { liveSession } from '@/lib/auth/session';
import { AuthError } from '@/lib/auth/authorize';

export interface Person {
  /** Auth0 user id (the session's `sub`). */
  userId: string;
  email?: string;
  name?: string;
}

export async function currentPerson(): Promise<Person> {
  const session = await liveSession();
  if (!session) throw new AuthError('unauthenticated', 'Please sign in.');
  return { userId: session.user.sub, email: session.user.email, name: session.user.name };
}
