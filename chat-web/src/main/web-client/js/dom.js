// DOM helpers. Text only ever enters the page as text nodes (textContent), never as HTML:
// message content, names and server messages cannot inject markup.

/**
 * Creates an element: h('button', {class: 'x', onclick: fn, 'aria-label': 'Send'}, 'text', child…).
 * Attributes starting with "on" become listeners; `false`/`null` attributes are left out; children
 * are nodes or strings (as text), arrays are flattened, null/false skipped.
 */
export function h(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes ?? {})) {
        if (value === null || value === undefined || value === false) continue;
        if (name.startsWith('on') && typeof value === 'function') {
            element.addEventListener(name.slice(2), value);
        } else if (name === 'dataset') {
            Object.assign(element.dataset, value);
        } else if (name === 'value' || name === 'checked' || name === 'selected') {
            element[name] = value;
        } else {
            element.setAttribute(name, value === true ? '' : String(value));
        }
    }
    append(element, children);
    return element;
}

function append(element, children) {
    for (const child of children) {
        if (child === null || child === undefined || child === false) continue;
        if (Array.isArray(child)) append(element, child);
        else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
}

/** Replaces the children of an element. */
export function replaceChildren(element, ...children) {
    element.replaceChildren();
    append(element, children);
}

const timeFormat = new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit'});
const dayFormat = new Intl.DateTimeFormat(undefined, {weekday: 'short', day: 'numeric', month: 'short'});

/** "14:05" today, "Mon 3 Nov 14:05" before. */
export function formatTime(iso) {
    if (!iso) return '';
    const date = new Date(iso);
    const today = new Date();
    const sameDay = date.toDateString() === today.toDateString();
    return sameDay ? timeFormat.format(date) : `${dayFormat.format(date)} ${timeFormat.format(date)}`;
}

/**
 * A random UUID (v4). crypto.randomUUID exists only in secure contexts (HTTPS, localhost), and a chat
 * opened at http://some-host:8080/ must work too; getRandomValues is available everywhere.
 */
export function randomId() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map(b => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Plain-text excerpt for previews (room list, reply quotes). */
export function excerpt(text, length = 80) {
    if (!text) return '';
    const single = text.replace(/\s+/g, ' ').trim();
    return single.length > length ? `${single.slice(0, length - 1)}…` : single;
}

/**
 * Brings a container's children in line with a list of items, keyed: a child whose item has the
 * same version is kept as it is (focus, selection and scroll stay), others are rendered again in
 * place, and children of items no longer listed are removed.
 */
export function reconcile(container, items, keyOf, versionOf, render) {
    const existing = new Map();
    for (const child of container.children) existing.set(child.dataset.key, child);
    const focused = document.activeElement && container.contains(document.activeElement) ? document.activeElement : null;
    const focusedKey = focused?.closest('[data-key]')?.dataset.key ?? null;
    const focusedControl = focused?.getAttribute('aria-label') ? `[aria-label="${CSS.escape(focused.getAttribute('aria-label'))}"]` : null;
    let previous = null;
    for (const item of items) {
        const key = String(keyOf(item));
        const version = String(versionOf(item));
        let node = existing.get(key);
        existing.delete(key);
        if (!node || node.dataset.version !== version) {
            const fresh = render(item);
            fresh.dataset.key = key;
            fresh.dataset.version = version;
            if (node) node.replaceWith(fresh);
            node = fresh;
        }
        const expected = previous ? previous.nextElementSibling : container.firstElementChild;
        if (node !== expected) container.insertBefore(node, expected);
        previous = node;
    }
    existing.forEach(node => node.remove());
    // moving or re-rendering a focused element blurs it: give focus back to the same item
    if (focusedKey !== null && focusedKey !== undefined && !container.contains(document.activeElement)) {
        container.querySelector(`[data-key="${CSS.escape(focusedKey)}"]`)
            ?.querySelector(focusedControl ?? 'textarea, input, select, button, [tabindex]')?.focus();
    }
}
