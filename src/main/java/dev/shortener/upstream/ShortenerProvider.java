package dev.shortener.upstream;

/**
 * One shortening API (or the benchmark's httpbin): how a call becomes an HTTP request and how an answer becomes a
 * value or a row error, retryable or final. Pure and free of CDI, so that the reactive client and the worker processes
 * use the same instances; built by {@link Providers} from {@link ProviderSettings}, a record of those settings when
 * it needs them (their {@code toString()} names no credential). The call's target names it
 * ({@code quarkus.rest-client.<id>.*}, {@code ?provider=}, metrics); its description says which link fields it sends.
 */
public interface ShortenerProvider {

    /** The request of one attempt of {@code call}. */
    UpstreamRequest request(UpstreamCall call);

    /** Reads an answer; {@code retryAfter} is the raw header or null. */
    Attempt read(int status, String body, String retryAfter, int number);

    /** A final error for a call this provider cannot make at all (no request is sent), or null. */
    default String refusal(UpstreamCall call) {
        return null;
    }
}
