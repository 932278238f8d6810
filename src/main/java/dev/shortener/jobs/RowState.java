package dev.shortener.jobs;

/** Where a job row's work stands, stored as {@link #code()} in {@code job_rows.state}. */
enum RowState {
    /** Not sent yet. */
    PENDING(0),
    /** Its call may have reached the upstream (a crash from now on means it may be resent). */
    SENT(1),
    /** Has its final outcome. */
    DONE(2);

    private final int code;

    RowState(int code) {
        this.code = code;
    }

    /** The state stored as {@code code}. */
    static RowState of(int code) {
        for (RowState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        throw new IllegalArgumentException("no row state " + code);
    }

    /** The stored value. */
    int code() {
        return code;
    }
}
