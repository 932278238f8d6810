package dev.shortener.execution.processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** A real worker process given an unreadable settings line says so on stderr without quoting its credentials. */
class WorkerSecretsTest {

    @Test
    void anUnreadableSettingsLineIsReportedWithoutItsCredentials() throws Exception {
        Process worker = new ProcessBuilder(WorkerLauncher.command("-Xmx64m -XX:TieredStopAtLevel=1"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream stdin = worker.getOutputStream()) {
            // Cut short, as a broken pipe would: not JSON any more, and full of secrets.
            stdin.write(("{\"provider\":\"bitly\",\"options\":{\"bitly.token\":\"s3cret-bitly-token\","
                    + "\"yourls.signature\":\"s3cret-sig\"\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(worker.waitFor(60, TimeUnit.SECONDS), "the worker did not exit");
        String stderr = new String(worker.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(1, worker.exitValue(), stderr);
        assertTrue(stderr.contains("unreadable settings line"), stderr);
        assertFalse(stderr.contains("s3cret"), stderr);
    }
}
