package dev.shortener.csv;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.shortener.batch.Batch;
import dev.shortener.error.RequestRejectedException;
import dev.shortener.batch.BatchRow;
import dev.shortener.config.ShortenerConfig;

/** Reads a {@code text/plain} body: one URL per line, blank lines ignored. */
@ApplicationScoped
public class PlainTextBatchReader {

    private final ShortenerConfig config;

    PlainTextBatchReader(ShortenerConfig config) {
        this.config = config;
    }

    /** Parses {@code text}; throws {@link RequestRejectedException} when it holds no URL or too many. */
    public Batch read(String text) {
        String body = Bodies.stripBom(text);
        if (body.isBlank()) {
            throw RequestRejectedException.badRequest("empty body: send one URL per line");
        }
        List<BatchRow> rows = new ArrayList<>();
        String[] lines = body.split("\r\n|\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String url = lines[i].strip();
            if (url.isEmpty()) {
                continue;
            }
            if (rows.size() >= config.maxRows()) {
                throw RequestRejectedException.tooManyRows(config.maxRows(), "limit crossed at line " + (i + 1));
            }
            rows.add(BatchRow.of(i + 1, List.of(url), url, null));
        }
        return new Batch(Batch.InputFormat.PLAIN_TEXT, List.of("url"), rows);
    }
}
