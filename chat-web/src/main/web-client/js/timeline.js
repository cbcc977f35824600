// One room's messages as this client holds them: a window of consecutive seqs [low, high] that has
// no gap, plus messages seen beyond it while a gap is being fetched. Seqs are gapless per room
// (docs/protocol.md, "Order"), so "everything up to high" is what a RESUME asks the server after.

export class Timeline {
    /** Starts empty at the room's last seq: nothing held, nothing missing up to lastSeq. */
    constructor(lastSeq) {
        this.bySeq = new Map();
        this.seqOf = new Map(); // messageId -> seq
        this.low = lastSeq + 1;
        this.high = lastSeq;
        this.hasOlder = lastSeq > 0;
        this.version = 0;
    }

    /** The messages of the window, oldest first. */
    messages() {
        const list = [];
        for (let seq = this.low; seq <= this.high; seq++) {
            const message = this.bySeq.get(seq);
            if (message) list.push(message);
        }
        return list;
    }

    get(seq) {
        return this.bySeq.get(seq);
    }

    byId(messageId) {
        const seq = this.seqOf.get(messageId);
        return seq === undefined ? undefined : this.bySeq.get(seq);
    }

    /** The first seq after the window that is missing while later ones are held, or null. */
    gapAfter() {
        for (const seq of this.bySeq.keys()) {
            if (seq > this.high + 1) return this.high;
        }
        return null;
    }

    /** Adds or replaces messages (a frame, a page of history, a replay); returns those that are new. */
    put(messages) {
        const added = [];
        for (const message of messages) {
            if (!this.bySeq.has(message.seq)) added.push(message);
            this.bySeq.set(message.seq, message);
            this.seqOf.set(message.messageId, message.seq);
        }
        this.extend();
        this.version++;
        return added;
    }

    /**
     * A page of history after `after` (oldest first). A page that starts beyond after + 1 proves
     * that the seqs in between do not exist (docs/protocol.md: the one case where seqs jump), so
     * the window moves over them instead of asking for them forever.
     */
    putAfter(page, after) {
        if (page.length && after === this.high && page[0].seq > this.high + 1) {
            console.warn(`seqs ${this.high + 1} to ${page[0].seq - 1} do not exist: skipped`);
            this.high = page[0].seq - 1;
        }
        return this.put(page);
    }

    /** A page of older history (`before=low`, newest first): the window grows downwards, over holes the page proves. */
    putOlder(page, limit) {
        for (const message of page) {
            this.bySeq.set(message.seq, message);
            this.seqOf.set(message.messageId, message.seq);
        }
        if (page.length && page[0].seq < this.low - 1) {
            console.warn(`seqs ${page[0].seq + 1} to ${this.low - 1} do not exist: skipped`);
            this.low = page[0].seq + 1;
        }
        this.extend();
        this.hasOlder = page.length === limit && this.low > 1;
        this.version++;
    }

    /** Drops what is held and restarts the window at lastSeq (a room skipped over while away). */
    reset(lastSeq) {
        this.bySeq.clear();
        this.seqOf.clear();
        this.low = lastSeq + 1;
        this.high = lastSeq;
        this.hasOlder = lastSeq > 0;
        this.version++;
    }

    extend() {
        while (this.bySeq.has(this.high + 1)) this.high++;
        while (this.bySeq.has(this.low - 1)) this.low--;
        if (this.high >= this.low && this.low <= 1) this.hasOlder = false;
    }

    /** Applies a change to one held message (edit, delete, reaction); false if it is not held. */
    change(seq, apply) {
        const message = this.bySeq.get(seq);
        if (!message) return false;
        this.bySeq.set(seq, apply({...message}));
        this.version++;
        return true;
    }
}
