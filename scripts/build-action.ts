// npm run auth0:build-action: rebuild lib/auth/post-login-action.cjs from its TypeScript source.
import { writeFileSync } from 'node:fs';
import { buildPostLoginAction, POST_LOGIN_ACTION_ARTIFACT } from '@/lib/auth/post-login-action-build';

writeFileSync(POST_LOGIN_ACTION_ARTIFACT, await buildPostLoginAction());
console.log(`Built ${POST_LOGIN_ACTION_ARTIFACT}`);
