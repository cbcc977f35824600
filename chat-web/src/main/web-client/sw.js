// The service worker: shows the chat's Web Push notifications (a digest: docs/rest-api.md,
// "Notifications") while no page of the chat is open, and opens the room when one is clicked.
self.addEventListener('push', event => {
    let digest = {};
    try {
        digest = event.data ? event.data.json() : {};
    } catch {
        digest = {title: 'Chat', body: event.data ? event.data.text() : ''};
    }
    const latest = digest.notifications?.at(-1);
    event.waitUntil(self.registration.showNotification(digest.title || 'Chat', {
        body: digest.body || '',
        tag: latest ? `room-${latest.roomId}` : 'chat', // a newer digest of a room replaces the older one
        renotify: true,
        data: {roomId: latest?.roomId ?? null},
    }));
});

self.addEventListener('notificationclick', event => {
    event.notification.close();
    const roomId = event.notification.data?.roomId;
    const url = new URL(roomId ? `./#room=${encodeURIComponent(roomId)}` : './', self.registration.scope).href;
    event.waitUntil(self.clients.matchAll({type: 'window', includeUncontrolled: true}).then(windows => {
        const open = windows.find(client => client.url.startsWith(self.registration.scope));
        if (open) {
            open.postMessage({type: 'open-room', roomId});
            return open.focus();
        }
        return self.clients.openWindow(url);
    }));
});
