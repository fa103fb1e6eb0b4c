// Generated from lib/auth/post-login-action.ts by `npm run auth0:build-action`. Do not edit.
// Deployed to Auth0 as a post-login Action by `npm run auth0:provision`; run as-is by the local tenant.
"use strict";
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// lib/auth/post-login-action.ts
var post_login_action_exports = {};
__export(post_login_action_exports, {
  CLAIM_NAMESPACE: () => CLAIM_NAMESPACE,
  ENTERPRISE_STRATEGIES: () => ENTERPRISE_STRATEGIES,
  POLICY_METADATA_KEYS: () => POLICY_METADATA_KEYS,
  SSO_ONLY_DENIAL: () => SSO_ONLY_DENIAL,
  onExecutePostLogin: () => onExecutePostLogin
});
module.exports = __toCommonJS(post_login_action_exports);
var CLAIM_NAMESPACE = "https://tenantry.dev/";
var POLICY_METADATA_KEYS = {
  /** "required" */
  mfa: "mfa",
  /** "true": people signing in through an enterprise connection are not asked for MFA here. */
  mfaSsoExempt: "mfa_sso_exempt",
  /** "sso_only" */
  signIn: "sign_in",
  /** Comma-separated Auth0 user ids who may still sign in with a password while SSO only is on. */
  breakGlass: "break_glass"
};
var SSO_ONLY_DENIAL = "sso_required: this organization only allows sign-in through its single sign-on connection";
var ENTERPRISE_STRATEGIES = ["samlp", "oidc", "okta", "waad", "adfs", "pingfederate", "google-apps", "ad", "auth0-adldap", "office365"];
async function onExecutePostLogin(event, api) {
  const org = event.organization;
  if (!org) return;
  const metadata = org.metadata ?? {};
  const tenantId = metadata.tenantId;
  if (!tenantId) {
    api.access.deny(`organization ${org.name} is not provisioned for this application`);
    return;
  }
  const strategy = event.connection?.strategy ?? "auth0";
  const viaSso = ENTERPRISE_STRATEGIES.includes(strategy);
  if (metadata[POLICY_METADATA_KEYS.signIn] === "sso_only" && !viaSso) {
    const breakGlass = (metadata[POLICY_METADATA_KEYS.breakGlass] ?? "").split(",").filter(Boolean);
    if (!breakGlass.includes(event.user.user_id)) {
      api.access.deny(SSO_ONLY_DENIAL);
      return;
    }
  }
  const roles = event.authorization?.roles ?? [];
  for (const token of [api.idToken, api.accessToken]) {
    token.setCustomClaim(`${CLAIM_NAMESPACE}tenantId`, tenantId);
    token.setCustomClaim(`${CLAIM_NAMESPACE}org_name`, org.name);
    token.setCustomClaim(`${CLAIM_NAMESPACE}roles`, roles);
  }
  if (viaSso && event.connection) api.idToken.setCustomClaim(`${CLAIM_NAMESPACE}sso_connection`, event.connection.name);
  const mfaRequired = metadata[POLICY_METADATA_KEYS.mfa] === "required" && !(viaSso && metadata[POLICY_METADATA_KEYS.mfaSsoExempt] === "true");
  const refreshing = event.transaction?.protocol === "oauth2-refresh-token";
  const done = (event.authentication?.methods ?? []).some((m) => m.name === "mfa");
  if (!mfaRequired || refreshing || done) return;
  const enrolled = (event.user.enrolledFactors ?? []).some((f) => f.type === "otp");
  if (enrolled) {
    api.authentication?.challengeWithAny([{ type: "otp" }]);
  } else {
    api.multifactor?.enable("any", { allowRememberBrowser: false });
  }
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  CLAIM_NAMESPACE,
  ENTERPRISE_STRATEGIES,
  POLICY_METADATA_KEYS,
  SSO_ONLY_DENIAL,
  onExecutePostLogin
});
