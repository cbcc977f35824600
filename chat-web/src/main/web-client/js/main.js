// Entry point: the login screen until there is a session, then the chat.
import {Api} from './api.js';
import {replaceChildren} from './dom.js';
import {ChatStore} from './store.js';
import {loginView} from './views/login.js';
import {chatView} from './views/chat.js';
import {disablePush} from './push.js';

const api = new Api();
const app = document.getElementById('app');
let store = null;

function showLogin(reason) {
    store?.stop();
    store = null;
    document.title = 'Chat — log in';
    replaceChildren(app, loginView(api, {reason, onLoggedIn: showChat}));
    app.querySelector('input')?.focus();
}

async function showChat() {
    store = new ChatStore(api);
    document.title = 'Chat';
    replaceChildren(app, chatView(store, {onLogout: async () => {
        await disablePush(api); // while the session still authorizes it: the next user here hears nothing of this one's rooms
        await api.logout();
        showLogin('You are logged out.');
    }}));
    const starting = store;
    for (let attempt = 0; store === starting; attempt++) {
        try {
            await store.start();
            return;
        } catch (error) {
            if (error.code === 'UNAUTHORIZED') {
                api.end('Your session has ended. Please log in again.');
                return;
            }
            store.notice(error);
            if (!error.retryable) return;
            await new Promise(resolve => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** attempt))); // the server is unreachable: try again
        }
    }
}

api.on('ended', reason => showLogin(reason));

if (api.loggedIn) showChat();
else showLogin();
