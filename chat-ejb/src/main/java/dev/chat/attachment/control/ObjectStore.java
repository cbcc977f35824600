package dev.chat.attachment.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The S3-compatible object store that holds the attachments' bytes (AWS S3, MinIO, Ceph, S3Proxy
 * in development): one bucket, objects by key. The AWS SDK for Java v2, because it speaks every
 * S3 API by endpoint and path-style addressing, presigns URLs itself and shades its own
 * dependencies (nothing of it clashes with the server's Jackson or Netty); its blocking
 * {@code URLConnection} client is enough here and brings no HTTP stack of its own. A store that
 * does not answer is {@code UNAVAILABLE} (503) to the caller, never a hang: every call has a timeout.
 *
 * <p>Two endpoints: the one the server reaches, and the one clients upload to through presigned
 * URLs ({@code chat.attachments.store.public-endpoint}, the same by default): behind a proxy or
 * in a cluster they differ.
 */
@ApplicationScoped
public class ObjectStore {
    private static final Logger LOG = Logger.getLogger(ObjectStore.class.getName());
    public static final String DEFAULT_BUCKET = "chat-attachments";

    @Inject
    @ConfigProperty(name = "chat.attachments.store.endpoint") // default in microprofile-config.properties (read by two beans)
    String endpoint;

    @Inject
    @ConfigProperty(name = "chat.attachments.store.public-endpoint")
    Optional<String> publicEndpoint;

    @Inject
    @ConfigProperty(name = "chat.attachments.store.region", defaultValue = "us-east-1")
    String region;

    @Inject
    @ConfigProperty(name = "chat.attachments.store.bucket", defaultValue = DEFAULT_BUCKET)
    String bucket;

    @Inject
    @ConfigProperty(name = "chat.attachments.store.access-key", defaultValue = "chat-dev")
    String accessKey;

    @Inject
    @ConfigProperty(name = "chat.attachments.store.secret-key", defaultValue = "chat-dev-secret")
    String secretKey;

    @Inject
    @ConfigProperty(name = "chat.attachments.store.path-style", defaultValue = "true")
    boolean pathStyle;

    @Inject
    @ConfigProperty(name = "chat.attachments.store.timeout-ms", defaultValue = "10000")
    long timeoutMs;

    private S3Client client;
    private S3Presigner presigner;
    private volatile boolean bucketChecked;

    @PostConstruct
    void connect() {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        var s3 = S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build();
        client = S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .serviceConfiguration(s3)
                // checksums only where S3 requires them: the SDK's default (a CRC trailer on every upload)
                // is not understood by every S3-compatible store
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofMillis(timeoutMs))
                        .socketTimeout(Duration.ofMillis(timeoutMs)))
                .overrideConfiguration(config -> config.apiCallTimeout(Duration.ofMillis(timeoutMs * 3)))
                .build();
        presigner = S3Presigner.builder()
                .endpointOverride(URI.create(clientEndpoint(endpoint, publicEndpoint)))
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .serviceConfiguration(s3)
                .build();
    }

    /** The store's URL as clients reach it: the public endpoint when one is set, else the server's. */
    public static String clientEndpoint(String endpoint, Optional<String> publicEndpoint) {
        return publicEndpoint.map(String::strip).filter(url -> !url.isEmpty()).orElse(endpoint);
    }

    /**
     * The origin (scheme, host, port) of the presigned URLs clients receive: the client endpoint's,
     * with the bucket in front of the host when addressing is virtual-host style.
     */
    public static String clientOrigin(String clientEndpoint, boolean pathStyle, String bucket) {
        URI store = URI.create(clientEndpoint);
        String host = pathStyle ? store.getHost() : bucket + "." + store.getHost();
        return store.getScheme() + "://" + host + (store.getPort() < 0 ? "" : ":" + store.getPort());
    }

    @PreDestroy
    void close() {
        presigner.close();
        client.close();
    }

    /** A URL that lets its holder PUT exactly this object (type and length are signed) until it expires. */
    public URI presignedPut(String key, String contentType, long length, Duration validFor) {
        ensureBucket();
        return call(() -> URI.create(presigner.presignPutObject(request -> request.signatureDuration(validFor)
                .putObjectRequest(put -> put.bucket(bucket).key(key).contentType(contentType).contentLength(length))).url().toString()));
    }

    /** Copies an object within the bucket, on the store's side (nothing passes through the server). */
    public void copy(String sourceKey, String targetKey) {
        call(() -> client.copyObject(copy -> copy.sourceBucket(bucket).sourceKey(sourceKey).destinationBucket(bucket).destinationKey(targetKey)));
    }

    public void put(String key, byte[] content, String contentType) {
        ensureBucket();
        call(() -> client.putObject(put -> put.bucket(bucket).key(key).contentType(contentType).contentLength((long) content.length),
                RequestBody.fromBytes(content)));
    }

    /** Stores a file as an object, streamed from disk (an export: too large to hold in memory). */
    public void putFile(String key, Path file, String contentType) {
        ensureBucket();
        call(() -> client.putObject(put -> put.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file)));
    }

    /** The object's size, empty when there is no such object. */
    public Optional<Long> sizeOf(String key) {
        return call(() -> {
            try {
                return Optional.of(client.headObject(head -> head.bucket(bucket).key(key)).contentLength());
            } catch (NoSuchKeyException missing) {
                return Optional.empty();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** Up to {@code length} bytes from the object's start (one ranged GET). */
    public byte[] head(String key, int length) {
        return call(() -> client.getObjectAsBytes(get -> get.bucket(bucket).key(key).range("bytes=0-" + (length - 1))).asByteArray());
    }

    /** The whole object, streamed; the caller closes it. */
    public InputStream open(String key) {
        return call(() -> client.getObject(get -> get.bucket(bucket).key(key)));
    }

    /** The whole object in memory: for the small files the server itself reads (images to check). */
    public byte[] read(String key) {
        return call(() -> client.getObjectAsBytes(get -> get.bucket(bucket).key(key)).asByteArray());
    }

    /**
     * Deletes the objects (those that are gone already are no error). One request per object:
     * the multi-object delete needs a checksum header that not every S3-compatible store
     * implements (S3Proxy answers 501), and deletions are few (a sweep, a deleted message).
     */
    public void delete(List<String> keys) {
        for (String key : keys) {
            call(() -> client.deleteObject(delete -> delete.bucket(bucket).key(key)));
        }
    }

    /** Whether the store answers and holds the bucket (readiness). */
    public void ping() {
        call(() -> client.headBucket(head -> head.bucket(bucket)));
    }

    /** Creates the bucket if it does not exist (once per node; a development store starts empty). */
    private void ensureBucket() {
        if (bucketChecked) {
            return;
        }
        call(() -> {
            try {
                client.headBucket(head -> head.bucket(bucket));
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
                client.createBucket(create -> create.bucket(bucket));
                LOG.log(Level.INFO, "Created bucket {0} in the attachment store at {1}", new Object[]{bucket, endpoint});
            }
            return null;
        });
        bucketChecked = true;
    }

    private interface StoreCall<T> {
        T run() throws IOException;
    }

    /** Runs a call to the store; a store that cannot be reached or fails is UNAVAILABLE, logged once per failure. */
    private <T> T call(StoreCall<T> call) {
        try {
            return call.run();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new ChatException(ErrorCode.NOT_FOUND, "the file is not in the attachment store (any more)");
            }
            if (e.statusCode() >= 500 || e.statusCode() == 403) {
                LOG.log(Level.WARNING, "The attachment store refused a call: {0}", e.getMessage());
                throw new ChatException(ErrorCode.UNAVAILABLE, "the attachment store is unavailable, try again later");
            }
            throw e;
        } catch (SdkClientException | IOException e) {
            LOG.log(Level.WARNING, "The attachment store at {0} cannot be reached: {1}", new Object[]{endpoint, e.getMessage()});
            throw new ChatException(ErrorCode.UNAVAILABLE, "the attachment store is unavailable, try again later");
        } catch (SdkException e) {
            LOG.log(Level.WARNING, "The attachment store call failed", e);
            throw new ChatException(ErrorCode.UNAVAILABLE, "the attachment store is unavailable, try again later");
        }
    }
}
