// What the client knows, kept current from the REST API and the WebSocket frames
// (docs/protocol.md). The views only read it and call its actions; every change is announced to
// the subscribers with its scope: 'me', 'rooms', 'room' (with the room id), 'presence',
// 'connection', 'notice'.
import {randomId} from './dom.js';
import {ChatError} from './errors.js';
import {ChatSocket} from './socket.js';
import {Timeline} from './timeline.js';

const PAGE = 50;
const GAP_PAGE = 100;
const TYPING_EVERY_MS = 2500;
const MAX_CONTENT = 4000;
const RETRY_WITHOUT_HINT_MS = 2000;
const PACED_BURST = 80;
const PACED_PER_SECOND = 15;
/** Types that go straight to the file store as the browser names them (the server's defaults); others go through the server. */
const DIRECT_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'application/pdf', 'application/zip', 'text/plain']);

/** A message as the REST API and the MESSAGE frame both describe it. */
function messageOf(source) {
    return {
        messageId: source.messageId,
        roomId: source.roomId,
        seq: source.seq,
        senderId: source.senderId,
        content: source.content ?? null,
        replyTo: source.replyTo ?? null,
        ts: source.ts,
        editedAt: source.editedAt ?? null,
        deleted: Boolean(source.deleted),
        hidden: Boolean(source.hidden), // from a user I blocked, or hidden by moderation: a placeholder, no content
        moderated: Boolean(source.moderated), // hidden by moderation (until MESSAGE_RESTORED)
        reactions: source.reactions ?? [],
        attachments: source.attachments ?? [],
        mentions: source.mentions ?? [],
    };
}

export class ChatStore {
    constructor(api) {
        this.api = api;
        this.me = null;
        this.myStatus = 'ONLINE';
        this.rooms = new Map();
        this.users = new Map();
        this.presence = new Map();
        this.pending = new Map();
        this.openRoomId = null;
        this.stopped = false;
        this.connection = {state: 'stopped'};
        this.listeners = new Set();
        this.userLookups = new Map();
        this.links = new Map(); // attachmentId -> {links, fetchedAt, loading, failedAt}
        this.socket = new ChatSocket(api, {
            onOpen: () => this.connected(),
            onFrame: frame => this.received(frame),
            onState: state => {
                this.connection = state;
                this.changed('connection');
            },
        });
        this.unsubscribeTokens = api.on('tokens', session => this.socket.send({type: 'REAUTH', token: session.accessToken}));
        this.onVisibility = () => {
            if (this.openRoomId) this.markRead(this.openRoomId);
        };
        document.addEventListener('visibilitychange', this.onVisibility);
    }

