package dev.shortener.api;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.MediaType;

import dev.shortener.error.RequestRejectedException;
import dev.shortener.ingest.Ingest;

/** Picks the response type of a batch or job result from the {@code Accept} header among the types offered. */
final class Negotiation {

    static final MediaType XLSX = MediaType.valueOf(Ingest.XLSX);

    private Negotiation() {
    }

    /** {@code /shorten}: CSV, JSON or xlsx; the input's own format when the client accepts anything. */
    static MediaType responseType(List<MediaType> acceptable, MediaType preferred) {
        return choose(acceptable, preferred, List.of(ShortenResource.TEXT_CSV, MediaType.APPLICATION_JSON_TYPE, XLSX));
    }

    /**
     * The first acceptable type (in the client's order of preference) among {@code offered}; {@code preferred} when a
     * range (such as {@code *}{@code /*}) accepts it. A client that accepts none of them gets a 406.
     */
    static MediaType choose(List<MediaType> acceptable, MediaType preferred, List<MediaType> offered) {
        if (acceptable == null || acceptable.isEmpty()) {
            return preferred;
        }
        for (MediaType type : acceptable) {
            List<MediaType> matching = offered.stream().filter(type::isCompatible).toList();
            if (matching.contains(preferred)) {
                return preferred;
            }
            if (!matching.isEmpty()) {
                return matching.get(0);
            }
        }
        throw new RequestRejectedException(406, "Not Acceptable", "Accept header allows none of "
                + offered.stream().map(MediaType::toString).collect(Collectors.joining(", ")));
    }
}
