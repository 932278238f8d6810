package dev.shortener.benchmark;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Each model's result carries the process CPU time per call, and the ranking names the cheapest model. */
@QuarkusTest
class BenchmarkCpuTest {

    @Test
    void everyModelHasACpuCostAndTheCheapestIsNamed() {
        JsonPath result = given().queryParam("requests", 20).queryParam("models", "sync,async,virtual-threads")
                .queryParam("rounds", 1).queryParam("warmup", false)
                .when().post("/benchmark")
                .then().statusCode(200)
                .extract().jsonPath();

        List<Map<String, Object>> models = result.getList("results");
        assertEquals(3, models.size());
        for (Map<String, Object> model : models) {
            double cpu = ((Number) model.get("cpuMicrosPerCall")).doubleValue();
            // Each call parses, sends and reads an HTTP exchange: it cannot cost nothing, nor a whole second.
            assertTrue(cpu > 0 && cpu < 1_000_000, model.get("model") + " costs " + cpu + " us per call");
        }
        String cheapest = models.stream()
                .filter(model -> ((Number) model.get("errors")).longValue() == 0)
                .min(Comparator.comparingDouble(model -> ((Number) model.get("cpuMicrosPerCall")).doubleValue()))
                .map(model -> (String) model.get("model"))
                .orElseThrow();
        assertEquals(cheapest, result.getString("cheapest"));
    }
}
