package dev.shortener.jobs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.shortener.batch.Batch;
import dev.shortener.batch.BatchService;
import dev.shortener.batch.UtmTags;
import dev.shortener.config.ModelName;
import dev.shortener.config.Provider;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.error.RequestRejectedException;
import dev.shortener.governor.Governors;
import dev.shortener.execution.ExecutionModel;
import dev.shortener.ingest.Ingest;
import dev.shortener.ingest.RowSource;
import dev.shortener.results.ResultColumns;
import dev.shortener.results.ResultWriter;
import dev.shortener.store.Database;
import dev.shortener.store.StoreException;

// Over 250 lines: submission (streamed body, fingerprint, Idempotency-Key races) is one transaction's logic, and
// cancel and retry are the two moves of a job's state that a caller makes.
/** Accepts, shows, cancels, retries and reads back jobs; the {@link JobRunner} of any replica works them. */
@ApplicationScoped
public class JobService {

    private static final String UNIQUE_VIOLATION = "23505";

    private final Database db;
    private final JobRepository jobs;
    private final RowRepository rows;
    private final ChunkRepository chunks;
    private final Ingest ingest;
    private final BatchService batches;
    private final JobRunner runner;
    private final JobEnds ends;
    private final ShortenerConfig config;
    private final Governors governors;

    JobService(Database db, JobRepository jobs, RowRepository rows, ChunkRepository chunks, Ingest ingest,
            BatchService batches, JobRunner runner, JobEnds ends, ShortenerConfig config, Governors governors) {
        this.governors = governors;
        this.ends = ends;
        this.db = db;
        this.jobs = jobs;
        this.rows = rows;
        this.chunks = chunks;
        this.ingest = ingest;
        this.batches = batches;
        this.runner = runner;
        this.config = config;
    }

    /** What a submission was: the job and whether it existed already (same Idempotency-Key, same request). */
    public record Submitted(JobStatus status, boolean replayed) {
    }

    /**
     * A job's stored form and result format, for {@link #writeResult}: its input columns, the optional columns of its
     * answer, and its provider (for the rows' warnings).
     */
    public record ResultSource(String id, Batch.InputFormat format, List<String> columns, ResultColumns optional,
            Provider provider) {
    }

    /**
     * Reads {@code body} as it arrives and stores its rows, tagged with {@code utm}, in one transaction: a refused
     * body (400, 413, 415) leaves no job behind. With an Idempotency-Key, the same key and request answer the job
     * created first; another request under the same key is a 422. {@code sheet} is the sheet of an xlsx body (null:
     * the first); {@code callbackUrl}, already checked by the caller, is POSTed to when the job ends.
     */
    public Submitted submit(InputStream body, String contentType, String sheet, Optional<ModelName> model,
            Optional<String> provider, UtmTags utm, String owner, Optional<String> idempotencyKey,
            Optional<String> callbackUrl) {
        Ingest.inputFormat(contentType);
        ExecutionModel executionModel = batches.model(model);
        Provider chosen = batches.provider(provider, executionModel);
        // The fingerprint of the request: what it asks for, then every byte of the body.
        Fingerprint fingerprint = new Fingerprint(body,
                contentType + "\n" + executionModel.name().id() + "\n" + chosen.id() + "\n" + utm.params() + "\n"
                        + (sheet == null ? "" : "sheet=" + sheet + "\n") + callbackUrl.orElse("") + "\n");
        String id = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        String existing;
        try {
            existing = db.inTransaction(c -> store(c, fingerprint, id, contentType, sheet, executionModel, chosen, utm,
                    owner, idempotencyKey, callbackUrl.orElse(null), now));
        } catch (StoreException e) {
            if (idempotencyKey.isPresent() && e.getCause() instanceof SQLException sql
                    && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                // The same key was submitted concurrently and that one committed first: answer it as if it had been
                // there when this one looked (same request: that job; another request: 422).
                JobRepository.Keyed first = db.inTransaction(c -> jobs.byIdempotencyKey(c, owner,
                        idempotencyKey.get(), 0)).orElseThrow(() -> e);
                existing = sameRequest(first, fingerprint.hash(), idempotencyKey.get());
            } else {
                throw e;
            }
        }
        if (existing != null) {
            String known = existing;
            return new Submitted(status(known, owner), true);
        }
        runner.wake();
        return new Submitted(status(id, owner), false);
    }

