package dev.shortener.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.shortener.batch.BatchRow;
import dev.shortener.batch.RowResult;
import dev.shortener.error.RequestRejectedException;
import dev.shortener.results.ResultRow;

/**
 * Properties of the readers over thousands of generated bodies: a well-formed body reads back row for row, in order,
 * cells intact; any bytes at all either read or are refused with a 4xx, never another exception.
 */
class ReaderPropertiesTest {

    private final Ingest ingest = Read.ingest("shortener.csv.max-cell-length", "8000");

    @Test
    void everyRowOfAWellFormedBodyComesBackOnceInOrderWithItsCells() {
        qt().withExamples(3000).forAll(GeneratedBodies.wellFormed()).checkAssert(body -> {
            Read read = Read.of(ingest, body.contentType(), body.bytes(), 1000);

            List<String> urls = read.rows().stream()
                    .map(row -> ResultRow.of(new RowResult(row, null, "unused")).url())
                    .toList();
            assertEquals(body.urls(), urls, body::toString);
            if (!body.cells().isEmpty()) {
                assertEquals(body.cells(), read.rows().stream().map(BatchRow::cells).toList(), body::toString);
                assertEquals(body.columns(), read.columns(), body::toString);
            }
        });
    }

    @Test
    void anyBytesAreReadOrRefusedWithA4xxNeverAnotherFailure() {
        qt().withExamples(3000).forAll(GeneratedBodies.arbitrary()).checkAssert(body -> {
            try {
                Read read = Read.of(ingest, body.contentType(), body.bytes(), 1000);
                assertTrue(!read.rows().isEmpty(), body::toString);
            } catch (RequestRejectedException refusal) {
                assertTrue(refusal.status() >= 400 && refusal.status() < 500, body::toString);
                assertTrue(!refusal.getMessage().isBlank(), body::toString);
            }
        });
    }
}
