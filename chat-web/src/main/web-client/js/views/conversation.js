// One room: its history (scrolling up loads older messages), live messages, own messages pending
// until the server holds them, edits, deletes, reactions, replies, receipts, typing, files (chosen
// or dropped, uploaded at once, sent with the next message; images shown inline), the composer.
import {describe} from '../errors.js';
import {excerpt, formatTime, h, randomId, reconcile, replaceChildren} from '../dom.js';

const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢'];
/** Most files one message carries (the server's limit). */
const MAX_ATTACHMENTS = 10;
/** The server's previews fit this square. */
const PREVIEW_BOX = 320;

function formatSize(bytes) {
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
    return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function conversationView(store, {onBack, onDetails}) {
    let roomId = null;
    let editing = null; // messageId being edited
    let picking = null; // messageId whose reaction picker is open
    let replyTo = null; // message being answered
    const drafts = new Map(); // roomId -> files being uploaded or ready to go with the next message

    const title = h('h2', {id: 'room-title', class: 'room-title'});
    const subtitle = h('p', {class: 'room-subtitle'});
    const header = h('header', {class: 'conversation-header'},
        h('button', {type: 'button', class: 'back', 'aria-label': 'Back to rooms', onclick: () => onBack()}, '←'),
        h('div', {class: 'room-heading'}, title, subtitle),
        h('button', {type: 'button', class: 'details', onclick: () => onDetails(roomId)}, 'Members and settings'));

    const start = h('div', {class: 'history-start'});
    const list = h('ol', {class: 'message-list'});
    // the log is not live itself (a re-rendered message would be read again, opening a room would
    // read all of it): new messages of others are announced once, through the announcer
    const scroller = h('div', {class: 'messages', role: 'log', 'aria-labelledby': 'room-title', 'aria-live': 'off', tabindex: '0'}, start, list);
    const announcer = h('p', {class: 'visually-hidden', 'aria-live': 'polite'});
    const typingLine = h('p', {class: 'typing', 'aria-live': 'polite'});

    const input = h('textarea', {id: 'composer-input', rows: '2', maxlength: '4000', placeholder: 'Write a message', 'aria-label': 'Message',
        onkeydown: event => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
                event.preventDefault();
                composer.requestSubmit();
            } else if (event.key === 'Escape' && replyTo) {
                setReply(null);
            }
        },
        oninput: () => roomId && input.value && store.typing(roomId)});
    const replyBanner = h('div', {class: 'reply-banner', hidden: true});
    const fileInput = h('input', {type: 'file', multiple: true, hidden: true, 'aria-hidden': 'true', tabindex: '-1',
        onchange: () => {
            addFiles(fileInput.files);
            fileInput.value = '';
        }});
    const draftList = h('ul', {class: 'drafts', 'aria-label': 'Files to send', hidden: true});
    const composer = h('form', {class: 'composer', onsubmit: event => {
        event.preventDefault();
        if (!roomId) return;
        const files = draftsOf(roomId);
        if (files.some(draft => draft.state === 'uploading')) {
            store.notice(new Error('wait until your files are uploaded'), roomId);
            return;
        }
        const ready = files.filter(draft => draft.state === 'ready');
        if (!input.value.trim() && !ready.length) return;
        try {
            store.send(roomId, input.value, replyTo?.messageId ?? null, ready.map(draft => draft.attachment));
            input.value = '';
            drafts.delete(roomId);
            renderDrafts();
            setReply(null);
            scrollToBottom();
        } catch (error) {
            store.notice(error, roomId);
        }
    }}, replyBanner, draftList, fileInput,
    h('button', {type: 'button', class: 'attach', 'aria-label': 'Attach files', title: 'Attach files (or drop them here)',
        onclick: () => fileInput.click()}, '📎'),
    input, h('button', {type: 'submit', class: 'primary send'}, 'Send'));

    function draftsOf(id) {
        if (!drafts.has(id)) drafts.set(id, []);
        return drafts.get(id);
    }

    /** Uploads each file at once (to the room open now); they go with the next message sent there. */
    function addFiles(files) {
        const room = roomId;
        const list = draftsOf(room);
        for (const file of files) {
            if (list.length >= MAX_ATTACHMENTS) {
                store.notice(new Error(`at most ${MAX_ATTACHMENTS} files per message`), room);
                break;
            }
            const draft = {key: randomId(), name: file.name, size: file.size, state: 'uploading', attachment: null, error: null};
            list.push(draft);
            store.upload(room, file).then(attachment => {
                draft.state = 'ready';
                draft.attachment = attachment;
            }).catch(error => {
                draft.state = 'failed';
                draft.error = error;
            }).finally(() => {
                if (room === roomId) renderDrafts();
            });
        }
        renderDrafts();
    }

    function renderDrafts() {
        const list = roomId ? draftsOf(roomId) : [];
        draftList.hidden = !list.length;
        replaceChildren(draftList, list.map(draft => h('li', {class: `draft ${draft.state}`},
            h('span', {class: 'draft-name'}, `${draft.name} (${formatSize(draft.size)})`),
            h('span', {class: 'draft-state', role: draft.state === 'failed' ? 'alert' : null},
                {uploading: 'uploading…', ready: 'ready', failed: `not uploaded: ${describe(draft.error)}`}[draft.state]),
            h('button', {type: 'button', class: 'link', 'aria-label': `Remove ${draft.name}`, onclick: () => {
                list.splice(list.indexOf(draft), 1);
                renderDrafts();
            }}, 'Remove'))));
    }

    const empty = h('div', {class: 'no-room'}, h('p', {}, 'Pick a room on the left, start a new one, or join a channel.'));
    const body = h('div', {class: 'conversation-body', hidden: true, ondragover: event => {
        if (!roomId || !event.dataTransfer?.types.includes('Files')) return;
        event.preventDefault(); // accepts the drop
        body.classList.add('dropping');
    }, ondragleave: event => {
        if (!body.contains(event.relatedTarget)) body.classList.remove('dropping');
    }, ondrop: event => {
        body.classList.remove('dropping');
        if (!roomId || !event.dataTransfer?.files.length) return;
        event.preventDefault();
        addFiles(event.dataTransfer.files);
    }}, header, scroller, typingLine, composer, announcer);
    const element = h('main', {class: 'conversation', 'aria-label': 'Conversation'}, empty, body);

    new IntersectionObserver(entries => {
        if (roomId && entries.some(entry => entry.isIntersecting)) store.loadOlder(roomId);
    }, {root: scroller, rootMargin: '200px 0px 0px 0px'}).observe(start);

    function setReply(message) {
        replyTo = message;
        replyBanner.hidden = !message;
        if (message) {
            replaceChildren(replyBanner,
                h('span', {}, `Replying to ${store.nameOf(message.senderId)}: ${excerpt(message.content, 60)}`),
                h('button', {type: 'button', class: 'link', onclick: () => setReply(null)}, 'Cancel reply'));
            input.focus();
        }
    }

    function show(id) {
        roomId = id;
        editing = picking = null;
        setReply(null);
        list.replaceChildren();
        renderDrafts();
        empty.hidden = Boolean(id);
        body.hidden = !id;
        if (id) {
            render('room', id);
            scrollToBottom();
            input.focus();
        }
    }

    function scrollToBottom() {
        scroller.scrollTop = scroller.scrollHeight;
    }

    function canDelete(room, message) {
        return message.senderId === store.me.id || room.view.myRole === 'owner' || room.view.myRole === 'admin';
    }

    /** Who (other than me) has read up to each seq: shown under the last message they read. */
    function readers(room) {
        const bySeq = new Map();
        for (const [userId, seq] of room.receipts) {
            if (userId === store.me.id) continue;
            const at = Math.min(seq, room.timeline.high);
            if (at < room.timeline.low) continue;
            if (!bySeq.has(at)) bySeq.set(at, []);
            bySeq.get(at).push(store.nameOf(userId));
        }
        return bySeq;
    }

    function messageItem(room, message, seenBy) {
        const mine = message.senderId === store.me.id;
        const quoted = message.replyTo ? room.timeline.byId(message.replyTo) : null;
        const children = [
            h('div', {class: 'message-meta'},
                h('span', {class: 'sender'}, mine ? 'You' : store.nameOf(message.senderId)),
                h('time', {datetime: message.ts}, formatTime(message.ts)),
                message.editedAt && !message.deleted ? h('span', {class: 'edited'}, '(edited)') : null),
        ];
        if (message.replyTo) {
            children.push(h('blockquote', {class: 'reply-quote'}, quoted
                ? `${store.nameOf(quoted.senderId)}: ${quoted.deleted ? 'deleted message' : quoted.moderated ? 'hidden message' : quoted.hidden ? 'message from a user you blocked' : excerpt(quoted.content, 80)}`
                : 'Reply to an earlier message'));
        }
        if (message.hidden) {
            children.push(h('p', {class: 'content deleted'}, message.moderated ? 'This message was hidden by moderation.' : 'Message from a user you blocked.'));
        } else if (message.deleted) {
            children.push(h('p', {class: 'content deleted'}, 'This message was deleted.'));
        } else if (editing === message.messageId) {
            children.push(editForm(room, message));
        } else if (message.content) {
            children.push(h('p', {class: 'content'}, message.content));
        }
        if (!message.deleted && message.attachments.length) {
            children.push(attachmentList(room, message.attachments));
        }
        if (message.reactions.length) {
            children.push(h('div', {class: 'reactions', role: 'group', 'aria-label': 'Reactions'},
                message.reactions.map(reaction => h('button', {type: 'button', class: 'reaction', 'aria-pressed': String(Boolean(reaction.mine)),
                    'aria-label': `${reaction.emoji} ${reaction.count}${reaction.mine ? ', yours' : ''}`,
                    onclick: () => store.toggleReaction(room.view.id, message.messageId, reaction.emoji)},
                `${reaction.emoji} ${reaction.count}`))));
        }
        if (!message.deleted && message.moderated && canDelete(room, message)) {
            // hidden by moderation: its author or the room's admins may still delete it (reviewers restore it elsewhere)
            children.push(h('div', {class: 'message-actions', role: 'group', 'aria-label': 'Message actions'},
                h('button', {type: 'button', onclick: () => {
                    if (confirm('Delete this hidden message for everyone?')) store.deleteMessage(room.view.id, message.messageId);
                }}, 'Delete')));
        }
        if (!message.deleted && !message.hidden) {
            const actions = [
                h('button', {type: 'button', onclick: () => setReply(message)}, 'Reply'),
                h('button', {type: 'button', 'aria-expanded': String(picking === message.messageId), onclick: () => {
                    picking = picking === message.messageId ? null : message.messageId;
                    render('room', room.view.id);
                }}, 'React'),
                mine ? h('button', {type: 'button', onclick: () => {
                    editing = message.messageId;
                    render('room', room.view.id);
                    list.querySelector('.edit-form textarea')?.focus();
                }}, 'Edit') : null,
                canDelete(room, message) ? h('button', {type: 'button', onclick: () => {
                    if (confirm('Delete this message for everyone?')) store.deleteMessage(room.view.id, message.messageId);
                }}, 'Delete') : null,
            ];
            children.push(h('div', {class: 'message-actions', role: 'group', 'aria-label': 'Message actions'}, actions));
            if (picking === message.messageId) {
                children.push(h('div', {class: 'reaction-picker', role: 'group', 'aria-label': 'Pick a reaction'},
                    QUICK_REACTIONS.map(emoji => h('button', {type: 'button', 'aria-label': `React with ${emoji}`, onclick: () => {
                        picking = null;
                        store.toggleReaction(room.view.id, message.messageId, emoji);
                        render('room', room.view.id);
                    }}, emoji))));
            }
        }
        if (seenBy?.length) {
            children.push(h('p', {class: 'seen-by'}, `Seen by ${seenBy.join(', ')}`));
        }
        const mentionsMe = !mine && message.mentions.includes(store.me?.id);
        return h('li', {class: ['message', mine ? 'mine' : '', mentionsMe ? 'mentions-me' : ''].filter(Boolean).join(' '),
            dataset: {seq: String(message.seq)}}, children);
    }

    /** Images as their previews (sized before they load: nothing jumps), other files as links; both open the file. */
    function attachmentList(room, attachments) {
        return h('ul', {class: 'attachments', 'aria-label': 'Files'}, attachments.map(attachment => {
            const links = store.linksOf(attachment.attachmentId, room.view.id);
            const label = `${attachment.name}, ${formatSize(attachment.size)}`;
            if (attachment.thumbnail) {
                const scale = Math.min(1, PREVIEW_BOX / Math.max(attachment.width ?? PREVIEW_BOX, attachment.height ?? PREVIEW_BOX));
                const size = {width: Math.round((attachment.width ?? PREVIEW_BOX) * scale), height: Math.round((attachment.height ?? PREVIEW_BOX) * scale)};
                const preview = links?.previewUrl
                    ? h('img', {src: links.previewUrl, alt: attachment.name, ...size})
                    : h('span', {class: 'preview-placeholder'}, attachment.name);
                return h('li', {class: 'attachment image'},
                    h('a', {href: links?.url ?? null, target: '_blank', rel: 'noopener', title: label}, preview));
            }
            return h('li', {class: 'attachment file'},
                h('a', {href: links?.url ?? null, target: '_blank', rel: 'noopener', download: attachment.name}, `📎 ${label}`));
        }));
    }

    function editForm(room, message) {
        const area = h('textarea', {'aria-label': 'Edit message', maxlength: '4000', rows: '2', value: message.content,
            onkeydown: event => {
                if (event.key === 'Escape') cancel();
                if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
                    event.preventDefault();
                    form.requestSubmit();
                }
            }});
        const cancel = () => {
            editing = null;
            render('room', room.view.id);
        };
        const form = h('form', {class: 'edit-form', onsubmit: event => {
            event.preventDefault();
            // offline, the edit is not sent: the editor stays open with the text
            if (area.value.trim() === message.content || store.edit(room.view.id, message.messageId, area.value)) cancel();
        }}, area, h('button', {type: 'submit'}, 'Save'), h('button', {type: 'button', onclick: cancel}, 'Cancel'));
        return form;
    }

    function pendingItem(pending) {
        const words = {
            queued: 'Waiting for the connection…',
            sending: 'Sending…',
            held: 'Received, not stored yet: it will be stored when the server can',
            accepted: 'Sent',
            retrying: pending.error ? describe(pending.error) : 'Sending again shortly…',
            failed: pending.error ? `Not sent: ${describe(pending.error)}` : 'Not sent',
        }[pending.state];
        return h('li', {class: `message mine pending ${pending.state}`},
            h('div', {class: 'message-meta'}, h('span', {class: 'sender'}, 'You'), h('time', {datetime: pending.createdAt}, formatTime(pending.createdAt))),
            pending.content ? h('p', {class: 'content'}, pending.content) : null,
            pending.attachments.length ? h('ul', {class: 'attachments'},
                pending.attachments.map(attachment => h('li', {class: 'attachment file'}, `📎 ${attachment.name}`))) : null,
            h('p', {class: 'pending-state', role: pending.state === 'failed' ? 'alert' : null}, words),
            pending.state === 'failed' ? h('div', {class: 'message-actions visible'},
                h('button', {type: 'button', onclick: () => store.retry(pending.clientMsgId)}, 'Try again'),
                h('button', {type: 'button', onclick: () => store.discard(pending.clientMsgId)}, 'Discard')) : null);
    }

    /** What a list item shows; it is rendered again only when this changes. */
    function versionOf(room, {message, seenBy, pending}) {
        if (pending) return `${pending.state}|${pending.error?.code}|${pending.retryAt}`;
        // while edited, a message is not rendered again: a receipt or reaction would reset the draft
        if (editing === message.messageId) return `editing:${message.messageId}`;
        const quoted = message.replyTo ? room.timeline.byId(message.replyTo)?.content : null;
        const links = message.deleted ? [] : message.attachments.map(attachment => store.linksOf(attachment.attachmentId, room.view.id)?.url ?? null);
        return JSON.stringify([message, seenBy, picking === message.messageId, quoted, store.nameOf(message.senderId), links]);
    }

    function render(scope, detail) {
        if (!roomId) return;
        const room = store.room(roomId);
        if (!room) return;
        if (scope === 'room' ? detail !== roomId : scope !== 'rooms' && scope !== 'me') return;
        title.textContent = store.titleOf(room);
        subtitle.textContent = `${room.view.type} · ${room.view.memberCount} member${room.view.memberCount === 1 ? '' : 's'}`;
        replaceChildren(start, room.timeline.hasOlder
            ? h('button', {type: 'button', class: 'link', disabled: room.loadingOlder, onclick: () => store.loadOlder(roomId)},
                room.loadingOlder ? 'Loading older messages…' : 'Load older messages')
            : h('p', {}, 'This is the beginning of the room.'));

        const fromBottom = scroller.scrollHeight - scroller.scrollTop;
        const atBottom = fromBottom - scroller.clientHeight < 80;
        const firstBefore = list.firstElementChild?.dataset.key;

        const seen = readers(room);
        const items = [
            ...room.timeline.messages().map(message => ({message, seenBy: seen.get(message.seq)})),
            ...store.pendingOf(roomId).map(pending => ({pending})),
        ];
        reconcile(list, items,
            item => (item.message ? item.message.messageId : `pending:${item.pending.clientMsgId}`),
            item => versionOf(room, item),
            item => (item.message ? messageItem(room, item.message, item.seenBy) : pendingItem(item.pending)));

        if (atBottom) scrollToBottom();
        else if (list.firstElementChild?.dataset.key !== firstBefore) scroller.scrollTop = scroller.scrollHeight - fromBottom;

        const typists = [...room.typing.keys()].map(userId => store.nameOf(userId));
        typingLine.textContent = typists.length === 0 ? ''
            : typists.length === 1 ? `${typists[0]} is typing…` : `${typists.join(', ')} are typing…`;
    }

    /** A message of someone else arrived in the open room: read out once by screen readers. */
    function announce(message) {
        announcer.textContent = message.deleted || message.hidden ? '' : `${store.nameOf(message.senderId)}: ${excerpt(message.content, 200)}`;
    }

    return {
        element,
        show,
        render,
        announce,
        get roomId() {
            return roomId;
        },
    };
}
