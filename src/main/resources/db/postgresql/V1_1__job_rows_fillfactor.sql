-- PostgreSQL only (quarkus.flyway.locations): every job row is updated twice ("sent", then "done") and neither update
-- touches an indexed column. Free room in each page lets those updates be HOT (heap-only: no new index entry, the old
-- version pruned in place) instead of moving the row to another page and adding to the primary-key index each time.
ALTER TABLE job_rows SET (fillfactor = 60);
