package io.chuangguan.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * The repository ships a key pair for dev mode and tests. Production must bring its own keys:
 * started with the dev pair (or with none), it refuses to start.
 */
@Singleton
public class DevKeyGuard {

    static final String DEV_PUBLIC_KEY = "dev-only-keys/dev-only-public-key.pem";

    void onStart(@Observes StartupEvent event,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> publicKey,
            @ConfigProperty(name = "smallrye.jwt.sign.key.location") Optional<String> signKey) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        check(publicKey, signKey);
    }

    static void check(Optional<String> publicKey, Optional<String> signKey) {
        if (publicKey.isEmpty() || signKey.isEmpty()) {
            throw new IllegalStateException("Set SMALLRYE_JWT_SIGN_KEY_LOCATION and MP_JWT_VERIFY_PUBLICKEY_LOCATION"
                    + " to the production key pair (PEM files)");
        }
        String devKey = read(DEV_PUBLIC_KEY);
        String configured = read(publicKey.get());
        boolean devPair = publicKey.get().contains("dev-only") || signKey.get().contains("dev-only")
                || (devKey != null && configured != null && devKey.strip().equals(configured.strip()));
        if (devPair) {
            throw new IllegalStateException("Refusing to start in production with the dev-only JWT key pair; "
                    + "generate a key pair and point SMALLRYE_JWT_SIGN_KEY_LOCATION and MP_JWT_VERIFY_PUBLICKEY_LOCATION at it");
        }
    }

    /** A location as smallrye-jwt reads it: a file path, or a class-path resource. */
    private static String read(String location) {
        String path = location.startsWith("file:") ? location.substring(5) : location;
        try {
            Path file = Path.of(path);
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            String resource = path.startsWith("classpath:") ? path.substring(10) : path;
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
