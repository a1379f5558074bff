package io.chuangguan.identity;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DevKeyGuardTest {

    @Test
    void productionRefusesTheDevKeyPairEvenWhenCopiedElsewhere() throws Exception {
        Path copy = Files.createTempFile("key", ".pem");
        try (var in = getClass().getClassLoader().getResourceAsStream(DevKeyGuard.DEV_PUBLIC_KEY)) {
            Files.write(copy, in.readAllBytes());
        }
        assertThrows(IllegalStateException.class, () -> DevKeyGuard.check(
                Optional.of("dev-only-keys/dev-only-public-key.pem"), Optional.of("dev-only-keys/dev-only-private-key.pem")));
        assertThrows(IllegalStateException.class, () -> DevKeyGuard.check(Optional.of(copy.toString()), Optional.of("/etc/keys/sign.pem")));
        assertThrows(IllegalStateException.class, () -> DevKeyGuard.check(Optional.empty(), Optional.empty()));
    }

    @Test
    void productionAcceptsItsOwnKeys() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Path own = Files.createTempFile("prod-public", ".pem");
        Files.writeString(own, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        assertDoesNotThrow(() -> DevKeyGuard.check(Optional.of(own.toString()), Optional.of("/run/secrets/jwt-sign.pem")));
    }
}