    private String store(Connection c, Fingerprint fingerprint, String id, String contentType, String sheet,
            ExecutionModel model, Provider provider, UtmTags utm, String owner, Optional<String> key,
            String callbackUrl, long now)
            throws SQLException {
        DigestInputStream in = fingerprint.in();
        int total;
        Batch.InputFormat format;
        List<String> columns;
        boolean linkFields;
        // Ingest closes the body at its end; the rest of it must still reach the digest, so ingest gets a view of it
        // that does not close.
        InputStream unclosable = new FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
        try (RowSource source = ingest.open(unclosable, contentType, sheet, config.jobs().maxRows())) {
            total = rows.insert(c, id, source, utm::tag);
            format = source.format();
            columns = source.columns();
            linkFields = source.linkFields();
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw RequestRejectedException.badRequest("the request body could not be read: " + e.getMessage());
        }
        String hash = fingerprint.hash();
        if (key.isPresent()) {
            long notBefore = now - config.jobs().idempotencyTtl().toMillis();
            // An expired key is free at once, not only after the next sweep: the new job takes it.
            jobs.forgetKey(c, owner, key.get(), notBefore);
            Optional<JobRepository.Keyed> known = jobs.byIdempotencyKey(c, owner, key.get(), notBefore);
            if (known.isPresent()) {
                String first = sameRequest(known.get(), hash, key.get());
                c.rollback();
                return first;
            }
            jobs.forgetKeys(c, notBefore);
        }
        int chunkSize = config.jobs().chunkSize();
        chunks.insert(c, id, total, chunkSize);
        jobs.insert(c, new JobRepository.NewJob(id, owner, model.name().id(), provider.id(), format, columns,
                total, chunkSize, key.orElse(null), hash, utm.params(), linkFields, callbackUrl), now);
        if (total == 0) {
            ends.ended(c, id); // an empty job has ended as soon as it is stored
        }
        return null;
    }

    /** The id of the job created first under {@code key} when this request is the same as its; else a 422. */
    private static String sameRequest(JobRepository.Keyed first, String hash, String key) {
        if (!first.bodyHash().equals(hash)) {
            throw new RequestRejectedException(422, "Unprocessable Content", "Idempotency-Key '" + key
                    + "' was already used for job " + first.id() + " with a different request; "
                    + "use a new key for a new job");
        }
        return first.id();
    }

    /** The status of a job of {@code owner}; 404 for an unknown one or another owner's. */
    public JobStatus status(String id, String owner) {
        return db.inTransaction(c -> jobs.status(c, id, owner)).map(this::withWaiting).orElseThrow(() -> notFound(id));
    }

    /** {@code status} with why its provider holds calls back now, while the job has rows to work. */
    private JobStatus withWaiting(JobStatus status) {
        if (status.state().finished() || status.provider() == null) {
            return status;
        }
        return status.waiting(governors.forProvider(status.provider()).currentWait().orElse(null));
    }

    /** A page of {@code owner}'s jobs, newest first. */
    public JobRepository.Page list(String owner, Optional<JobState> state, int limit, Optional<Long> after) {
        JobRepository.Page page = db.inTransaction(c -> jobs.list(c, owner, state, limit, after));
        return new JobRepository.Page(page.jobs().stream().map(this::withWaiting).toList(), page.next());
    }

