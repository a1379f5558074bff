package io.chuangguan.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Production refuses to start unless it can sign and verify tokens with a key pair of its own. smallrye-jwt reads
 * the signing key only when the first token is issued, so without this check a container whose key file it cannot
 * read would report healthy and answer every login with a 500. The repository's dev/test pair is refused too.
 */
@Singleton
public class ProductionKeyCheck {

    static final String DEV_PUBLIC_KEY = "dev-only-keys/dev-only-public-key.pem";

    void onStart(@Observes StartupEvent event,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> publicKey,
            @ConfigProperty(name = "smallrye.jwt.sign.key.location") Optional<String> signKey) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        check(publicKey, signKey);
    }

    static void check(Optional<String> publicKeyLocation, Optional<String> signKeyLocation) {
        if (publicKeyLocation.isEmpty() || signKeyLocation.isEmpty()) {
            throw new IllegalStateException("Set SMALLRYE_JWT_SIGN_KEY_LOCATION and MP_JWT_VERIFY_PUBLICKEY_LOCATION"
                    + " to the production key pair (PEM files)");
        }
        String publicPem = read(publicKeyLocation.get(), "MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        String signPem = read(signKeyLocation.get(), "SMALLRYE_JWT_SIGN_KEY_LOCATION");
        String devPem = classPathResource(DEV_PUBLIC_KEY);
        if (publicKeyLocation.get().contains("dev-only") || signKeyLocation.get().contains("dev-only")
                || (devPem != null && devPem.strip().equals(publicPem.strip()))) {
            throw new IllegalStateException("Refusing to start in production with the dev-only JWT key pair; "
                    + "generate a key pair and point SMALLRYE_JWT_SIGN_KEY_LOCATION and MP_JWT_VERIFY_PUBLICKEY_LOCATION at it");
        }
        PublicKey publicKey;
        PrivateKey signKey;
        try {
            publicKey = KeyUtils.decodePublicKey(publicPem);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("The public key at " + publicKeyLocation.get() + " is not an RSA public key in PEM: " + e);
        }
        try {
            signKey = KeyUtils.decodePrivateKey(signPem);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("The signing key at " + signKeyLocation.get()
                    + " is not an RSA private key in PEM (PKCS#8, as `openssl pkcs8 -topk8 -nocrypt` writes): " + e);
        }
        if (!pairs(signKey, publicKey)) {
            throw new IllegalStateException("The signing key at " + signKeyLocation.get() + " and the public key at "
                    + publicKeyLocation.get() + " are not one pair: tokens signed with one would not verify with the other");
        }
    }

    private static boolean pairs(PrivateKey signKey, PublicKey publicKey) {
        try {
            byte[] probe = "chuangguan key check".getBytes(StandardCharsets.UTF_8);
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(signKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A location as smallrye-jwt reads it: a file path (optionally {@code file:}), or a class-path resource. */
    private static String read(String location, String variable) {
        String path = location.startsWith("file:") ? location.substring(5) : location;
        if (location.startsWith("classpath:")) {
            String content = classPathResource(location.substring(10));
            if (content == null) {
                throw new IllegalStateException(variable + " names the class-path resource " + location + ", which does not exist");
            }
            return content;
        }
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (AccessDeniedException e) {
            throw new IllegalStateException("Cannot read " + path + " (" + variable + "): permission denied for "
                    + currentUser() + "; make the file readable by the application's user"
                    + " (the container image runs as UID 1001, see deploy/README.md)");
        } catch (NoSuchFileException e) {
            String content = classPathResource(path);
            if (content != null) {
                return content;
            }
            throw new IllegalStateException("Cannot read " + path + " (" + variable + "): no such file");
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read " + path + " (" + variable + "): " + e);
        }
    }

    /** "UID 1001": a container's user often has no name, so the number is what helps (read from Linux's /proc). */
    private static String currentUser() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return "UID " + line.substring(4).trim().split("\\s+")[0];
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the name below
        }
        return "the user " + System.getProperty("user.name");
    }

    private static String classPathResource(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
