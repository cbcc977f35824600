// The WebSocket connection (docs/protocol.md): opened with the access token in the query (browsers
// cannot set headers on a WebSocket) and `batch=true`; PING keeps it from the idle timeout and finds
// a dead link; a dropped connection is opened again with exponential backoff and jitter, after a
// token refresh when the token is close to expiry (the server refuses the handshake of an expired
// one with a 401 a browser cannot see). The first PING goes at once; each PONG says when the server
// wants the next (`heartbeatMs`).

const PING_EVERY_MS = 25_000; // until a PONG says otherwise (a server without `heartbeatMs`)
const PONG_WITHIN_MS = 10_000;
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 30_000;
const STABLE_AFTER_MS = 10_000;

export class ChatSocket {
    /**
     * @param api the Api (its session's access token)
     * @param handlers onOpen(): the connection is ready (RESUME, resend); onFrame(frame): each server
     *        frame, BATCH unpacked, in order; onState({state, attempt, retryInMs}): connecting,
     *        online, reconnecting, stopped
     */
    constructor(api, handlers) {
        this.api = api;
        this.handlers = {...handlers, onState: state => {
            console.debug('[chat] connection', state.state, state.attempt ?? '', state.retryInMs ?? '');
            handlers.onState(state);
        }};
        this.ws = null;
        this.stopped = true;
        this.attempt = 0;
        this.retryTimer = null;
        this.pingTimer = null;
        this.pingEveryMs = null;
        this.pongTimer = null;
        this.stableTimer = null;
        this.opening = false;
        window.addEventListener('online', () => {
            if (!this.stopped && !this.ws) this.connectNow();
        });
    }

    get isOpen() {
        return this.ws?.readyState === WebSocket.OPEN;
    }

    start() {
        this.stopped = false;
        this.attempt = 0;
        this.connectNow();
    }

    stop() {
        this.stopped = true;
        clearTimeout(this.retryTimer);
        this.drop(1000, 'bye');
        this.handlers.onState({state: 'stopped'});
    }

    /** Sends a client frame; false when the connection is not open (the caller keeps what must not be lost). */
    send(frame) {
        if (!this.isOpen) return false;
        this.ws.send(JSON.stringify(frame));
        return true;
    }

    /** Closes the current connection on purpose, as a network drop would; it is opened again. */
    reconnect() {
        this.drop(4000, 'reconnect');
        this.scheduleReconnect();
    }

    connectNow() {
        clearTimeout(this.retryTimer);
        this.open().catch(() => this.scheduleReconnect());
    }

    async open() {
        if (this.stopped || this.ws || this.opening) return;
        const session = this.api.session;
        if (!session) return;
        this.opening = true;
        try {
            // a refused handshake (expired or revoked token) looks like any failure: refresh once after two
            if (session.expiresAt - Date.now() < 60_000 || this.attempt === 2) {
                await this.api.refresh().catch(error => {
                    if (error.code === 'UNAUTHORIZED') this.stop();
                });
            }
        } finally {
            this.opening = false;
        }
        if (this.stopped || this.ws || !this.api.session) return;
        this.handlers.onState({state: 'connecting', attempt: this.attempt});
        const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
        const ws = new WebSocket(`${scheme}://${location.host}/ws/chat?batch=true&access_token=${encodeURIComponent(this.api.session.accessToken)}`);
        this.ws = ws;
        ws.onopen = () => {
            // the backoff starts over once a connection has lasted: one that opens and drops at once
            // (a server accepting and closing) must not be retried in a tight loop
            this.stableTimer = setTimeout(() => { this.attempt = 0; }, STABLE_AFTER_MS);
            this.handlers.onState({state: 'online'});
            this.startPing();
            this.handlers.onOpen();
        };
        ws.onmessage = event => this.received(event.data);
        ws.onclose = event => {
            if (this.ws !== ws) return;
            this.ws = null;
            this.stopPing();
            clearTimeout(this.stableTimer);
            if (event.code === 1008) {
                // policy: the token was refused or the account closed; a fresh token decides which
                this.api.refresh().then(() => this.scheduleReconnect(), error => {
                    if (error.code !== 'UNAUTHORIZED') this.scheduleReconnect(); // else the login screen shows
                });
                return;
            }
            this.scheduleReconnect();
        };
    }

    received(data) {
        let frame;
        try {
            frame = JSON.parse(data);
        } catch {
            console.error('not JSON from the server', data);
            return;
        }
        clearTimeout(this.pongTimer);
        const frames = frame.type === 'BATCH' ? frame.frames : [frame];
        for (const each of frames) {
            if (each.type === 'PONG' && each.heartbeatMs > 0) this.pingEveryMs = each.heartbeatMs;
            try {
                this.handlers.onFrame(each);
            } catch (error) {
                console.error('handling', each, error);
            }
        }
    }

    scheduleReconnect() {
        if (this.stopped) return;
        clearTimeout(this.retryTimer);
        const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempt);
        const delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
        this.attempt++;
        this.handlers.onState({state: 'reconnecting', attempt: this.attempt, retryInMs: delay});
        this.retryTimer = setTimeout(() => this.connectNow(), delay);
    }

    drop(code, reason) {
        const ws = this.ws;
        this.ws = null;
        this.stopPing();
        clearTimeout(this.stableTimer);
        if (ws) {
            ws.onclose = null;
            ws.onmessage = null;
            try {
                ws.close(code, reason);
            } catch {
                // already closing
            }
        }
    }

    startPing() {
        this.stopPing();
        this.ping();
    }

    ping() {
        if (this.send({type: 'PING'})) {
            clearTimeout(this.pongTimer);
            this.pongTimer = setTimeout(() => this.reconnect(), PONG_WITHIN_MS); // any frame counts as an answer
        }
        this.pingTimer = setTimeout(() => this.ping(), this.pingEveryMs ?? PING_EVERY_MS);
    }

    stopPing() {
        clearTimeout(this.pingTimer);
        clearTimeout(this.pongTimer);
    }
}
