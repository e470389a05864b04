// Sign-in with Keycloak: authorization code flow with PKCE (S256) through the public client kizuki-console.
// Tokens live in this module's memory only: never in localStorage, sessionStorage or a cookie. Only the PKCE verifier,
// the state and the page to return to sit in sessionStorage, for the length of the redirect to Keycloak and back.
// A reload signs in again through Keycloak's own session (a redirect, no password while that session lasts).

import { t } from './i18n.js';

const PENDING = 'kizuki.console.signin';
const REFRESH_MARGIN_SECONDS = 30;

let settings = null;
let tokens = null;
let refreshTimer = null;
let refreshing = null;

function endpoint(name) {
  return `${settings.oidcUrl}/protocol/openid-connect/${name}`;
}

function redirectUri() {
  return `${location.origin}/`;
}

function base64url(bytes) {
  let text = '';
  bytes.forEach((byte) => { text += String.fromCharCode(byte); });
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function challenge(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The claims of a JWT (not verified here: the APIs verify every token they are given). */
export function claims(jwt) {
  const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = decodeURIComponent(Array.from(atob(part), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
  return JSON.parse(json);
}

async function redirectToSignIn() {
  const verifier = randomText();
  const state = randomText();
  sessionStorage.setItem(PENDING, JSON.stringify({ state, verifier, route: location.hash }));
  const query = new URLSearchParams({
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    response_mode: 'query',
    scope: 'openid',
    state,
    code_challenge: await challenge(verifier),
    code_challenge_method: 'S256',
  });
  location.assign(`${endpoint('auth')}?${query}`);
  return new Promise(() => {});
}

async function tokenRequest(form) {
  const response = await fetch(endpoint('token'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: settings.clientId, ...form }),
  });
  if (!response.ok) {
    throw new Error(t('auth.refused', { status: response.status }));
  }
  const answer = await response.json();
  tokens = {
    access: answer.access_token,
    refresh: answer.refresh_token,
    id: answer.id_token || (tokens && tokens.id),
    expiresAt: Date.now() + answer.expires_in * 1000,
  };
  clearTimeout(refreshTimer);
  const wait = Math.max(5, answer.expires_in - REFRESH_MARGIN_SECONDS) * 1000;
  refreshTimer = setTimeout(() => { refresh().catch(() => redirectToSignIn()); }, wait);
  return tokens;
}

function refresh() {
  if (!refreshing) {
    refreshing = tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh })
      .finally(() => { refreshing = null; });
  }
  return refreshing;
}

/**
 * Signs in: finishes a sign-in Keycloak redirected back from, or sends the browser to Keycloak's sign-in page.
 * Resolves with the access token's claims once signed in.
 */
export async function signIn(consoleSettings) {
  settings = consoleSettings;
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) {
    return redirectToSignIn();
  }
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', `/${pending && pending.route ? pending.route : ''}`);
  if (params.has('error')) {
    throw new Error(params.get('error_description') || params.get('error'));
  }
  if (!pending || pending.state !== params.get('state')) {
    return redirectToSignIn();
  }
  await tokenRequest({
    grant_type: 'authorization_code',
    code: params.get('code'),
    redirect_uri: redirectUri(),
    code_verifier: pending.verifier,
  });
  return claims(tokens.access);
}

/** A valid access token, refreshed when it is about to expire; signs in again when the session is gone. */
export async function accessToken() {
  if (tokens.expiresAt - Date.now() < REFRESH_MARGIN_SECONDS * 1000) {
    try {
      await refresh();
    } catch (e) {
      return redirectToSignIn();
    }
  }
  return tokens.access;
}

/** After a 401: the session may have ended in Keycloak; try a refresh once, else sign in again. */
export async function renew() {
  try {
    await refresh();
    return tokens.access;
  } catch (e) {
    return redirectToSignIn();
  }
}

/** Signs out of Keycloak (ending the session there too) and comes back to the console's start. */
export function signOut() {
  const query = new URLSearchParams({ client_id: settings.clientId, post_logout_redirect_uri: redirectUri() });
  if (tokens && tokens.id) {
    query.set('id_token_hint', tokens.id);
  }
  tokens = null;
  clearTimeout(refreshTimer);
  location.assign(`${endpoint('logout')}?${query}`);
}
