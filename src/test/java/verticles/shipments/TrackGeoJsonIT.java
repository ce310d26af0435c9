package verticles.shipments;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.NodeScripts;
import verticles.testsupport.Processes;
import verticles.testsupport.OneNodeIT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tracks are RFC 7946 GeoJSON for any number of positions, served as {@code application/geo+json},
 * and an independent validator ({@code @placemarkio/check-geojson}, pinned in src/test/conformance)
 * says so: a Feature whose geometry is null with no position, a Point with one, a LineString with two
 * or more.
 */
@DisplayName("A shipment's track")
class TrackGeoJsonIT extends OneNodeIT {

    private static final NodeScripts CONFORMANCE = new NodeScripts("conformance");

    @Test
    @DisplayName("is valid GeoJSON with no, one, two and many positions, served as application/geo+json")
    void isValidGeoJsonForAnyNumberOfPositions() throws Exception {
        CONFORMANCE.assumeInstalled("@placemarkio/check-geojson");
        Instant start = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
        List<String> files = new ArrayList<>();
        List<String> contentTypes = new ArrayList<>();
        List<String> expected = List.of("null", "Point", "LineString", "LineString");
        int[] positions = {0, 1, 2, 5};
        for (int i = 0; i < positions.length; i++) {
            String id = demo.createShipment();
            for (int p = 0; p < positions[i]; p++) {
                assertEquals(202, demo.postFix(id, 52 + p * 0.01, 13 + p * 0.01, start.plusSeconds(p)).status());
            }
            int count = positions[i];
            Api.Response track = Eventually.await(Duration.ofSeconds(30), () -> demo.get("/v1/shipments/" + id + "/track"),
                r -> r.status() == 200 && r.json().getJsonObject("properties").getInteger("points") == count);
            contentTypes.add(track.contentType());
            JsonObject geometry = track.json().getJsonObject("geometry");
            assertEquals(expected.get(i), geometry == null ? "null" : geometry.getString("type"), track.body());
            Path file = Files.createTempFile("track-" + count + "-", ".geojson");
            Files.writeString(file, track.body());
            files.add(file.toString());
        }
        Processes.Outcome validated = CONFORMANCE.runScript("check-geojson.mjs", files, Duration.ofSeconds(60));
        assertEquals(0, validated.exit(), validated.output());
        assertTrue(contentTypes.stream().allMatch(t -> t.startsWith("application/geo+json")), contentTypes.toString());
        for (String file : files) {
            Files.deleteIfExists(Path.of(file));
        }
    }
}
