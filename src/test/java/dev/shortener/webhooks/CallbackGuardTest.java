package dev.shortener.webhooks;

import static dev.shortener.Fixtures.request;
import static org.hamcrest.Matchers.containsString;

import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.shortener.api.Problem;
import io.quarkus.test.junit.QuarkusTest;

/**
 * With {@code shortener.webhooks.allow-private=false} (the default), callbacks the service must not call are refused
 * at submission as a 400 naming the parameter; so is any callback while no secret is configured (this profile).
 */
@QuarkusTest
class CallbackGuardTest {

    @ParameterizedTest
    @ValueSource(strings = { "https://127.0.0.1/hook", "https://localhost:8443/hook", "https://10.1.2.3/hook",
            "https://192.168.0.7/hook", "https://172.16.5.5/hook", "https://169.254.169.254/latest/meta-data",
            "https://[::1]/hook", "https://[fd12:3456::1]/hook", "https://[fe80::1]/hook", "https://0.0.0.0/hook",
            "https://100.64.0.1/hook" })
    void internalAddressesAreRefused(String callback) {
        submit(callback).then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("query parameter 'callback'"))
                .body("detail", containsString("loopback, link-local, private or unspecified address"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://93.184.215.14/hook", "ftp://93.184.215.14/hook", "hook", "mailto:a@b.c" })
    void anythingButHttpsIsRefused(String callback) {
        submit(callback).then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("query parameter 'callback' must be an https URL"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://93.184.215.14/hook", "https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook" })
    void aPublicCallbackWithoutASecretIsRefused(String callback) {
        submit(callback).then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("shortener.webhooks.secret is not set"));
    }

    private static io.restassured.response.Response submit(String callback) {
        return request().contentType("text/plain").queryParam("callback", callback)
                .body("https://example.com/guard/" + UUID.randomUUID() + "\n").post("/jobs");
    }
}
