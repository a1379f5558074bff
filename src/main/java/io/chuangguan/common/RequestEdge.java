package io.chuangguan.common;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The first thing every request meets. What no endpoint could read is refused here, as a problem+json, before
 * anything parses it or passes it on to PostgreSQL: a request line over {@value #MAX_TARGET} bytes (414), headers
 * over {@value #MAX_HEADER_BYTES} bytes (431), a declared body over the configured maximum (413), a path or query with
 * a broken %-escape or a control character (400), a chunked body without a declared length (411). HTTP's own limits in application.properties sit well above these,
 * so that these answers, not Netty's empty ones, are what clients see; beyond those, Netty still answers alone.
 * <p>
 * Quarkus's own check of addresses is switched off for this one ({@link AddressCheckHandover}). Errors that Vert.x raises itself (a body that turns out to be too large while it is read, a path its router cannot
 * decode) get the same kind of body from the failure handler.
 */
@ApplicationScoped
public class RequestEdge {

    private static final Logger LOG = Logger.getLogger(RequestEdge.class);
    static final int MAX_TARGET = 4096;
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private final long maxBodyBytes;

    public RequestEdge(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBody) {
        this.maxBodyBytes = maxBody.asLongValue();
    }

    void route(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check).failureHandler(RequestEdge::failed);
        // what the router itself cannot route (an address it cannot decode while matching) ends here, not in an
        // empty 400
        router.errorHandler(400, RequestEdge::failed);
    }

    private void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String target = request.uri();
        if (target.length() > MAX_TARGET) {
            refuse(rc, 414, "uri-too-long", "URI Too Long", "The address is longer than " + MAX_TARGET + " characters");
            return;
        }
        int headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            refuse(rc, 431, "headers-too-large", "Request Header Fields Too Large",
                    "The request's headers are larger than " + MAX_HEADER_BYTES + " bytes");
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        String transfer = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (length == null && transfer != null && transfer.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
            // a chunked body's size is known only once read, and the REST layer would read all of it: every client of
            // the API (phones, browsers, the console's uploads) says how long its body is
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            refuse(rc, 411, "length-required", "Length Required", "Send the body with a Content-Length, not chunked");
            return;
        }
        if (length != null && declaredLength(length) > maxBodyBytes) {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            refuse(rc, 413, "body-too-large", "Content Too Large", "The request body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        String unreadable = unreadableAddress(target);
        if (unreadable != null) {
            refuse(rc, 400, "bad-address", "Bad Request", unreadable);
            return;
        }
        rc.next();
    }

    /** Why the path or query of {@code target} cannot be read, or null when it can. */
    static String unreadableAddress(String target) {
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        try {
            if (StrictJson.controlCharacterAt(QueryStringDecoder.decodeComponent(path, StandardCharsets.UTF_8), false) >= 0) {
                return "The path contains a control character";
            }
            if (question >= 0) {
                for (Map.Entry<String, List<String>> parameter : new QueryStringDecoder(target).parameters().entrySet()) {
                    if (StrictJson.controlCharacterAt(parameter.getKey(), false) >= 0) {
                        return "A query parameter's name contains a control character";
                    }
                    for (String value : parameter.getValue()) {
                        if (StrictJson.controlCharacterAt(value, false) >= 0) {
                            return "Query parameter " + parameter.getKey() + " contains a control character";
                        }
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            return "The address has a broken %-escape";
        }
        return null;
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void failed(RoutingContext rc) {
        int status = rc.statusCode();
        if (rc.response().headWritten() || status < 400 || status >= 500) {
            rc.next();
            return;
        }
        LOG.debugf("%d %s from Vert.x: %s", status, rc.request().path(), rc.failure());
        String title = switch (status) {
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            default -> "Bad Request";
        };
        refuse(rc, status, title.toLowerCase().replace(' ', '-'), title, "The request could not be read");
    }

    private static void refuse(RoutingContext rc, int status, String type, String title, String detail) {
        String instance = rc.request().path();
        if (instance == null || StrictJson.controlCharacterAt(instance, false) >= 0 || instance.length() > 256) {
            instance = null;
        }
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(Problem.of(status, type, title, detail, instance)));
    }
}
