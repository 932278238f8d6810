-- The open outage breaker of each provider, shared by the replicas of one PostgreSQL store
-- (dev.shortener.governor.BreakerChannel): replicas that join or reconnect read it; the others hear it by NOTIFY on
-- channel shortener_governor. Deleted when the breaker closes. since and sent_at are the writer's wall clock (epoch
-- milliseconds); probe_by is the database's clock: the time by which the prober announced its next probe.
CREATE TABLE governor_breakers (
    provider     VARCHAR(32)  NOT NULL PRIMARY KEY,
    since        BIGINT       NOT NULL,
    prober       VARCHAR(100) NOT NULL,
    delay_millis BIGINT       NOT NULL,
    probe_by     BIGINT       NOT NULL,
    sent_at      BIGINT       NOT NULL
);
