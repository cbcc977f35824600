package dev.chat.auth.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads keys from PEM files (PKCS#8 private, X.509 public), as openssl writes them: RSA (tokens), EC (Web Push's VAPID pair). */
public final class PemKeys {
    private PemKeys() {
    }

    /** @param location a file path or a {@code file:} URL, the forms MP JWT's key locations take */
    public static RSAPublicKey publicKey(String location) {
        return (RSAPublicKey) publicKey(location, "RSA");
    }

    public static RSAPrivateKey privateKey(String location) {
        return (RSAPrivateKey) privateKey(location, "RSA");
    }

    /** A private key of {@code algorithm} ("RSA", "EC"). */
    public static PrivateKey privateKey(String location, String algorithm) {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der(location)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Not an " + algorithm + " private key (PEM, PKCS#8): " + location, e);
        }
    }

    /** A public key of {@code algorithm} ("RSA", "EC"). */
    public static PublicKey publicKey(String location, String algorithm) {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der(location)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Not an " + algorithm + " public key (PEM, X.509): " + location, e);
        }
    }

    /** The file a location names (a path or a {@code file:} URL). */
    public static Path path(String location) {
        return location.startsWith("file:") ? Path.of(fileUrlPath(location)) : Path.of(location);
    }

    private static String fileUrlPath(String location) {
        try {
            return URLDecoder.decode(new URL(location).getPath(), StandardCharsets.UTF_8);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("Not a file URL: " + location, e);
        }
    }

    private static byte[] der(String location) {
        Path path = path(location);
        try {
            String pem = Files.readString(path);
            String base64 = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
            return Base64.getDecoder().decode(base64);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read key file " + path, e);
        }
    }
}
