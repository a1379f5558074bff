package io.chuangguan.common;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Every endpoint of the OpenAPI document, fed malformed addresses, parameters and bodies, by every kind of caller:
 * nothing may answer 5xx, and every error must be a problem+json. The requests go over a raw socket, so that what a
 * hostile client can put on the wire (NUL bytes, broken %-escapes, duplicate keys, huge lines) reaches the server as
 * sent.
 */
@QuarkusTest
class MalformedRequestsTest {

    @Inject
    Fixtures fixtures;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private static final List<String> BAD_IDS = List.of("abc", "%00", "-1", "0", "99999999999999999999", "1%zz", "1.5", "%E4%B8%AD",
            "1%0A2");
    private static final List<String> BAD_QUERY_VALUES = List.of("abc", "%00", "2147483647", "-1", "9223372036854775808", "BOGUS",
            "%zz", "PRACTICE%00", "%20OPEN");

    record Case(String method, String target, String contentType, String body, String token) {
        @Override
        public String toString() {
            return method + " " + (target.length() > 120 ? target.substring(0, 120) + "…" : target) + " " + contentType + " "
                    + (body == null ? "" : body.length() > 120 ? body.substring(0, 120) + "…" : body)
                    + (token == null ? " (anonymous)" : "");
        }
    }

    record Answer(int status, String contentType, String body) {
    }

