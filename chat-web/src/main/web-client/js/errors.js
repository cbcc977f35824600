// Errors of the REST API and the WebSocket protocol, in words a person understands
// (codes: docs/protocol.md, "Error codes").

/** A refusal from the server (REST body or ERROR frame) or a failure to reach it. */
export class ChatError extends Error {
    constructor({code, message, retryable = false, retryAfterMs = null, clientMsgId = null, status = null, fields = null}) {
        super(message || code);
        this.code = code;
        this.retryable = retryable;
        this.retryAfterMs = retryAfterMs;
        this.clientMsgId = clientMsgId;
        this.status = status;
        this.fields = fields;
    }
}

function seconds(ms) {
    return Math.max(1, Math.ceil((ms ?? 1000) / 1000));
}

/** One sentence for the person in front of the screen. */
export function describe(error) {
    if (!(error instanceof ChatError)) {
        return `Something went wrong: ${error?.message ?? error}`;
    }
    const detail = error.message && error.message !== error.code ? error.message : '';
    switch (error.code) {
        case 'RATE_LIMITED':
            return `You are sending too fast. Wait ${seconds(error.retryAfterMs)} s and try again.`;
        case 'OVERLOADED':
            return `The server is busy. Trying again in ${seconds(error.retryAfterMs)} s.`;
        case 'NOT_DURABLE':
            return 'The server could not store this message yet. It will be sent again.';
        case 'NOT_A_MEMBER':
            return 'You are not a member of this room.';
        case 'FORBIDDEN':
            return detail ? `Not allowed: ${detail}.` : 'You are not allowed to do that.';
        case 'NOT_FOUND':
            return detail ? `Not found: ${detail}.` : 'It does not exist any more.';
        case 'TOO_LARGE':
            return detail.includes('bytes') || detail.includes('pixels') ? `Too large: ${detail}.` : 'That is too long for one message.';
        case 'UNSUPPORTED_TYPE':
            return detail ? `This file cannot be shared: ${detail}.` : 'Files of this type cannot be shared.';
        case 'QUOTA_EXCEEDED':
            return 'Your files take all the space you have. Delete messages with files to free some.';
        case 'INVALID_FIELD':
            if (error.fields?.length) {
                return error.fields.map(f => `${f.field}: ${f.message}`).join('; ');
            }
            return detail || 'Some of what you entered is not valid.';
        case 'CONFLICT':
            return detail || 'That conflicts with the current state.';
        case 'IDEMPOTENCY_KEY_REUSED':
            return 'This message id was already used for another message.';
        case 'UNAUTHORIZED':
            return detail === 'wrong username or password' ? 'Wrong username or password.' : 'Your session has ended. Please log in again.';
        case 'UNAVAILABLE':
            return detail.includes('attachment store') ? 'Files cannot be stored right now. Try again shortly.'
                : 'Part of the service is unavailable. Try again shortly.';
        case 'NETWORK':
            return 'The server cannot be reached. Check your connection.';
        case 'INTERNAL':
            return 'Something went wrong on our side. Try again.';
        default:
            return detail || error.code;
    }
}
