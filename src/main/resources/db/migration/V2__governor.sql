-- The governor shared by the replicas of one PostgreSQL store (dev.shortener.governor.Cluster). Portable (H2 creates
-- the tables too but never uses them: one embedded replica governs alone). Times are epoch milliseconds read from the
-- database's clock, so that replicas' clocks need not agree.

-- One row per live replica and provider, written by its heartbeat: what it wants (in flight + waiting) and the most
-- it may hold (its applied limit, or more while calls above a lowered limit finish). Stale after shortener.jobs.lease,
-- or at once when the session of its listening connection (backend_pid, 0 before it has one) is gone: a killed
-- replica's socket closes with it.
CREATE TABLE governor_replicas (
    replica      VARCHAR(100) NOT NULL,
    provider     VARCHAR(32)  NOT NULL,
    demand       INT          NOT NULL,
    held         INT          NOT NULL,
    heartbeat_at BIGINT       NOT NULL,
    backend_pid  INT          NOT NULL DEFAULT 0,
    PRIMARY KEY (provider, replica)
);

-- The latest pause of each provider (a 429 seen by any replica): replicas that join read it; the others hear it by
-- NOTIFY on channel shortener_governor.
CREATE TABLE governor_pauses (
    provider     VARCHAR(32)  NOT NULL PRIMARY KEY,
    paused_until BIGINT       NOT NULL
);

-- Calls counted against a provider's quota, one row per period (period_start in epoch milliseconds, on the epoch grid).
CREATE TABLE governor_quota (
    provider     VARCHAR(32)  NOT NULL,
    period_start BIGINT       NOT NULL,
    used         BIGINT       NOT NULL,
    PRIMARY KEY (provider, period_start)
);