    /**
     * Cancels a job: rows not done end with error {@code cancelled} and no new call of it starts on this replica
     * once this returns (other replicas' writes of "sent" are refused from now on). A finished job is a 409.
     */
    public JobStatus cancel(String id, String owner) {
        JobStatus before = status(id, owner);
        if (before.state() == JobState.CANCELLED) {
            return before;
        }
        boolean cancelled = db.inRetryableTransaction(c -> {
            if (!jobs.end(c, id, JobState.CANCELLED, null, System.currentTimeMillis())) {
                return false;
            }
            rows.endUnfinished(c, id, "cancelled");
            chunks.cancelAll(c, id);
            ends.ended(c, id);
            return true;
        });
        runner.cancelLocal(id);
        if (!cancelled) {
            throw new RequestRejectedException(409, "Conflict", "job " + id + " has already finished ("
                    + status(id, owner).state().id() + "); there is nothing to cancel");
        }
        return status(id, owner);
    }

    /**
     * Runs again, in the same job, the rows of an ended job that failed for a reason that can change (timeouts, 5xx,
     * 429 after the retries, connection failures, cancelled) and any row left unfinished; the others keep their
     * outcome, and any replica claims the reopened chunks. A job with nothing to retry stays as it is; a job that has
     * not ended is a 409, an unknown one a 404.
     */
    public JobStatus retry(String id, String owner) {
        JobStatus before = status(id, owner);
        if (!before.state().finished()) {
            throw notEnded(id, before.state());
        }
        Boolean reopened = db.inRetryableTransaction(c -> {
            if (!jobs.reopen(c, id)) {
                return null; // another request reopened it first
            }
            rows.reopenRetryable(c, id);
            if (chunks.reopen(c, id) == 0) {
                c.rollback(); // nothing to run again: the job keeps its end
                return false;
            }
            return true;
        });
        if (reopened == null) {
            throw notEnded(id, status(id, owner).state());
        }
        if (reopened) {
            runner.wake();
        }
        return status(id, owner);
    }

    private static RequestRejectedException notEnded(String id, JobState state) {
        return new RequestRejectedException(409, "Conflict", "job " + id + " is " + state.id()
                + "; only a job that has ended can have its failed rows retried (wait for it, or cancel it first)");
    }

    /**
     * The job to read a result from; 404 when unknown, 409 while it runs unless {@code partial} (then the rows done so
     * far are written).
     */
    public ResultSource resultSource(String id, String owner, boolean partial) {
        JobRepository.Stored stored = stored(id, owner);
        if (!stored.state().finished() && !partial) {
            throw new RequestRejectedException(409, "Conflict", "job " + id + " is " + stored.state().id()
                    + "; its result is ready when it has finished (GET /jobs/" + id + "), or ask for the rows done "
                    + "so far with ?partial=true");
        }
        return source(stored);
    }

    /** A job that has finished, to draw the QR codes of; 404 when unknown, 409 while it runs. */
    public ResultSource finishedSource(String id, String owner) {
        JobRepository.Stored stored = stored(id, owner);
        if (!stored.state().finished()) {
            throw new RequestRejectedException(409, "Conflict", "job " + id + " is " + stored.state().id()
                    + "; its QR codes are ready when it has finished (GET /jobs/" + id + ")");
        }
        return source(stored);
    }

    private JobRepository.Stored stored(String id, String owner) {
        return db.inTransaction(c -> jobs.stored(c, id, owner)).orElseThrow(() -> notFound(id));
    }

    private static ResultSource source(JobRepository.Stored stored) {
        return new ResultSource(stored.id(), stored.format(), stored.columns(),
                new ResultColumns(stored.taggedUrl(), stored.linkFields()),
                Provider.parse(stored.provider()).orElseThrow());
    }

    /**
     * Writes a job's done rows in input order to {@code writer} (the caller closes it) with a database cursor: memory
     * does not grow with the job.
     */
    public void writeResult(ResultSource source, ResultWriter writer) throws IOException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                rows.results(c, source.id(), row -> writer.write(batches.withWarning(source.provider(), row)));
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static RequestRejectedException notFound(String id) {
        return new RequestRejectedException(404, "Not Found", "no job '" + id + "' (jobs are visible to the "
                + "caller that created them, until shortener.jobs.retention after they finish)");
    }
}
