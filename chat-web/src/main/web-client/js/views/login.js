// Log in, or create an account and log in.
import {describe} from '../errors.js';
import {h} from '../dom.js';

export function loginView(api, {reason, onLoggedIn}) {
    let registering = false;
    const status = h('p', {class: 'form-error', role: 'alert', id: 'login-error'});
    const info = h('p', {class: 'form-info', role: 'status'}, reason ?? '');
    const username = h('input', {id: 'login-username', name: 'username', autocomplete: 'username', required: true,
        minlength: 3, maxlength: 32, pattern: '[A-Za-z0-9_.\\-]+', 'aria-describedby': 'login-error'});
    const password = h('input', {id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password',
        required: true, minlength: 8, maxlength: 128, 'aria-describedby': 'login-error'});
    const displayName = h('input', {id: 'login-display-name', name: 'displayName', autocomplete: 'nickname', maxlength: 64});
    const displayNameRow = h('div', {class: 'field', hidden: true},
        h('label', {for: 'login-display-name'}, 'Display name (optional)'), displayName);
    const submit = h('button', {type: 'submit', class: 'primary'}, 'Log in');
    const heading = h('h1', {}, 'Log in to Chat');
    const toggle = h('button', {type: 'button', class: 'link', onclick: () => {
        registering = !registering;
        heading.textContent = registering ? 'Create an account' : 'Log in to Chat';
        submit.textContent = registering ? 'Create account' : 'Log in';
        toggle.textContent = registering ? 'I have an account: log in' : 'New here? Create an account';
        displayNameRow.hidden = !registering;
        password.autocomplete = registering ? 'new-password' : 'current-password';
        status.textContent = '';
        username.focus();
    }}, 'New here? Create an account');

    const form = h('form', {class: 'login-form', novalidate: true, onsubmit: async event => {
        event.preventDefault();
        status.textContent = '';
        if (!form.checkValidity()) {
            status.textContent = username.validity.valid
                ? 'The password needs 8 to 128 characters.'
                : 'The username needs 3 to 32 letters, digits, ".", "_" or "-".';
            (username.validity.valid ? password : username).focus();
            return;
        }
        submit.disabled = true;
        try {
            if (registering) await api.register(username.value, password.value, displayName.value.trim());
            await api.login(username.value, password.value);
            onLoggedIn();
        } catch (error) {
            status.textContent = error.code === 'CONFLICT' ? 'That username is taken. Pick another one.' : describe(error);
            submit.disabled = false;
        }
    }},
    heading, info,
    h('div', {class: 'field'}, h('label', {for: 'login-username'}, 'Username'), username),
    h('div', {class: 'field'}, h('label', {for: 'login-password'}, 'Password'), password),
    displayNameRow, status, submit, toggle);
    return h('main', {class: 'login'}, form);
}
