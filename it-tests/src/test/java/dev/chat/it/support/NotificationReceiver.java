package dev.chat.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chat.api.codec.ChatJson;
import dev.chat.api.rest.NotificationDigest;
import dev.chat.api.rest.PushSubscriptionRequest;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the server's notifications reach in the tests, on loopback: the deployment's webhook
 * ({@code POST /hook}, whose HMAC signature it checks as a relay would) and, standing in for
 * browsers' push services (none is reachable here), push endpoints ({@code POST /push/<name>}) that
 * check the VAPID token (RFC 8292) and decrypt the payload (RFC 8291) with the keys of a
 * subscription it made as a browser would. It keeps what arrived, with whether it passed the checks.
 */
public final class NotificationReceiver implements AutoCloseable {
    private static final Pattern VAPID = Pattern.compile("vapid t=([^,\\s]+),\\s*k=([A-Za-z0-9_-]+)");

    /** One delivery: by which channel, for which endpoint, its digest, and whether its signature (or VAPID token) held. */
    public record Delivery(String channel, String endpoint, String deliveryId, NotificationDigest digest, boolean verified, String problem) {
    }

    /** A browser's side of a push subscription: its keys, which the server encrypts for. */
    public record Browser(String name, KeyPair keys, byte[] auth) {
    }

    private final HttpServer server;
    private final String webhookSecret;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Map<String, Browser> browsers = new ConcurrentHashMap<>();
    private final Map<String, Integer> statusOf = new ConcurrentHashMap<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, Integer> failureStatus = new ConcurrentHashMap<>();

    public NotificationReceiver(int port, String webhookSecret) throws IOException {
        this.webhookSecret = webhookSecret;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/hook", this::webhook);
        server.createContext("/push/", this::push);
        server.start();
    }

    public String pushEndpoint(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/push/" + name;
    }

