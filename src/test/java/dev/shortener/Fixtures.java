package dev.shortener;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.specification.RequestSpecification;

/** Test inputs and the short URLs the embedded upstream's stubs answer with. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A request that sends exactly the bytes given, without RestAssured's default ISO-8859-1 charset. */
    public static RequestSpecification request() {
        return RestAssured.given().config(RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)));
    }

    /** The bytes of a test resource under {@code batches/}. */
    public static byte[] batch(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/batches/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource batches/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test resource under {@code batches/} as UTF-8 text. */
    public static String text(String name) {
        return new String(batch(name), StandardCharsets.UTF_8);
    }

    /** What the stubbed legacy API (src/test/resources/wiremock) answers for a URL without alias. */
    public static String stubShortUrl(String longUrl) {
        return "https://tinyurl.com/x" + URLEncoder.encode(longUrl, StandardCharsets.UTF_8);
    }
}
