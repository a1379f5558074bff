package io.chuangguan.common;

import java.util.List;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;

/**
 * Hands the check of request addresses from Quarkus to {@link RequestEdge}. Quarkus tests each address with
 * {@code java.net.URI} and answers an empty 400 before any route runs; RequestEdge refuses the same addresses (a
 * broken %-escape, a control character) with a problem+json. Quarkus reads the switch, a system property, when it makes
 * its request handler, which is after configuration is read (here) and before any bean exists; so it is set here,
 * contributing no configuration.
 */
public class AddressCheckHandover implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        System.setProperty("vertx.disableURIValidation", "true");
        return List.of();
    }
}