    /** A new browser's subscription to this stand-in push service, as {@code PushSubscription.toJSON()} gives it. */
    public PushSubscriptionRequest subscribe(String name) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] auth = new byte[16];
        new SecureRandom().nextBytes(auth);
        Browser browser = new Browser(name, generator.generateKeyPair(), auth);
        browsers.put(name, browser);
        return new PushSubscriptionRequest(pushEndpoint(name), null, new PushSubscriptionRequest.Keys(
                base64url(uncompressed((ECPublicKey) browser.keys().getPublic())), base64url(auth)));
    }

    /** From now on, answer requests to this path ({@code /hook}, {@code /push/<name>}) with {@code status}. */
    public void answer(String path, int status) {
        statusOf.put(path, status);
    }

    /** Answer the next {@code count} requests to this path ({@code /hook@<userId>}: the webhook's for one user) with {@code status}, then as before. */
    public void failNext(String path, int status, int count) {
        failures.put(path, new AtomicInteger(count));
        failureStatus.put(path, status);
    }

    public int attemptsAt(String path) {
        return attempts.getOrDefault(path, 0);
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The verified digests one user got on one channel ({@code webhook} or {@code webpush}). */
    public List<NotificationDigest> digestsFor(String userId, String channel) {
        return deliveries.stream().filter(delivery -> delivery.channel().equals(channel) && delivery.verified()
                && delivery.digest() != null && userId.equals(delivery.digest().userId())).map(Delivery::digest).toList();
    }

    private void webhook(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String problem = null;
        String signature = exchange.getRequestHeaders().getFirst("X-Chat-Signature");
        Matcher parts = signature == null ? null : Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})").matcher(signature);
        if (parts == null || !parts.matches()) {
            problem = "no or malformed X-Chat-Signature: " + signature;
        } else if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(parts.group(1))) > 300) {
            problem = "signature timestamp too old";
        } else if (!MessageDigest.isEqual(hmac(webhookSecret, parts.group(1) + ".", body).getBytes(StandardCharsets.US_ASCII),
                parts.group(2).getBytes(StandardCharsets.US_ASCII))) {
            problem = "signature does not match the body";
        }
        record("webhook", "/hook", exchange.getRequestHeaders().getFirst("X-Chat-Delivery"), body, problem, exchange);
    }

    private void push(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String name = path.substring("/push/".length());
        byte[] body = exchange.getRequestBody().readAllBytes();
        Browser browser = browsers.get(name);
        String problem = null;
        byte[] plaintext = null;
        try {
            if (browser == null) {
                problem = "no subscription " + name;
            } else {
                problem = vapidProblem(exchange.getRequestHeaders().getFirst("Authorization"));
                if (!"aes128gcm".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    problem = "Content-Encoding is not aes128gcm";
                } else if (exchange.getRequestHeaders().getFirst("TTL") == null) {
                    problem = "no TTL header";
                }
                plaintext = decrypt(browser, body);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            problem = "cannot decrypt: " + e;
        }
        record("webpush", path, exchange.getRequestHeaders().getFirst("Topic"), plaintext, problem, exchange);
    }

    private void record(String channel, String path, String deliveryId, byte[] json, String problem, HttpExchange exchange) throws IOException {
        // the webhook serves every user: its requests also count (and fail) per user, "/hook@<userId>", so that another
        // test's late digest neither takes a planned failure nor adds to a count
        String perUser = json == null ? path : path + "@" + userIdOf(json);
        attempts.merge(path, 1, Integer::sum);
        if (!perUser.equals(path)) {
            attempts.merge(perUser, 1, Integer::sum);
        }
        String failingPath = failures.containsKey(perUser) ? perUser : path;
        var failing = failures.get(failingPath);
        int status = failing != null && failing.getAndDecrement() > 0 ? failureStatus.get(failingPath) : statusOf.getOrDefault(path, 201);
        if (status / 100 == 2) {
            NotificationDigest digest = null;
            if (json != null) {
                try {
                    digest = ChatJson.instance().decodeBody(new String(json, StandardCharsets.UTF_8), NotificationDigest.class);
                } catch (RuntimeException e) {
                    problem = "not a digest: " + e;
                }
            }
            deliveries.add(new Delivery(channel, path, deliveryId, digest, problem == null, problem));
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static String userIdOf(byte[] json) {
        try {
            return ChatJson.instance().decodeBody(new String(json, StandardCharsets.UTF_8), NotificationDigest.class).userId();
        } catch (RuntimeException notADigest) {
            return null;
        }
    }

    /** The VAPID token: ES256 by the key in {@code k}, for this receiver's origin, not expired. */
    private String vapidProblem(String authorization) throws GeneralSecurityException {
        Matcher vapid = authorization == null ? null : VAPID.matcher(authorization);
        if (vapid == null || !vapid.matches()) {
            return "no VAPID Authorization: " + authorization;
        }
        String[] jwt = vapid.group(1).split("\\.");
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initVerify(publicKeyOf(Base64.getUrlDecoder().decode(vapid.group(2))));
        es256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        if (!es256.verify(Base64.getUrlDecoder().decode(jwt[2]))) {
            return "VAPID token signature does not verify";
        }
        String claims = new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8);
        String origin = "http://127.0.0.1:" + server.getAddress().getPort();
        if (!claims.contains("\"aud\":\"" + origin + "\"") || !claims.contains("\"sub\":\"")) {
            return "VAPID claims lack aud " + origin + " or sub: " + claims;
        }
        return null;
    }

    /** RFC 8291 / RFC 8188, one record: the user agent's side. */
    private static byte[] decrypt(Browser browser, byte[] body) throws GeneralSecurityException {
        byte[] salt = Arrays.copyOfRange(body, 0, 16);
        int idLength = body[20] & 0xff;
        byte[] serverKey = Arrays.copyOfRange(body, 21, 21 + idLength);
        byte[] ciphertext = Arrays.copyOfRange(body, 21 + idLength, body.length);
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(browser.keys().getPrivate());
        ecdh.doPhase(publicKeyOf(serverKey), true);
        byte[] shared = ecdh.generateSecret();
        byte[] uaPublic = uncompressed((ECPublicKey) browser.keys().getPublic());
        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, serverKey);
        byte[] ikm = hkdf(browser.auth(), shared, keyInfo, 32);
        byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = aes.doFinal(ciphertext);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != 2) {
            throw new GeneralSecurityException("the last record's padding delimiter is not 0x02");
        }
        return Arrays.copyOf(padded, end);
    }

    private static byte[] hkdf(byte[] salt, byte[] input, byte[] info, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(input);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), length);
    }

    private static ECPublicKey publicKeyOf(byte[] uncompressed) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var params = ((ECPublicKey) generator.generateKeyPair().getPublic()).getParams();
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, params));
    }

    private static byte[] uncompressed(ECPublicKey key) {
        byte[] point = new byte[65];
        point[0] = 4;
        copyUnsigned(key.getW().getAffineX(), point, 1);
        copyUnsigned(key.getW().getAffineY(), point, 33);
        return point;
    }

    private static void copyUnsigned(BigInteger value, byte[] into, int offset) {
        byte[] bytes = value.toByteArray();
        int start = Math.max(0, bytes.length - 32);
        int length = bytes.length - start;
        System.arraycopy(bytes, start, into, offset + 32 - length, length);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            joined.writeBytes(part);
        }
        return joined.toByteArray();
    }

    private static String hmac(String secret, String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
