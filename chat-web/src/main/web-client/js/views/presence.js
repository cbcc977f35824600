// A user's presence as a coloured dot with its word for screen readers.
import {h} from '../dom.js';

export function presenceDot(store, userId) {
    const status = store.presence.get(userId)?.status ?? 'OFFLINE';
    const words = {ONLINE: 'online', AWAY: 'away', OFFLINE: 'offline'}[status];
    return h('span', {class: `presence ${words}`, role: 'img', 'aria-label': words, title: words});
}
