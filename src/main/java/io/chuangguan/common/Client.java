package io.chuangguan.common;

import java.util.regex.Pattern;

import io.vertx.core.http.HttpServerRequest;

/**
 * Where a request comes from: the client's address (behind a proxy, set {@code quarkus.http.proxy.*} so that it is
 * the forwarded one) and the device id the phone app sends in {@code X-Device-Id} (random, made once per install;
 * anything else is ignored). Limits and integrity flags use them; nothing else does.
 */
public record Client(String address, String deviceId) {

    public static final String DEVICE_HEADER = "X-Device-Id";
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    public static Client of(HttpServerRequest request) {
        String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String device = request.getHeader(DEVICE_HEADER);
        return new Client(address, device != null && DEVICE.matcher(device).matches() ? device : null);
    }

    /** The address as a limit's subject ("unknown" when there is none, e.g. a Unix socket). */
    public String addressKey() {
        return address == null ? "unknown" : address;
    }
}
