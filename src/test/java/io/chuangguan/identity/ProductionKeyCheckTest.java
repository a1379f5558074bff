package io.chuangguan.identity;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ProductionKeyCheckTest {

    private static KeyPair newPair() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static Path pem(String type, byte[] der) throws Exception {
        Path file = Files.createTempFile("key", ".pem");
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + type + "-----\n");
        return file;
    }

    private static IllegalStateException refused(Path publicKey, Path signKey) {
        return assertThrows(IllegalStateException.class,
                () -> ProductionKeyCheck.check(Optional.of(publicKey.toString()), Optional.of(signKey.toString())));
    }

    @Test
    void productionRefusesTheDevKeyPairEvenWhenCopiedElsewhere() throws Exception {
        Path copy = Files.createTempFile("key", ".pem");
        try (var in = getClass().getClassLoader().getResourceAsStream(ProductionKeyCheck.DEV_PUBLIC_KEY)) {
            Files.write(copy, in.readAllBytes());
        }
        Path ownSign = pem("PRIVATE KEY", newPair().getPrivate().getEncoded());
        assertThrows(IllegalStateException.class, () -> ProductionKeyCheck.check(
                Optional.of("dev-only-keys/dev-only-public-key.pem"), Optional.of("dev-only-keys/dev-only-private-key.pem")));
        assertTrue(refused(copy, ownSign).getMessage().contains("dev-only"));
        assertThrows(IllegalStateException.class, () -> ProductionKeyCheck.check(Optional.empty(), Optional.empty()));
    }

    @Test
    void productionAcceptsItsOwnPair() throws Exception {
        KeyPair pair = newPair();
        Path publicKey = pem("PUBLIC KEY", pair.getPublic().getEncoded());
        Path signKey = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
        assertDoesNotThrow(() -> ProductionKeyCheck.check(Optional.of(publicKey.toString()), Optional.of("file:" + signKey)));
    }

    @Test
    void aSigningKeyThatCannotBeReadOrUsedStopsTheStartWithTheReason() throws Exception {
        KeyPair pair = newPair();
        Path publicKey = pem("PUBLIC KEY", pair.getPublic().getEncoded());
        Path missing = publicKey.resolveSibling("no-such-key.pem");
        assertTrue(refused(publicKey, missing).getMessage().contains("no such file"));

        Path directory = Files.createTempDirectory("keys");
        assertTrue(refused(publicKey, directory).getMessage().contains("Cannot read " + directory));

        Path garbage = Files.createTempFile("key", ".pem");
        Files.writeString(garbage, "not a key\n");
        assertTrue(refused(publicKey, garbage).getMessage().contains("not an RSA private key"));

        Path otherSign = pem("PRIVATE KEY", newPair().getPrivate().getEncoded());
        assertTrue(refused(publicKey, otherSign).getMessage().contains("not one pair"));
    }
}
