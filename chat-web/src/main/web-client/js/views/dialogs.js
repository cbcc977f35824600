// Dialogs: start a room, browse and join channels, search messages, a room's members and settings.
import {describe} from '../errors.js';
import {formatTime, h, randomId, replaceChildren} from '../dom.js';
import {presenceDot} from './presence.js';

/** A modal dialog (native <dialog>: focus stays inside, Escape closes), removed from the page when closed. */
function modal(titleText, ...content) {
    const titleId = `dialog-${randomId()}`;
    const dialog = h('dialog', {class: 'dialog', 'aria-labelledby': titleId},
        h('header', {class: 'dialog-header'},
            h('h2', {id: titleId}, titleText),
            h('button', {type: 'button', class: 'dismiss', 'aria-label': 'Close', onclick: () => dialog.close()}, '×')),
        ...content);
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
    return dialog;
}

function errorLine() {
    return h('p', {class: 'form-error', role: 'alert'});
}

export function newRoomDialog(store, openRoom) {
    const error = errorLine();
    const type = h('select', {id: 'new-room-type', onchange: () => {
        nameRow.hidden = type.value === 'direct';
        membersLabel.textContent = type.value === 'direct' ? 'Username of the person' : 'Usernames of members (comma separated, optional)';
    }},
    h('option', {value: 'group'}, 'Group: invited members'),
    h('option', {value: 'channel'}, 'Channel: anyone may join'),
    h('option', {value: 'direct'}, 'Direct message: one person'));
    const name = h('input', {id: 'new-room-name', maxlength: 100});
    const nameRow = h('div', {class: 'field'}, h('label', {for: 'new-room-name'}, 'Name'), name);
    const members = h('input', {id: 'new-room-members', autocomplete: 'off'});
    const membersLabel = h('label', {for: 'new-room-members'}, 'Usernames of members (comma separated, optional)');
    const submit = h('button', {type: 'submit', class: 'primary'}, 'Create');
    const form = h('form', {onsubmit: async event => {
        event.preventDefault();
        error.textContent = '';
        const usernames = members.value.split(/[\s,]+/).filter(Boolean);
        if (type.value !== 'direct' && !name.value.trim()) {
            error.textContent = 'Give the room a name.';
            name.focus();
            return;
        }
        if (type.value === 'direct' && usernames.length !== 1) {
            error.textContent = 'A direct message is with exactly one person: enter their username.';
            members.focus();
            return;
        }
        submit.disabled = true;
        try {
            const roomId = await store.createRoom(type.value, name.value.trim(), usernames);
            dialog.close();
            openRoom(roomId);
        } catch (failure) {
            error.textContent = failure.code === 'NOT_FOUND' ? `${describe(failure)} Check the username.` : describe(failure);
            submit.disabled = false;
        }
    }},
    h('div', {class: 'field'}, h('label', {for: 'new-room-type'}, 'Kind'), type),
    nameRow,
    h('div', {class: 'field'}, membersLabel, members),
    error,
    h('div', {class: 'dialog-actions'}, submit));
    const dialog = modal('New room', form);
    name.focus();
}

export function channelsDialog(store, openRoom) {
    const error = errorLine();
    const list = h('ul', {class: 'channel-list', 'aria-live': 'polite'});
    const query = h('input', {id: 'channel-query', type: 'search', placeholder: 'Search by name'});
    let timer = null;
    async function load() {
        error.textContent = '';
        try {
            const channels = await store.channels(query.value.trim());
            replaceChildren(list, channels.length === 0 ? h('li', {class: 'empty'}, 'No channels found.') : channels.map(channel =>
                h('li', {class: 'channel'},
                    h('span', {class: 'room-name'}, channel.name),
                    h('span', {class: 'channel-members'}, `${channel.memberCount} member${channel.memberCount === 1 ? '' : 's'}`),
                    channel.joined
                        ? h('button', {type: 'button', onclick: () => { dialog.close(); openRoom(channel.id); }}, 'Open')
                        : h('button', {type: 'button', class: 'primary', 'aria-label': `Join ${channel.name}`, onclick: async () => {
                            try {
                                await store.joinChannel(channel.id);
                                dialog.close();
                                openRoom(channel.id);
                            } catch (failure) {
                                error.textContent = describe(failure);
                            }
                        }}, 'Join'))));
        } catch (failure) {
            error.textContent = describe(failure);
        }
    }
    query.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(load, 250);
    });
    const dialog = modal('Channels',
        h('div', {class: 'field'}, h('label', {for: 'channel-query'}, 'Find a channel'), query),
        error, list);
    query.focus();
    load();
}

