// Calls to the three services' APIs with the signed-in user's token, and the live stream of incident changes.
import { accessToken, renew } from './auth.js';
import { t } from './i18n.js';

/**
 * One API call (a body is sent as JSON, or as it is when a contentType is given). Resolves with { status, ok, data, etag, retryAfter, problem }: problem is the RFC 9457 body of an
 * error (or one made up when the service cannot be reached), never a thrown error.
 */
export async function call(url, { method = 'GET', body, ifMatch, accept = 'application/json', contentType } = {}) {
  const send = async (token) => {
    const headers = { Authorization: `Bearer ${token}`, Accept: `${accept}, application/problem+json` };
    if (body !== undefined) {
      headers['Content-Type'] = contentType || 'application/json';
    }
    if (ifMatch !== undefined && ifMatch !== null) {
      headers['If-Match'] = `"${ifMatch}"`;
    }
    const sent = body === undefined || contentType ? body : JSON.stringify(body);
    return fetch(url, { method, headers, body: sent });
  };
  let response;
  try {
    response = await send(await accessToken());
    if (response.status === 401) {
      response = await send(await renew());
    }
  } catch (e) {
    return {
      status: 0, ok: false, data: null, etag: null, retryAfter: null,
      problem: { title: t('api.unreachable.title'), detail: t('api.unreachable.detail', { host: new URL(url).host }) },
    };
  }
  const type = response.headers.get('Content-Type') || '';
  let data = null;
  if (type.includes('json')) {
    data = await response.json().catch(() => null);
  } else if (response.status !== 204) {
    data = await response.text();
  }
  const etag = response.headers.get('ETag');
  return {
    status: response.status,
    ok: response.ok,
    data: response.ok ? data : null,
    etag: etag ? etag.replace(/^W\//, '').replace(/"/g, '') : null,
    retryAfter: response.headers.get('Retry-After'),
    problem: response.ok ? null : (data && typeof data === 'object' ? data : { title: `HTTP ${response.status}`, detail: String(data || '') }),
  };
}

const listeners = new Set();
const states = new Set();

/** Calls back with each changed incident ({ id, product }) of the user's products, for as long as it is subscribed. */
export function onIncidentChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Calls back with 'live' (after each connect: what changed meanwhile is unknown, read again) or 'reconnecting'. */
export function onLiveState(listener) {
  states.add(listener);
  return () => states.delete(listener);
}

function lines(chunk) {
  return chunk.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n');
}

/** Keeps the server-sent events stream of report-service open (fetch, since EventSource cannot send a token). */
export function connectLive() {
  const run = async (attempt) => {
    let connected = false;
    try {
      const response = await fetch('/api/v1/incidents/live', {
        headers: { Authorization: `Bearer ${await accessToken()}`, Accept: 'text/event-stream' },
      });
      if (response.status === 401) {
        await renew();
      }
      if (!response.ok) {
        throw new Error(`live stream answered ${response.status}`);
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        buffer = (buffer + value).replace(/\r\n/g, '\n');
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const data = lines(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (data) {
            const change = JSON.parse(data);
            if (change.id === null) {
              if (!connected) {
                connected = true;
                states.forEach((listener) => listener('live'));
              }
            } else {
              listeners.forEach((listener) => listener(change));
            }
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch (e) {
      // reconnects below
    }
    states.forEach((listener) => listener('reconnecting'));
    const next = connected ? 0 : attempt + 1;
    setTimeout(() => run(next), Math.min(30000, 1000 * 2 ** next));
  };
  run(0);
}