    subscribe(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    changed(scope, detail) {
        this.listeners.forEach(listener => listener(scope, detail));
    }

    notice(error, roomId = null) {
        this.changed('notice', {error, roomId});
    }

    // ---------------------------------------------------------------- start, stop

    async start() {
        this.me = await this.api.get('/users/me');
        this.remember({userId: this.me.id, username: this.me.username, displayName: this.me.displayName});
        const views = await this.api.get('/rooms');
        views.forEach(view => this.addRoom(view));
        this.changed('me');
        this.changed('rooms');
        this.socket.start();
        this.loadPresence([...this.users.keys()]);
    }

    stop() {
        this.stopped = true;
        clearTimeout(this.pacer);
        this.unsubscribeTokens();
        document.removeEventListener('visibilitychange', this.onVisibility);
        this.socket.stop();
        this.pending.forEach(p => clearTimeout(p.timer));
        this.rooms.clear();
        this.pending.clear();
        this.openRoomId = null;
        this.me = null;
    }

    connected() {
        // first thing on a new connection: every room resumes after what this client holds, then
        // what is still unsent goes again; paced within the server's inbound budget (a burst of
        // chat.ws.inbound.burst, 100, then 20 frames a second), which would refuse the rest
        const frames = [...this.rooms.values()].map(room => ({type: 'RESUME', roomId: room.view.id, afterSeq: room.timeline.high}));
        const resends = [...this.pending.values()].filter(p => p.state !== 'accepted' && p.state !== 'failed');
        clearTimeout(this.pacer);
        const next = (budget) => {
            while (budget-- > 0 && (frames.length || resends.length)) {
                if (frames.length) this.socket.send(frames.shift());
                else this.transmit(resends.shift());
            }
            if (frames.length || resends.length) this.pacer = setTimeout(() => next(PACED_PER_SECOND), 1000);
        };
        next(PACED_BURST);
        if (this.myStatus === 'AWAY') this.setStatus('AWAY').catch(error => this.notice(error));
        if (this.openRoomId) this.markRead(this.openRoomId);
    }

    // ---------------------------------------------------------------- rooms and users

    addRoom(view) {
        let room = this.rooms.get(view.id);
        if (room) {
            room.view = {...room.view, ...view, lastSeq: Math.max(view.lastSeq, room.timeline.high)};
        } else {
            room = {view, timeline: new Timeline(view.lastSeq), members: null, typing: new Map(), receipts: new Map(),
                loadingOlder: false, fillingGap: false, lastTypingSent: 0};
            this.rooms.set(view.id, room);
        }
        if (view.peer) this.remember(view.peer);
        return room;
    }

    remember(user) {
        this.users.set(user.userId, {...this.users.get(user.userId), ...user});
    }

    /** Rooms as the list shows them: most recently active first. */
    roomList() {
        const time = room => Date.parse(room.view.lastActivityAt ?? '') || 0;
        return [...this.rooms.values()].sort((a, b) => time(b) - time(a));
    }

    room(roomId) {
        return this.rooms.get(roomId);
    }

    nameOf(userId) {
        const user = this.users.get(userId);
        if (!user) {
            this.lookUpUser(userId);
            return '…';
        }
        return user.displayName || user.username;
    }

    titleOf(room) {
        if (room.view.name) return room.view.name;
        if (room.view.type === 'direct') return room.view.peer ? this.nameOf(room.view.peer.userId) : 'Direct message';
        return 'Untitled room';
    }

    lookUpUser(userId) {
        if (this.userLookups.has(userId)) return;
        this.userLookups.set(userId, this.api.get(`/users/${encodeURIComponent(userId)}`)
            .then(user => {
                this.remember({userId: user.id, username: user.username, displayName: user.displayName});
                this.changed('rooms');
                if (this.openRoomId) this.changed('room', this.openRoomId);
            })
            .catch(() => this.remember({userId, username: 'former user', displayName: null})));
    }

    async refreshRoom(roomId) {
        try {
            const view = await this.api.get(`/rooms/${roomId}`);
            this.addRoom(view);
            this.changed('rooms');
            this.changed('room', roomId);
            return this.rooms.get(roomId);
        } catch (error) {
            if (error.code === 'NOT_A_MEMBER' || error.code === 'NOT_FOUND') this.forget(roomId);
            else this.notice(error, roomId);
            return null;
        }
    }

    forget(roomId) {
        this.rooms.delete(roomId);
        if (this.openRoomId === roomId) this.openRoomId = null;
        this.changed('rooms');
        this.changed('room', roomId);
    }

    /** Shows a room: its members, its latest history, and marks it read. */
    async open(roomId) {
        this.openRoomId = roomId;
        const room = this.rooms.get(roomId);
        if (!room) return;
        this.changed('room', roomId);
        if (!room.members) this.loadMembers(roomId).catch(error => this.notice(error, roomId));
        if (room.timeline.messages().length < PAGE && room.timeline.hasOlder) await this.loadOlder(roomId);
        this.markRead(roomId);
    }

    close() {
        this.openRoomId = null;
    }

    async loadMembers(roomId) {
        const room = this.rooms.get(roomId);
        const members = await this.api.get(`/rooms/${roomId}/members`);
        room.members = new Map(members.map(member => [member.userId, member]));
        for (const member of members) {
            this.remember({userId: member.userId, username: member.username, displayName: member.displayName});
            if (member.lastReadSeq) room.receipts.set(member.userId, Math.max(member.lastReadSeq, room.receipts.get(member.userId) ?? 0));
        }
        this.changed('room', roomId);
        await this.loadPresence(members.map(member => member.userId));
    }

    async loadOlder(roomId) {
        const room = this.rooms.get(roomId);
        if (!room || room.loadingOlder || !room.timeline.hasOlder) return;
        room.loadingOlder = true;
        try {
            const page = await this.api.get(`/rooms/${roomId}/messages?before=${room.timeline.low}&limit=${PAGE}`);
            room.timeline.putOlder(page.map(messageOf), PAGE);
            this.settlePending(room);
        } catch (error) {
            this.notice(error, roomId);
        } finally {
            room.loadingOlder = false;
            this.changed('room', roomId);
        }
    }

    /** Pages the messages between the window and what arrived beyond it, oldest first. */
    async fillGap(room) {
        if (room.fillingGap) return;
        room.fillingGap = true;
        const roomId = room.view.id;
        try {
            let after;
            while ((after = room.timeline.gapAfter()) !== null && this.rooms.get(roomId) === room) {
                const page = await this.api.get(`/rooms/${roomId}/messages?after=${after}&limit=${GAP_PAGE}`);
                if (page.length === 0) break;
                room.timeline.putAfter(page.map(messageOf), after);
                this.settlePending(room);
            }
        } catch (error) {
            if (error.retryable && !this.stopped) setTimeout(() => this.fillGap(room), RETRY_WITHOUT_HINT_MS);
            else this.notice(error, roomId);
        } finally {
            room.fillingGap = false;
            this.changed('room', roomId);
        }
    }

    // ---------------------------------------------------------------- frames

    received(frame) {
        switch (frame.type) {
            case 'MESSAGE': return this.onMessage(frame);
            case 'ACK': return this.onAck(frame);
            case 'ERROR': return this.onError(frame);
            case 'SUBSCRIBED': return this.onSubscribed(frame);
            case 'MESSAGE_EDITED': return this.changeMessage(frame, m => ({...m, content: frame.content, editedAt: frame.editedAt}));
            case 'MESSAGE_DELETED': return this.changeMessage(frame, m => ({...m, content: null, deleted: true, reactions: [],
                hidden: m.hidden && !m.moderated, moderated: false})); // a tombstone; a blocked sender's stays a placeholder
            case 'MESSAGE_HIDDEN': return this.changeMessage(frame, m => m.deleted ? m
                : {...m, content: null, replyTo: null, reactions: [], attachments: [], mentions: [], hidden: true, moderated: true});
            case 'MESSAGE_RESTORED': return this.onRestored(frame);
            case 'REACTION': return this.changeMessage(frame, m => ({...m, reactions: this.react(m.reactions, frame)}));
            case 'RECEIPT': return this.onReceipt(frame);
            case 'MEMBERSHIP': return this.onMembership(frame);
            case 'PRESENCE':
                this.presence.set(frame.userId, {status: frame.status, lastSeen: frame.lastSeen});
                return this.changed('presence');
            case 'TYPING': return this.onTyping(frame);
            case 'PONG': return undefined;
            default:
                console.warn('unknown frame', frame);
        }
    }

    onMessage(frame) {
        let room = this.rooms.get(frame.roomId);
        if (!room) {
            // a room joined a moment ago: its frames can arrive before its description
            room = this.addRoom({id: frame.roomId, type: 'group', name: null, lastSeq: frame.seq - 1, lastReadSeq: frame.seq - 1,
                unreadCount: 0, memberCount: 0, myRole: 'member', lastActivityAt: frame.ts});
            this.refreshRoom(frame.roomId);
        }
        const message = messageOf(frame);
        room.timeline.put([message]);
        const view = room.view;
        if (message.seq > view.lastSeq) {
            this.takeAsLast(room, message);
            if (message.senderId !== this.me?.id && !message.hidden && !this.isReading(room.view.id)) view.unreadCount++;
            if (message.senderId !== this.me?.id && room.view.id === this.openRoomId) this.changed('arrived', message);
        }
        clearTimeout(room.typing.get(message.senderId));
        room.typing.delete(message.senderId);
        this.settlePending(room);
        if (room.timeline.gapAfter() !== null) this.fillGap(room);
        if (this.isReading(room.view.id)) this.markRead(room.view.id);
        this.changed('room', room.view.id);
        this.changed('rooms');
    }

    onAck(frame) {
        const pending = this.pending.get(frame.clientMsgId);
        if (!pending) return;
        pending.messageId = frame.messageId;
        pending.state = frame.durable ? 'accepted' : 'held';
        pending.error = null;
        if (this.rooms.get(pending.roomId)?.timeline.byId(frame.messageId)) this.pending.delete(frame.clientMsgId);
        this.changed('room', pending.roomId);
    }

    onError(frame) {
        const error = new ChatError(frame);
        const pending = frame.clientMsgId ? this.pending.get(frame.clientMsgId) : null;
        if (pending) {
            pending.error = error;
            if (error.retryable) {
                const wait = error.retryAfterMs ?? RETRY_WITHOUT_HINT_MS;
                pending.state = 'retrying';
                pending.retryAt = Date.now() + wait;
                clearTimeout(pending.timer);
                pending.timer = setTimeout(() => this.transmit(pending), wait);
            } else {
                pending.state = 'failed';
            }
            this.changed('room', pending.roomId);
            return;
        }
        if (error.code === 'UNAUTHORIZED') {
            this.api.refresh().catch(() => {}); // its 'tokens' event sends REAUTH
            return;
        }
        this.notice(error, this.openRoomId);
    }

    onSubscribed(frame) {
        const room = this.rooms.get(frame.roomId);
        if (!room || frame.complete) return;
        // more was missed than one replay carries: the room is paused on this connection
        if (frame.roomId === this.openRoomId) {
            this.catchUp(room);
        } else {
            this.skipAhead(room);
        }
    }

    async catchUp(room) {
        const roomId = room.view.id;
        if (this.stopped || this.rooms.get(roomId) !== room) return;
        try {
            for (;;) {
                const after = room.timeline.high;
                const page = await this.api.get(`/rooms/${roomId}/messages?after=${after}&limit=${GAP_PAGE}`);
                room.timeline.putAfter(page.map(messageOf), after);
                if (page.length < GAP_PAGE) break;
            }
            this.settlePending(room);
            const last = room.timeline.get(room.timeline.high);
            if (last && last.seq > room.view.lastSeq) this.takeAsLast(room, last);
            this.changed('room', roomId);
            this.changed('rooms');
            this.markRead(roomId);
            this.socket.send({type: 'RESUME', roomId, afterSeq: room.timeline.high});
        } catch (error) {
            if (error.retryable) {
                setTimeout(() => this.catchUp(room), RETRY_WITHOUT_HINT_MS);
            } else {
                this.notice(error, roomId);
            }
        }
    }

    /** Own messages that arrived some other way than their live MESSAGE (a page of history) are no longer pending. */
    settlePending(room) {
        for (const [clientMsgId, pending] of this.pending) {
            if (pending.roomId === room.view.id && pending.messageId && room.timeline.byId(pending.messageId)) {
                clearTimeout(pending.timer);
                this.pending.delete(clientMsgId);
            }
        }
    }

    /** The room list's line for a room: its latest message. */
    takeAsLast(room, message) {
        const view = room.view;
        view.lastSeq = message.seq;
        view.lastMessage = {messageId: message.messageId, seq: message.seq, senderId: message.senderId,
            content: message.content, ts: message.ts, deleted: message.deleted, hidden: message.hidden};
        view.lastActivityAt = message.ts;
    }

    /** A room nobody is looking at: start again at its latest message rather than page all it missed. */
    async skipAhead(room) {
        const fresh = await this.refreshRoom(room.view.id);
        if (!fresh) return;
        fresh.timeline.reset(fresh.view.lastSeq);
        this.socket.send({type: 'RESUME', roomId: fresh.view.id, afterSeq: fresh.timeline.high});
    }

    /** A moderator restored a message: its content at once, then the rest of it (reply, reactions, files) from history. */
    onRestored(frame) {
        this.changeMessage(frame, m => ({...m, content: frame.content, hidden: false, moderated: false}));
        this.api.get(`/rooms/${encodeURIComponent(frame.roomId)}/messages/${encodeURIComponent(frame.messageId)}`)
            .then(view => this.changeMessage(frame, m => m.deleted || m.hidden ? m : messageOf(view))) // unless hidden or deleted since
            .catch(error => console.warn('could not reload a restored message', error));
    }

    changeMessage(frame, apply) {
        const room = this.rooms.get(frame.roomId);
        if (!room) return;
        room.timeline.change(frame.seq, apply);
        const last = room.view.lastMessage;
        if (last && last.seq === frame.seq) {
            const message = room.timeline.get(frame.seq);
            if (message) room.view.lastMessage = {...last, content: message.content, deleted: message.deleted, hidden: message.hidden};
            this.changed('rooms');
        }
        this.changed('room', frame.roomId);
    }

    react(reactions, frame) {
        const mine = frame.userId === this.me?.id;
        const others = reactions.filter(r => r.emoji !== frame.emoji);
        const current = reactions.find(r => r.emoji === frame.emoji);
        if (frame.count === 0) return others;
        const updated = {emoji: frame.emoji, count: frame.count, mine: mine ? frame.added : Boolean(current?.mine)};
        return current ? reactions.map(r => (r.emoji === frame.emoji ? updated : r)) : [...reactions, updated];
    }

    onReceipt(frame) {
        const room = this.rooms.get(frame.roomId);
        if (!room) return;
        room.receipts.set(frame.userId, Math.max(frame.seq, room.receipts.get(frame.userId) ?? 0));
        if (frame.userId === this.me?.id) {
            // read on another device or tab
            room.view.lastReadSeq = Math.max(room.view.lastReadSeq, frame.seq);
            room.view.unreadCount = Math.max(0, room.view.lastSeq - room.view.lastReadSeq);
            this.changed('rooms');
        }
        this.changed('room', frame.roomId);
    }

    onMembership(frame) {
        const room = this.rooms.get(frame.roomId);
        if (frame.userId === this.me?.id) {
            if (frame.change === 'JOINED') {
                this.refreshRoom(frame.roomId);
            } else if (frame.change === 'ROLE_CHANGED') {
                if (room) room.view.myRole = frame.role;
                this.changed('room', frame.roomId);
            } else if (frame.change === 'SILENCED' || frame.change === 'UNSILENCED') {
                if (!room) return;
                room.view.silencedUntil = frame.change === 'SILENCED' ? frame.until : null; // the server refuses posts until then
                this.changed('notice', {info: frame.change === 'SILENCED'
                    ? `A moderator silenced you in ${this.titleOf(room)} until ${new Date(frame.until).toLocaleString()}.`
                    : `You may post in ${this.titleOf(room)} again.`});
                this.changed('room', frame.roomId);
            } else if (room) {
                const words = {LEFT: 'You left', REMOVED: 'You were removed from', ROOM_DELETED: 'Deleted:'}[frame.change];
                this.changed('notice', {info: `${words} ${this.titleOf(room)}.`});
                this.forget(frame.roomId);
            }
            return;
        }
        if (!room) return;
        if (frame.change === 'JOINED') room.view.memberCount++;
        if (frame.change === 'LEFT' || frame.change === 'REMOVED') room.view.memberCount = Math.max(0, room.view.memberCount - 1);
        if (room.members) {
            if (frame.change === 'JOINED') this.loadMembers(frame.roomId).catch(error => this.notice(error, frame.roomId));
            else if (frame.change === 'LEFT' || frame.change === 'REMOVED') room.members.delete(frame.userId);
            else if (frame.change === 'ROLE_CHANGED' && room.members.has(frame.userId)) room.members.get(frame.userId).role = frame.role;
        }
        this.changed('room', frame.roomId);
    }

    onTyping(frame) {
        const room = this.rooms.get(frame.roomId);
        if (!room || frame.userId === this.me?.id) return;
        clearTimeout(room.typing.get(frame.userId));
        room.typing.set(frame.userId, setTimeout(() => {
            room.typing.delete(frame.userId);
            this.changed('room', frame.roomId);
        }, frame.expiresInMs));
        this.changed('room', frame.roomId);
    }

    isReading(roomId) {
        return this.openRoomId === roomId && document.visibilityState === 'visible';
    }

    // ---------------------------------------------------------------- actions

    /**
     * Sends a message: shown as pending until the server has it durably, then as the stored
     * MESSAGE. {@code attachments}: uploads of this room ({@link #upload}); with them the text may be empty.
     */
    send(roomId, content, replyTo = null, attachments = []) {
        const text = content.trim();
        if (!text && !attachments.length) return;
        if (text.length > MAX_CONTENT) throw new ChatError({code: 'TOO_LARGE', message: 'too long'});
        const pending = {clientMsgId: randomId(), roomId, content: text, replyTo, attachments, state: 'sending', error: null,
            createdAt: new Date().toISOString()};
        this.pending.set(pending.clientMsgId, pending);
        this.transmit(pending);
        this.changed('room', roomId);
    }

    /** (Re)sends with the same clientMsgId: the server stores it once however often it arrives. */
    transmit(pending) {
        clearTimeout(pending.timer);
        const frame = {type: 'SEND_MESSAGE', roomId: pending.roomId, content: pending.content, clientMsgId: pending.clientMsgId};
        if (pending.replyTo) frame.replyTo = pending.replyTo;
        if (pending.attachments.length) frame.attachments = pending.attachments.map(attachment => attachment.attachmentId);
        pending.state = this.socket.send(frame) ? 'sending' : 'queued';
        this.changed('room', pending.roomId);
    }

    /**
     * Uploads a file to a room (docs/rest-api.md, "Attachments"): straight to the file store
     * through a presigned URL when the browser knows the file's type, else (or when the server
     * encrypts files at rest and offers no presigned upload) through the server, which finds it out. Resolves to the checked attachment, ready to send.
     */
    async upload(roomId, file) {
        const throughServer = () => {
            // sent untyped: the server finds out what it is
            const form = new FormData();
            form.append('roomId', roomId);
            form.append('file', new Blob([file]), file.name);
            return this.api.post('/attachments', form);
        };
        if (!DIRECT_TYPES.has(file.type)) {
            return throughServer(); // a type the browser guessed from the name (text/csv, application/json …) or none
        }
        let slot;
        try {
            slot = await this.api.post('/attachments/uploads', {roomId, name: file.name, mimeType: file.type, size: file.size});
        } catch (refused) {
            if (refused.code === 'NOT_OFFERED') {
                return throughServer(); // files are encrypted at rest on this server: they pass through it
            }
            throw refused;
        }
        let response;
        try {
            response = await fetch(slot.uploadUrl, {method: slot.method, headers: slot.headers, body: file});
        } catch (failure) {
            throw new ChatError({code: 'NETWORK', message: `the file store cannot be reached (${failure.message})`, retryable: true});
        }
        if (!response.ok) {
            throw new ChatError({code: 'UNAVAILABLE', message: `the attachment store refused the upload (HTTP ${response.status})`,
                status: response.status, retryable: response.status >= 500});
        }
        return this.api.post(`/attachments/${slot.attachmentId}/complete`);
    }

    /**
     * Links to an attachment and its preview ({url, previewUrl, expiresIn}), or null while they
     * are fetched: asked for once, and again when half their life (by this clock: expiresIn) is
     * over; the room is rendered again when they arrive. A failure is tried again after half a minute.
     */
    linksOf(attachmentId, roomId) {
        const known = this.links.get(attachmentId);
        const now = Date.now();
        const fresh = known?.links && now - known.fetchedAt < Math.max(1, known.links.expiresIn) * 500;
        const resting = known?.failedAt && now - known.failedAt < 30_000;
        if (!fresh && !known?.loading && !resting) {
            const entry = {links: known?.links ?? null, fetchedAt: known?.fetchedAt ?? 0, loading: true, failedAt: null};
            this.links.set(attachmentId, entry);
            this.api.get(`/attachments/${attachmentId}`).then(links => {
                entry.links = links;
                entry.fetchedAt = Date.now();
            }).catch(() => {
                entry.failedAt = Date.now();
            }).finally(() => {
                entry.loading = false;
                this.changed('room', roomId);
            });
        }
        return known?.links ?? null;
    }

    retry(clientMsgId) {
        const pending = this.pending.get(clientMsgId);
        if (pending) {
            pending.error = null;
            this.transmit(pending);
        }
    }

    discard(clientMsgId) {
        const pending = this.pending.get(clientMsgId);
        if (!pending) return;
        clearTimeout(pending.timer);
        this.pending.delete(clientMsgId);
        this.changed('room', pending.roomId);
    }

    pendingOf(roomId) {
        return [...this.pending.values()].filter(p => p.roomId === roomId);
    }

    /** A room action over the WebSocket (EDIT_MESSAGE, DELETE_MESSAGE, REACT, READ, TYPING); its outcome is the frame the room gets. */
    act(frame) {
        if (!this.socket.send(frame)) {
            this.notice(new ChatError({code: 'NETWORK', message: 'not connected'}), frame.roomId);
            return false;
        }
        return true;
    }

    edit(roomId, messageId, content) {
        const text = content.trim();
        if (!text) return false;
        return this.act({type: 'EDIT_MESSAGE', roomId, messageId, content: text});
    }

    deleteMessage(roomId, messageId) {
        return this.act({type: 'DELETE_MESSAGE', roomId, messageId});
    }

    toggleReaction(roomId, messageId, emoji) {
        return this.act({type: 'REACT', roomId, messageId, emoji});
    }

    typing(roomId) {
        const room = this.rooms.get(roomId);
        if (!room || Date.now() - room.lastTypingSent < TYPING_EVERY_MS) return;
        room.lastTypingSent = Date.now();
        this.socket.send({type: 'TYPING', roomId});
    }

    markRead(roomId) {
        const room = this.rooms.get(roomId);
        if (!room || !this.isReading(roomId)) return;
        const seq = room.timeline.high;
        if (seq < 1 || seq <= room.view.lastReadSeq) {
            if (room.view.unreadCount) {
                room.view.unreadCount = 0;
                this.changed('rooms');
            }
            return;
        }
        if (!this.socket.send({type: 'READ', roomId, seq})) return;
        room.view.lastReadSeq = seq;
        room.view.unreadCount = Math.max(0, room.view.lastSeq - seq);
        this.changed('rooms');
    }

    async setStatus(status) {
        await this.api.put('/presence/me', {status});
        this.myStatus = status;
        this.presence.set(this.me.id, {status});
        this.changed('presence');
    }

    async loadPresence(userIds) {
        const unique = [...new Set(userIds)];
        for (let i = 0; i < unique.length; i += 200) {
            try {
                const statuses = await this.api.post('/presence/batch', {userIds: unique.slice(i, i + 200)});
                statuses.forEach(s => this.presence.set(s.userId, {status: s.status, lastSeen: s.lastSeen}));
            } catch (error) {
                console.warn('presence', error);
            }
        }
        this.changed('presence');
    }

    // ---------------------------------------------------------------- rooms over REST

    async userByName(username) {
        const user = await this.api.get(`/users/by-username/${encodeURIComponent(username.trim().replace(/^@/, ''))}`);
        this.remember({userId: user.id, username: user.username, displayName: user.displayName});
        return user;
    }

    async createRoom(type, name, usernames) {
        const members = [];
        for (const username of usernames) members.push(await this.userByName(username));
        const view = await this.api.post('/rooms', {type, name: name || null, memberIds: members.map(m => m.id)});
        this.subscribeTo(this.addRoom(view));
        this.changed('rooms');
        return view.id;
    }

    /**
     * A room this user just created or joined: open connections start receiving it when the membership
     * change reaches them; SUBSCRIBE makes sure of it now, replaying whatever came before.
     */
    subscribeTo(room) {
        this.socket.send({type: 'SUBSCRIBE', roomId: room.view.id, afterSeq: room.timeline.high});
    }

    async addMember(roomId, username, role = 'member') {
        const user = await this.userByName(username);
        await this.api.post(`/rooms/${roomId}/members`, {userId: user.id, role});
        await this.loadMembers(roomId);
    }

    async changeRole(roomId, userId, role) {
        await this.api.post(`/rooms/${roomId}/members`, {userId, role});
        await this.loadMembers(roomId);
    }

    async removeMember(roomId, userId) {
        await this.api.delete(`/rooms/${roomId}/members/${userId}`);
        if (userId === this.me.id) this.forget(roomId);
        else await this.loadMembers(roomId);
    }

    async rename(roomId, name) {
        const view = await this.api.patch(`/rooms/${roomId}`, {name});
        this.addRoom(view);
        this.changed('rooms');
        this.changed('room', roomId);
    }

    async deleteRoom(roomId) {
        await this.api.delete(`/rooms/${roomId}`);
        this.forget(roomId);
    }

    /** A page of messages of my rooms that match (docs/rest-api.md, "Search"): {hits, nextCursor}. */
    searchMessages(query, cursor = null) {
        return this.api.get(`/search/messages?q=${encodeURIComponent(query)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    }

    /** My notification settings for a room: {notifications, roomDefault, mutedUntil?} (docs/rest-api.md, "Notifications"). */
    notificationSettings(roomId) {
        return this.api.get(`/rooms/${roomId}/notifications`);
    }

    /** notifications: 'all' | 'mentions' | 'none' | null (the room's default); mutedUntil: an ISO instant or null. */
    setNotificationSettings(roomId, notifications, mutedUntil) {
        return this.api.put(`/rooms/${roomId}/notifications`, {notifications, mutedUntil});
    }

    channels(query) {
        return this.api.get(`/channels${query ? `?q=${encodeURIComponent(query)}` : ''}`);
    }

    async joinChannel(roomId) {
        await this.api.post(`/rooms/${roomId}/join`);
        const room = await this.refreshRoom(roomId);
        if (room) this.subscribeTo(room);
        return room;
    }
}