/** Messages of my rooms by their words, best first; the hits of each snippet marked; a hit opens its room. */
export function searchDialog(store, openRoom) {
    const error = errorLine();
    const list = h('ul', {class: 'search-results', 'aria-live': 'polite'});
    const more = h('button', {type: 'button', class: 'link', hidden: true}, 'More results');
    const query = h('input', {id: 'search-query', type: 'search', placeholder: 'Words, "a phrase", -not'});
    let cursor = null;
    let asked = '';

    function hitItem(hit) {
        const room = store.room(hit.roomId);
        return h('li', {class: 'search-hit'},
            h('button', {type: 'button', class: 'link', onclick: () => { dialog.close(); openRoom(hit.roomId); }},
                h('span', {class: 'search-where'}, `${room ? store.titleOf(room) : 'a room'} · ${store.nameOf(hit.senderId)} · ${formatTime(hit.ts)}`),
                h('span', {class: 'search-snippet'}, hit.snippet.map(part => part.hit ? h('mark', {}, part.text) : part.text))));
    }

    async function load(next) {
        error.textContent = '';
        const words = query.value.trim();
        if (!words) return;
        try {
            const page = await store.searchMessages(words, next ? cursor : null);
            if (!next) {
                asked = words;
                replaceChildren(list, page.hits.length ? [] : h('li', {class: 'empty'}, 'No messages found.'));
            }
            list.append(...page.hits.map(hitItem));
            cursor = page.nextCursor ?? null;
            more.hidden = !cursor;
        } catch (failure) {
            error.textContent = describe(failure);
        }
    }
    more.addEventListener('click', () => query.value.trim() === asked && load(true));
    const form = h('form', {class: 'inline-form', onsubmit: event => {
        event.preventDefault();
        load(false);
    }}, h('label', {for: 'search-query'}, 'Search my rooms'), query, h('button', {type: 'submit', class: 'primary'}, 'Search'));
    const dialog = modal('Search messages', form, error, list, more);
    query.focus();
}

