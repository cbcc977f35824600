// Web Push for this browser: asks for permission, subscribes with the server's VAPID key and
// registers the subscription (POST /notifications/push/subscriptions); on logout the subscription
// is removed, so the next user of this browser is not told about the last one's rooms.
const SUBSCRIPTION_KEY = 'chat.push-subscription';

export function pushSupported() {
    return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window && window.isSecureContext;
}

/** 'on', 'off' (may ask), 'blocked' (the user said no in the browser), 'unsupported'. */
export function pushState() {
    if (!pushSupported()) return 'unsupported';
    if (Notification.permission === 'denied') return 'blocked';
    return Notification.permission === 'granted' && localStorage.getItem(SUBSCRIPTION_KEY) ? 'on' : 'off';
}

function keyBytes(base64url) {
    const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
    const raw = atob(base64 + '='.repeat((4 - base64.length % 4) % 4));
    return Uint8Array.from(raw, c => c.charCodeAt(0));
}

/** Asks, subscribes and registers; throws an Error whose message says what went wrong. */
export async function enablePush(api) {
    if (!pushSupported()) throw new Error('This browser cannot show notifications from the chat.');
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') throw new Error('Notifications are blocked for this site: allow them in the browser\'s site settings.');
    const {publicKey} = await api.get('/notifications/push/key');
    const registration = await navigator.serviceWorker.register('sw.js');
    await navigator.serviceWorker.ready;
    let subscription = await registration.pushManager.getSubscription();
    if (!subscription) {
        try {
            subscription = await registration.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: keyBytes(publicKey)});
        } catch (error) {
            throw new Error(`The browser's push service could not be reached (${error.message}).`);
        }
    }
    const registered = await api.post('/notifications/push/subscriptions', subscription.toJSON());
    localStorage.setItem(SUBSCRIPTION_KEY, registered.id);
}

/** Unregisters this browser's subscription (best effort: logout goes on whatever happens). */
export async function disablePush(api) {
    const id = localStorage.getItem(SUBSCRIPTION_KEY);
    localStorage.removeItem(SUBSCRIPTION_KEY);
    if (id) await api.delete(`/notifications/push/subscriptions/${encodeURIComponent(id)}`).catch(() => {});
    if (!pushSupported()) return;
    const registration = await navigator.serviceWorker.getRegistration();
    const subscription = await registration?.pushManager.getSubscription();
    await subscription?.unsubscribe().catch(() => {});
}
