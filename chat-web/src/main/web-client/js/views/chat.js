// The chat screen: top bar (connection, own status, log out), the room list, the open conversation.
import {describe} from '../errors.js';
import {excerpt, formatTime, h, reconcile, replaceChildren} from '../dom.js';
import {conversationView} from './conversation.js';
import {channelsDialog, newRoomDialog, roomDialog, searchDialog} from './dialogs.js';
import {presenceDot} from './presence.js';
import {enablePush, pushState} from '../push.js';

const TYPE_MARK = {direct: '@', group: '#', channel: '»'};

export function chatView(store, {onLogout}) {
    const connection = h('p', {class: 'connection', role: 'status', 'aria-live': 'polite'});
    const notices = h('div', {class: 'notices', role: 'alert', 'aria-live': 'assertive'});
    const meName = h('span', {class: 'me-name'});
    const awayToggle = h('button', {type: 'button', class: 'away-toggle', 'aria-pressed': 'false', onclick: async () => {
        const away = store.myStatus !== 'AWAY';
        try {
            await store.setStatus(away ? 'AWAY' : 'ONLINE');
        } catch (error) {
            store.notice(error);
        }
    }}, 'Away');
    const pushToggle = h('button', {type: 'button', class: 'push-toggle', onclick: async () => {
        try {
            await enablePush(store.api);
            store.changed('notice', {info: 'Notifications are on: you hear about your rooms while the chat is closed.'});
        } catch (error) {
            store.changed('notice', {info: error.message});
        }
        drawPushToggle();
    }});
    function drawPushToggle() {
        const state = pushState();
        pushToggle.hidden = state === 'unsupported';
        pushToggle.disabled = state !== 'off';
        pushToggle.textContent = {on: 'Notifications on', off: 'Turn on notifications', blocked: 'Notifications blocked'}[state] ?? '';
    }
    drawPushToggle();
    const topbar = h('header', {class: 'topbar'},
        h('span', {class: 'brand'}, 'Chat'), connection,
        h('div', {class: 'me'}, meName, awayToggle, pushToggle,
            h('button', {type: 'button', onclick: onLogout}, 'Log out')));

    const roomList = h('ul', {class: 'room-list', 'aria-label': 'Your rooms'});
    const sidebar = h('nav', {class: 'sidebar', 'aria-label': 'Rooms'},
        h('div', {class: 'sidebar-actions'},
            h('button', {type: 'button', class: 'primary', onclick: () => newRoomDialog(store, openRoom)}, 'New room'),
            h('button', {type: 'button', onclick: () => channelsDialog(store, openRoom)}, 'Browse channels'),
            h('button', {type: 'button', onclick: () => searchDialog(store, openRoom)}, 'Search')),
        roomList);

    const conversation = conversationView(store, {
        onBack: () => {
            store.close();
            layout.classList.remove('room-open');
            render('rooms');
            roomList.querySelector(`[data-key="${CSS.escape(conversation.roomId ?? '')}"] button`)?.focus();
        },
        onDetails: roomId => roomDialog(store, roomId),
    });
    const layout = h('div', {class: 'chat'}, topbar, notices, sidebar, conversation.element);

    function openRoom(roomId) {
        layout.classList.add('room-open');
        conversation.show(roomId);
        store.open(roomId);
        render('rooms');
    }

    function roomItem(room) {
        const view = room.view;
        const last = view.lastMessage;
        const preview = !last ? 'No messages yet' : last.deleted ? 'Message deleted' : last.hidden ? 'Hidden message'
            : `${last.senderId === store.me?.id ? 'You' : store.nameOf(last.senderId)}: ${excerpt(last.content, 60)}`;
        const unread = view.unreadCount > 0
            ? h('span', {class: 'unread'}, String(view.unreadCount), h('span', {class: 'visually-hidden'}, ' unread')) : null;
        const current = store.openRoomId === view.id;
        return h('li', {class: current ? 'room current' : 'room'},
            h('button', {type: 'button', 'aria-current': current ? 'true' : false, onclick: () => openRoom(view.id)},
                h('span', {class: 'room-line'},
                    view.type === 'direct' && view.peer ? presenceDot(store, view.peer.userId) : h('span', {class: 'room-type', 'aria-hidden': 'true'}, TYPE_MARK[view.type] ?? '#'),
                    h('span', {class: 'room-name'}, store.titleOf(room)),
                    h('time', {class: 'room-time', datetime: view.lastActivityAt}, formatTime(view.lastActivityAt)),
                    unread),
                h('span', {class: 'room-preview'}, preview)));
    }

    function roomVersion(room) {
        const view = room.view;
        const peer = view.peer ? store.presence.get(view.peer.userId)?.status : '';
        return [store.titleOf(room), view.unreadCount, view.lastMessage?.seq, view.lastMessage?.content, view.lastMessage?.deleted, view.lastMessage?.hidden,
            view.lastActivityAt, store.openRoomId === view.id, peer].join('|');
    }

    function render(scope, detail) {
        if (scope === 'me' || scope === 'presence') {
            meName.textContent = store.me ? (store.me.displayName || store.me.username) : '';
            const away = store.myStatus === 'AWAY';
            awayToggle.setAttribute('aria-pressed', String(away));
            awayToggle.textContent = away ? 'Away (set online)' : 'Set away';
        }
        if (scope === 'rooms' || scope === 'presence' || scope === 'me') {
            const rooms = store.roomList();
            reconcile(roomList, rooms, room => room.view.id, roomVersion, roomItem);
            if (rooms.length === 0) replaceChildren(roomList, h('li', {class: 'empty'}, 'No rooms yet. Start one or join a channel.'));
            const unread = rooms.reduce((sum, room) => sum + room.view.unreadCount, 0);
            document.title = unread ? `(${unread}) Chat` : 'Chat';
        }
        if (scope === 'connection') {
            const state = store.connection;
            layout.dataset.connection = state.state;
            connection.textContent = {
                connecting: 'Connecting…',
                online: 'Connected',
                reconnecting: `Reconnecting… (attempt ${state.attempt}, next in ${Math.ceil((state.retryInMs ?? 0) / 1000)} s)`,
                stopped: 'Offline',
            }[state.state] ?? '';
        }
        if (scope === 'room' && detail === conversation.roomId && !store.rooms.has(detail)) {
            layout.classList.remove('room-open');
            conversation.show(null);
        }
        conversation.render(scope, detail);
    }

    function showNotice({error, info}) {
        const text = info ?? describe(error);
        const item = h('p', {class: error ? 'notice error' : 'notice'}, text,
            h('button', {type: 'button', class: 'dismiss', 'aria-label': 'Dismiss', onclick: () => item.remove()}, '×'));
        notices.append(item);
        setTimeout(() => item.remove(), 8000);
    }

    // changes arrive in bursts (a BATCH frame, a page of history): render once per burst
    const dirty = new Map();
    store.subscribe((scope, detail) => {
        if (scope === 'notice') {
            showNotice(detail);
            return;
        }
        if (scope === 'arrived') {
            conversation.announce(detail);
            return;
        }
        const key = scope === 'room' ? `room:${detail}` : scope;
        if (dirty.size === 0) queueMicrotask(flush);
        dirty.set(key, [scope, detail]);
    });
    function flush() {
        const pending = [...dirty.values()];
        dirty.clear();
        pending.forEach(([scope, detail]) => render(scope, detail));
    }
    // a notification clicked: the service worker names its room (this page was open), or the URL does (a new page)
    navigator.serviceWorker?.addEventListener('message', event => {
        if (event.data?.type === 'open-room' && event.data.roomId && store.rooms.has(event.data.roomId)) openRoom(event.data.roomId);
    });
    const linked = new URLSearchParams(location.hash.slice(1)).get('room');
    if (linked) {
        const stop = store.subscribe(scope => {
            if (scope === 'rooms' && store.rooms.has(linked)) {
                stop();
                history.replaceState(null, '', location.pathname);
                openRoom(linked);
            }
        });
    }
    render('connection');
    return layout;
}