export function roomDialog(store, roomId) {
    const room = store.room(roomId);
    if (!room) return;
    const error = errorLine();
    const memberList = h('ul', {class: 'member-list'});
    const membersHeading = h('h3', {});
    const content = h('div', {class: 'room-settings'});
    const dialog = modal(store.titleOf(room), content);

    const run = action => async () => {
        error.textContent = '';
        try {
            await action();
            draw();
        } catch (failure) {
            error.textContent = describe(failure);
        }
    };

    /** The member list alone: redrawn live (presence, joins, roles) without touching what is typed in the forms. */
    function drawMembers() {
        const current = store.room(roomId);
        if (!current) {
            dialog.close();
            return;
        }
        const myRole = current.view.myRole;
        const direct = current.view.type === 'direct';
        const members = current.members ? [...current.members.values()] : [];
        replaceChildren(memberList, members.map(member => {
            const me = member.userId === store.me.id;
            const mayRemove = !direct && !me && (myRole === 'owner' || (myRole === 'admin' && member.role === 'member'));
            const name = member.displayName ? `${member.displayName} (@${member.username})` : `@${member.username}`;
            return h('li', {class: 'member'},
                presenceDot(store, member.userId),
                h('span', {class: 'member-name'}, me ? `${name} — you` : name),
                myRole === 'owner' && !direct && !me
                    ? h('select', {'aria-label': `Role of ${member.username}`, onchange: event => run(() => store.changeRole(roomId, member.userId, event.target.value))()},
                        ['member', 'admin', 'owner'].map(role => h('option', {value: role, selected: role === member.role}, role)))
                    : h('span', {class: 'member-role'}, member.role),
                mayRemove ? h('button', {type: 'button', 'aria-label': `Remove ${member.username}`,
                    onclick: run(() => store.removeMember(roomId, member.userId))}, 'Remove') : null);
        }));
        membersHeading.textContent = `Members (${current.view.memberCount})`;
    }

    function draw() {
        drawMembers();
        const current = store.room(roomId);
        if (!current) return;
        const myRole = current.view.myRole;
        const manager = myRole === 'owner' || myRole === 'admin';
        const direct = current.view.type === 'direct';
        const sections = [h('section', {}, membersHeading, memberList)];
        if (manager && !direct) {
            const username = h('input', {id: 'add-member-username', autocomplete: 'off', required: true});
            sections.push(h('form', {class: 'inline-form', onsubmit: event => {
                event.preventDefault();
                run(async () => {
                    await store.addMember(roomId, username.value);
                    username.value = '';
                })();
            }}, h('label', {for: 'add-member-username'}, 'Add a member by username'), username, h('button', {type: 'submit'}, 'Add')));
            const name = h('input', {id: 'rename-room', value: current.view.name ?? '', required: true, maxlength: 100});
            sections.push(h('form', {class: 'inline-form', onsubmit: event => {
                event.preventDefault();
                run(() => store.rename(roomId, name.value.trim()))();
            }}, h('label', {for: 'rename-room'}, 'Room name'), name, h('button', {type: 'submit'}, 'Rename')));
        }
        sections.push(notifications);
        const actions = [];
        if (!direct) {
            actions.push(h('button', {type: 'button', onclick: run(async () => {
                if (confirm(`Leave ${store.titleOf(current)}?`)) await store.removeMember(roomId, store.me.id);
            })}, 'Leave room'));
        }
        if (myRole === 'owner') {
            actions.push(h('button', {type: 'button', class: 'danger', onclick: run(async () => {
                if (confirm(`Delete ${store.titleOf(current)} and all its messages for everyone?`)) await store.deleteRoom(roomId);
            })}, 'Delete room'));
        }
        sections.push(error, h('div', {class: 'dialog-actions'}, actions));
        replaceChildren(content, sections);
    }

    // my notifications for this room: the level and a mute, saved as soon as they change
    const notifications = h('fieldset', {class: 'notification-settings'}, h('legend', {}, 'Notifications'));
    function drawNotifications(settings) {
        const level = h('select', {id: 'room-notifications', onchange: save},
            [['', `Room default (${settings.roomDefault ? settings.notifications : room.view.type === 'channel' ? 'mentions' : 'all'})`],
                ['all', 'Every message'], ['mentions', 'Only @mentions'], ['none', 'Nothing']]
                .map(([value, label]) => h('option', {value, selected: settings.roomDefault ? value === '' : value === settings.notifications}, label)));
        const mutedUntil = settings.mutedUntil ? new Date(settings.mutedUntil) : null;
        const mute = h('select', {id: 'room-mute', onchange: save},
            h('option', {value: '', selected: !mutedUntil}, 'Not muted'),
            mutedUntil ? h('option', {value: 'keep', selected: true}, `Muted until ${mutedUntil.toLocaleString()}`) : null,
            [[1, 'Mute for 1 hour'], [8, 'Mute for 8 hours'], [24 * 7, 'Mute for a week']].map(([hours, label]) => h('option', {value: String(hours)}, label)));
        async function save() {
            const until = mute.value === 'keep' ? settings.mutedUntil
                : mute.value ? new Date(Date.now() + Number(mute.value) * 3_600_000).toISOString() : null;
            await run(async () => drawNotifications(await store.setNotificationSettings(roomId, level.value || null, until)))();
        }
        replaceChildren(notifications, h('legend', {}, 'Notifications'),
            h('label', {for: 'room-notifications'}, 'Tell me about'), level,
            h('label', {for: 'room-mute'}, 'Mute'), mute);
    }

    draw();
    store.notificationSettings(roomId).then(drawNotifications).catch(failure => { error.textContent = describe(failure); });
    const unsubscribe = store.subscribe((scope, detail) => {
        if (scope === 'presence' || (scope === 'room' && detail === roomId)) drawMembers();
    });
    dialog.addEventListener('close', unsubscribe);
    if (!room.members) store.loadMembers(roomId).catch(failure => { error.textContent = describe(failure); });
}
