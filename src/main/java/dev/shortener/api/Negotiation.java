package dev.shortener.api;

import java.util.List;

import jakarta.ws.rs.core.MediaType;

import dev.shortener.error.RequestRejectedException;

/** Picks the response type of a batch from the {@code Accept} header: CSV or JSON. */
final class Negotiation {

    private Negotiation() {
    }

    /**
     * The first acceptable type (in the client's order of preference) that is CSV or JSON; the input's own format
     * when the client accepts anything. A client that accepts neither gets a 406.
     */
    static MediaType responseType(List<MediaType> acceptable, MediaType preferred) {
        if (acceptable == null || acceptable.isEmpty()) {
            return preferred;
        }
        for (MediaType type : acceptable) {
            boolean csv = type.isCompatible(ShortenResource.TEXT_CSV);
            boolean json = type.isCompatible(MediaType.APPLICATION_JSON_TYPE);
            if (csv && json) {
                return preferred;
            }
            if (csv) {
                return ShortenResource.TEXT_CSV;
            }
            if (json) {
                return MediaType.APPLICATION_JSON_TYPE;
            }
        }
        throw new RequestRejectedException(406, "Not Acceptable",
                "Accept header allows neither text/csv nor application/json");
    }
}
