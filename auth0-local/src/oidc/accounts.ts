// The tenant's users as oidc-provider accounts: the profile and email claims Auth0 gives them.
import type { Account, KoaContextWithOIDC } from 'oidc-provider';
import type { Runtime } from '../runtime.js';

export function findAccount(rt: Runtime) {
  return async (_ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined> => {
    const user = rt.store.userById(sub);
    if (!user) return undefined;
    return {
      accountId: sub,
      claims: async () => ({
        sub,
        name: user.name,
        nickname: user.nickname,
        picture: user.picture,
        updated_at: user.updated_at,
        ...(user.given_name ? { given_name: user.given_name } : {}),
        ...(user.family_name ? { family_name: user.family_name } : {}),
        email: user.email,
        email_verified: user.email_verified,
      }),
    };
  };
}
