package dev.shortener.api;

import java.util.List;

import dev.shortener.jobs.JobStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A page of {@code GET /jobs}.
 *
 * @param jobs statuses, newest first
 * @param next the cursor for {@code ?after=} of the next page, or null on the last page
 */
@RegisterForReflection
public record JobPage(List<JobStatus> jobs, String next) {
}
