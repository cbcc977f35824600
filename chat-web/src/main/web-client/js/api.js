// The REST API (docs/rest-api.md) and the tokens that open it. Tokens live in localStorage so that
// a reload or a second tab stays logged in; refreshing is serialised across tabs with a Web Lock,
// because a refresh token is single use: two tabs spending the same one would look like theft to
// the server, which then revokes the whole login.
import {ChatError} from './errors.js';

const STORAGE_KEY = 'chat.session';
/** Refresh this long before the access token expires (or at 80 % of its life if that is shorter). */
const REFRESH_MARGIN_MS = 60_000;

function readStored() {
    try {
        return JSON.parse(localStorage.getItem(STORAGE_KEY));
    } catch {
        return null;
    }
}

function sessionOf(tokens) {
    return {
        userId: tokens.userId,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        issuedAt: Date.now(),
        expiresAt: Date.now() + tokens.expiresIn * 1000,
    };
}

export class Api {
    constructor(base = '/api/v1') {
        this.base = base;
        this.session = readStored();
        this.listeners = {tokens: new Set(), ended: new Set()};
        this.refreshing = null;
        this.refreshTimer = null;
        window.addEventListener('storage', event => {
            if (event.key !== STORAGE_KEY) return;
            const stored = readStored();
            if (stored && stored.userId === this.session?.userId) this.adopt(stored, false);
            else if (stored) location.reload(); // logged in (as someone else) in another tab: start over as them
            else if (this.session) this.end('You logged out in another tab.');
        });
        if (this.session) this.scheduleRefresh();
    }

    /** 'tokens' (a fresh access token: session), 'ended' (reason: the user must log in again); returns the unsubscribe. */
    on(event, listener) {
        this.listeners[event].add(listener);
        return () => this.listeners[event].delete(listener);
    }

    emit(event, value) {
        this.listeners[event].forEach(listener => listener(value));
    }

    get loggedIn() {
        return Boolean(this.session);
    }

    async register(username, password, displayName) {
        return this.request('POST', '/auth/register', {username, password, displayName: displayName || null}, {auth: false});
    }

    async login(username, password) {
        const tokens = await this.request('POST', '/auth/login', {username, password}, {auth: false});
        this.adopt(sessionOf(tokens), true);
        return this.session;
    }

    /** Revokes the refresh token on the server (best effort) and forgets the tokens here. */
    async logout() {
        const refreshToken = this.session?.refreshToken;
        this.end(null);
        if (refreshToken) {
            await this.request('POST', '/auth/logout', {refreshToken}, {auth: false}).catch(() => {});
        }
    }

    adopt(session, store) {
        const changed = session.accessToken !== this.session?.accessToken;
        this.session = session;
        if (store) localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
        this.scheduleRefresh();
        if (changed) this.emit('tokens', session);
    }

    end(reason) {
        clearTimeout(this.refreshTimer);
        const had = Boolean(this.session);
        this.session = null;
        localStorage.removeItem(STORAGE_KEY);
        if (had) this.emit('ended', reason);
    }

    scheduleRefresh() {
        clearTimeout(this.refreshTimer);
        if (!this.session) return;
        const lifetime = this.session.expiresAt - (this.session.issuedAt ?? Date.now());
        const margin = Math.min(REFRESH_MARGIN_MS, lifetime * 0.2);
        // tabs sharing a session do not all wake at the same moment (they take turns, see refreshOnce)
        const jitter = Math.random() * margin / 2;
        const due = Math.max(1000, this.session.expiresAt - margin - jitter - Date.now());
        this.refreshTimer = setTimeout(() => this.refresh().catch(() => {}), due);
    }

    /** A new access token (and refresh token); once at a time in this tab and across tabs. */
    refresh() {
        this.refreshing ??= this.refreshOnce().finally(() => { this.refreshing = null; });
        return this.refreshing;
    }

    async refreshOnce() {
        const held = this.session?.refreshToken;
        const spend = async () => {
            const stored = readStored();
            if (!stored) {
                this.end('Your session has ended. Please log in again.');
                throw new ChatError({code: 'UNAUTHORIZED', message: 'logged out'});
            }
            if (stored.userId !== this.session?.userId) {
                location.reload(); // another user logged in in another tab: start over as them
                throw new ChatError({code: 'UNAUTHORIZED', message: 'another user logged in'});
            }
            if (stored.refreshToken !== held && stored.expiresAt - Date.now() > REFRESH_MARGIN_MS) {
                this.adopt(stored, false); // another tab refreshed already
                return;
            }
            try {
                const tokens = await this.request('POST', '/auth/refresh', {refreshToken: stored.refreshToken}, {auth: false});
                this.adopt(sessionOf(tokens), true);
            } catch (error) {
                if (error.code === 'UNAUTHORIZED') {
                    this.end('Your session has ended. Please log in again.');
                } else {
                    this.refreshTimer = setTimeout(() => this.refresh().catch(() => {}), 10_000);
                }
                throw error;
            }
        };
        if (navigator.locks) return navigator.locks.request('chat.refresh', spend);
        // no Web Locks outside secure contexts (plain http:// other than localhost): a random pause,
        // then spend reads the storage again and takes a token another tab refreshed meanwhile
        await new Promise(resolve => setTimeout(resolve, Math.random() * 2000));
        return spend();
    }

    get(path) {
        return this.request('GET', path);
    }

    post(path, body, options) {
        return this.request('POST', path, body ?? {}, options);
    }

    patch(path, body) {
        return this.request('PATCH', path, body);
    }

    put(path, body) {
        return this.request('PUT', path, body);
    }

    delete(path) {
        return this.request('DELETE', path);
    }

    async request(method, path, body, {auth = true, retry = true, headers = {}} = {}) {
        if (auth && this.session && this.session.expiresAt - Date.now() < 5_000) {
            await this.refresh().catch(() => {});
        }
        if (auth && !this.session) {
            throw new ChatError({code: 'UNAUTHORIZED', message: 'not logged in', status: 401});
        }
        const allHeaders = {Accept: 'application/json', ...headers};
        const form = body instanceof FormData; // multipart: the browser sets its Content-Type with the boundary
        if (body !== undefined && !form) allHeaders['Content-Type'] = 'application/json';
        if (auth) allHeaders.Authorization = `Bearer ${this.session.accessToken}`;
        let response;
        try {
            response = await fetch(this.base + path, {method, headers: allHeaders, body: body === undefined || form ? body : JSON.stringify(body)});
        } catch (failure) {
            throw new ChatError({code: 'NETWORK', message: failure.message, retryable: true});
        }
        if (response.status === 401 && auth && retry) {
            await this.refresh();
            return this.request(method, path, body, {auth, retry: false, headers});
        }
        if (!response.ok) {
            throw await errorOf(response);
        }
        return response.status === 204 ? null : response.json();
    }
}

async function errorOf(response) {
    let body = {};
    try {
        body = await response.json();
    } catch {
        // a proxy's HTML error page: the status says enough
    }
    const retryAfter = Number(response.headers.get('Retry-After'));
    return new ChatError({
        code: body.code ?? (response.status >= 500 ? 'UNAVAILABLE' : `HTTP_${response.status}`),
        message: body.message ?? response.statusText,
        fields: body.fields ?? null,
        status: response.status,
        retryable: response.status === 429 || response.status === 503,
        retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
    });
}
