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
  onExecutePostLogin: () => onExecutePostLogin
});
module.exports = __toCommonJS(post_login_action_exports);
var CLAIM_NAMESPACE = "https://tenantry.dev/";
async function onExecutePostLogin(event, api) {
  const org = event.organization;
  if (!org) return;
  const tenantId = org.metadata?.tenantId;
  if (!tenantId) {
    api.access.deny(`organization ${org.name} is not provisioned for this application`);
    return;
  }
  const roles = event.authorization?.roles ?? [];
  for (const token of [api.idToken, api.accessToken]) {
    token.setCustomClaim(`${CLAIM_NAMESPACE}tenantId`, tenantId);
    token.setCustomClaim(`${CLAIM_NAMESPACE}org_name`, org.name);
    token.setCustomClaim(`${CLAIM_NAMESPACE}roles`, roles);
  }
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  CLAIM_NAMESPACE,
  onExecutePostLogin
});