    @Test
    void noMalformedRequestGetsA5xxAndEveryErrorIsAProblem() throws IOException {
        Fixtures.Org org = fixtures.org();
        String worker = Fixtures.login(fixtures.worker(org).phone());
        String union = Fixtures.login(fixtures.unionAdminOfRegion(org.cityId()).phone());
        String admin = Fixtures.login(fixtures.systemAdmin().phone());
        JsonObject openapi = new JsonObject(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());

        List<Case> cases = new ArrayList<>();
        JsonObject paths = openapi.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject operations = paths.getJsonObject(path);
            for (String method : operations.fieldNames()) {
                if (path.equals("/api/admin/leaderboards/rebuild")) {
                    continue; // nothing to malform, and a rebuild would disturb the other tests' boards
                }
                JsonObject operation = operations.getJsonObject(method);
                for (String token : new String[] { worker, union, admin }) {
                    cases.addAll(casesOf(method.toUpperCase(), path, operation, openapi, token));
                }
            }
        }
        cases.addAll(edgeCases(worker));

        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            Answer answer = send(c);
            if (answer.status() >= 500 || answer.status() < 100) {
                failures.add(answer.status() + " for " + c + ": " + answer.body());
            } else if (answer.status() >= 400 && (answer.contentType() == null || !answer.contentType().startsWith(Problem.MEDIA_TYPE))) {
                failures.add(answer.status() + " without problem+json (" + answer.contentType() + ") for " + c);
            }
        }
        assertTrue(cases.size() >= 300, "only " + cases.size() + " cases");
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + " cases failed:\n" + String.join("\n", failures));
    }

    /** A chunked body could be any size until it is read: it is refused before anything reads it. */
    @Test
    void aChunkedBodyIsRefusedBeforeItIsRead() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                for (int i = 0; i < 64; i++) {
                    byte[] chunk = "a".repeat(256 * 1024).getBytes(StandardCharsets.US_ASCII);
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException refusedEarly) {
                // the server answered and closed before the 16 MB were sent
            }
            Answer answer = parse(socket.getInputStream());
            org.junit.jupiter.api.Assertions.assertEquals(411, answer.status(), answer.body());
            assertTrue(answer.contentType().startsWith(Problem.MEDIA_TYPE), answer.contentType());
        }
    }

    private List<Case> casesOf(String method, String path, JsonObject operation, JsonObject openapi, String token) {
        List<Case> cases = new ArrayList<>();
        JsonArray parameters = operation.getJsonArray("parameters", new JsonArray());
        Map<String, String> sample = new LinkedHashMap<>();
        for (Object p : parameters) {
            JsonObject parameter = (JsonObject) p;
            if (parameter.getString("in").equals("path")) {
                sample.put(parameter.getString("name"), parameter.getString("name").equals("scope") ? "PROVINCE"
                        : parameter.getString("name").equals("period") ? "WEEK" : "1");
            }
        }
        String validBody = validBody(operation, openapi);
        String contentType = validBody == null ? null : "application/json";
        // each path parameter malformed in turn
        for (String name : sample.keySet()) {
            for (String bad : BAD_IDS) {
                Map<String, String> values = new LinkedHashMap<>(sample);
                values.put(name, bad);
                cases.add(new Case(method, fill(path, values), contentType, validBody, token));
            }
        }
        // each query parameter malformed in turn
        for (Object p : parameters) {
            JsonObject parameter = (JsonObject) p;
            if (parameter.getString("in").equals("query")) {
                for (String bad : BAD_QUERY_VALUES) {
                    cases.add(new Case(method, fill(path, sample) + "?" + parameter.getString("name") + "=" + bad, contentType,
                            validBody, token));
                }
            }
        }
        // bodies
        if (validBody != null) {
            String target = fill(path, sample);
            for (String body : List.of("", "{", "[]", "null", "1", "\"x\"", "{\"a\":1}{", "{\"x\":\"\\u0000\"}", "\uFEFF{}",
                    "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}")) {
                cases.add(new Case(method, target, "application/json", body, token));
            }
            cases.add(new Case(method, target, "text/plain", validBody, token));
            cases.add(new Case(method, target, "application/xml", "<a/>", token));
            JsonObject valid = new JsonObject(validBody);
            for (String field : valid.fieldNames()) {
                for (Object wrong : List.of(1, "x", true, List.of(), Map.of(), "\u0000", "a\u0007b", 1e300, Long.MAX_VALUE, "PRACTICE\u0000",
                        " PRACTICE")) {
                    JsonObject changed = valid.copy();
                    changed.put(field, wrong instanceof List ? new JsonArray() : wrong instanceof Map ? new JsonObject() : wrong);
                    cases.add(new Case(method, target, "application/json", changed.encode(), token));
                }
                // the field twice
                String first = valid.copy().encode();
                String twice = first.substring(0, first.length() - 1) + ",\"" + field + "\":" + JsonObject.of("v", valid.getValue(field))
                        .encode().substring(5, JsonObject.of("v", valid.getValue(field)).encode().length() - 1) + "}";
                cases.add(new Case(method, target, "application/json", twice, token));
            }
        }
        return cases;
    }

    /** Requests that no endpoint could read: the edge refuses them, always with a problem. */
    private List<Case> edgeCases(String token) {
        List<Case> cases = new ArrayList<>();
        String json = "application/json";
        cases.add(new Case("GET", "/api/me/attempts?page=" + "9".repeat(5000), null, null, token));
        cases.add(new Case("GET", "/api/" + "a".repeat(20_000), null, null, token));
        cases.add(new Case("GET", "/verify/%00", null, null, null));
        cases.add(new Case("GET", "/certificates/%00?code=%00", null, null, null));
        cases.add(new Case("GET", "/verify/%zz", null, null, null));
        cases.add(new Case("GET", "/api/me/attempts?page=2147483647", null, null, token));
        cases.add(new Case("GET", "/api/me/attempts?page=2147483647&size=100", null, null, token));
        cases.add(new Case("GET", "/api/me/wrong-answers?status=BOGUS", null, null, token));
        cases.add(new Case("GET", "/api/leaderboards/PROVINCE/WEEK?offset=9223372036854775808", null, null, token));
        cases.add(new Case("POST", "/api/auth/login", json, "{\"phone\":\"13800000001\",\"password\":\"x\",\"phone\":\"13800000002\"}", null));
        cases.add(new Case("POST", "/api/auth/login", json, "x".repeat(11 * 1024 * 1024), null));
        cases.add(new Case("GET", "/api/me", null, null, "x".repeat(30_000)));
        cases.add(new Case("GET", "/api/me", null, null, "not-a-jwt"));
        return cases;
    }

    private static String fill(String path, Map<String, String> values) {
        String filled = path;
        for (Map.Entry<String, String> value : values.entrySet()) {
            filled = filled.replace("{" + value.getKey() + "}", value.getValue());
        }
        return filled;
    }

    /** A body with every documented property at a plausible value, or null when the operation takes none. */
    private static String validBody(JsonObject operation, JsonObject openapi) {
        JsonObject content = operation.getJsonObject("requestBody", new JsonObject()).getJsonObject("content");
        if (content == null || !content.containsKey("application/json")) {
            return null;
        }
        JsonObject schema = resolve(content.getJsonObject("application/json").getJsonObject("schema"), openapi);
        JsonObject body = new JsonObject();
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        for (String name : properties.fieldNames()) {
            JsonObject property = resolve(properties.getJsonObject(name), openapi);
            body.put(name, sampleValue(name, property));
        }
        return body.encode();
    }

    private static Object sampleValue(String name, JsonObject property) {
        if (property.containsKey("enum")) {
            return property.getJsonArray("enum").getValue(0);
        }
        String type = property.getString("type", "object");
        return switch (type) {
            case "integer" -> 1;
            case "number" -> 1.5;
            case "boolean" -> true;
            case "array" -> new JsonArray();
            case "string" -> name.equals("phone") ? "13800000001" : "format".equals(property.getString("format")) ? "x"
                    : "date".equals(property.getString("format")) ? "2026-01-01" : "text";
            default -> new JsonObject();
        };
    }

    private static JsonObject resolve(JsonObject schema, JsonObject openapi) {
        JsonObject current = schema;
        for (int i = 0; i < 5 && current != null; i++) {
            if (current.containsKey("$ref")) {
                String ref = current.getString("$ref");
                current = openapi.getJsonObject("components").getJsonObject("schemas").getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
            } else if (current.containsKey("allOf")) {
                current = current.getJsonArray("allOf").getJsonObject(0);
            } else {
                return current;
            }
        }
        return current == null ? new JsonObject() : current;
    }

    private Answer send(Case c) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            byte[] body = c.body() == null ? new byte[0] : c.body().getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder();
            head.append(c.method()).append(' ').append(c.target()).append(" HTTP/1.1\r\n")
                    .append("Host: localhost\r\nConnection: close\r\nAccept: application/json\r\n")
                    .append("X-Forwarded-For: 203.0.113.77\r\n");
            if (c.token() != null) {
                head.append("Authorization: Bearer ").append(c.token()).append("\r\n");
            }
            if (c.contentType() != null) {
                head.append("Content-Type: ").append(c.contentType()).append("\r\n");
            }
            if (c.body() != null || c.method().equals("POST")) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before it has read a body it refuses
            }
            return parse(socket.getInputStream());
        }
    }

    private static Answer parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0;) {
                all.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // a reset after the answer was sent
        }
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            return new Answer(-1, null, "no HTTP answer: " + text);
        }
        Iterator<String> lines = List.of(text.substring(0, end).split("\r\n")).iterator();
        int status = Integer.parseInt(lines.next().substring(9, 12));
        String contentType = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.toLowerCase().startsWith("content-type:")) {
                contentType = line.substring(13).trim();
            }
        }
        String body = text.substring(end + 4);
        return new Answer(status, contentType, body.length() > 300 ? body.substring(0, 300) : body);
    }
}
