package io.chuangguan.questionbank;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.common.DomainException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Pictures for stems and options. What a file is comes from its bytes, never from its name or the declared type: a
 * PNG, JPEG or WebP header with readable dimensions, at most 1 MB, at most 4096 px a side. Stored once per content
 * (the SHA-256 is the key), so re-uploading the same picture changes nothing.
 */
@ApplicationScoped
public class QuestionImages {

    public static final int MAX_BYTES = 1024 * 1024;
    public static final int MAX_SIDE = 4096;

    public record Image(String hash, String mediaType, int width, int height, int size, String url, String markdown) {
    }

    public record Stored(String mediaType, byte[] bytes) {
    }

    /** The format and size read from the header. */
    record Sniffed(String mediaType, int width, int height) {
    }

    private final Pool pool;

    public QuestionImages(Pool pool) {
        this.pool = pool;
    }

    public Uni<Image> upload(long accountId, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw refused("empty-image", "没有收到图片");
        }
        if (bytes.length > MAX_BYTES) {
            throw new DomainException(413, "image-too-large", "Payload too large", "图片超过 1 MB：请压缩后再上传");
        }
        Sniffed s = sniff(bytes);
        if (s == null) {
            throw refused("not-an-image", "只能上传 PNG、JPEG 或 WebP 图片（按文件内容判断，不看文件名）");
        }
        if (s.width() < 1 || s.height() < 1 || s.width() > MAX_SIDE || s.height() > MAX_SIDE) {
            throw refused("image-dimensions", "图片尺寸须在 1 到 " + MAX_SIDE + " 像素之间");
        }
        String hash = sha256(bytes);
        return pool.preparedQuery("""
                insert into question_image (hash, media_type, bytes, width, height, uploaded_by) values ($1, $2, $3, $4, $5, $6)
                on conflict (hash) do nothing""")
                .execute(Tuple.from(java.util.List.of(hash, s.mediaType(), io.vertx.core.buffer.Buffer.buffer(bytes), s.width(),
                        s.height(), accountId)))
                .map(r -> new Image(hash, s.mediaType(), s.width(), s.height(), bytes.length, "/images/" + hash,
                        "![](/images/" + hash + ")"));
    }

    /** The picture, or null. */
    public Uni<Stored> get(String hash) {
        if (hash == null || !hash.matches("[0-9a-f]{64}")) {
            return Uni.createFrom().nullItem();
        }
        return pool.preparedQuery("select media_type, bytes from question_image where hash = $1").execute(Tuple.of(hash))
                .map(rows -> rows.size() == 0 ? null
                        : new Stored(rows.iterator().next().getString(0), rows.iterator().next().getBuffer(1).getBytes()));
    }

    static Sniffed sniff(byte[] b) {
        try {
            if (b.length >= 24 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0d && b[5] == 0x0a
                    && b[6] == 0x1a && b[7] == 0x0a && b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R') {
                ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
                return new Sniffed("image/png", bb.getInt(16), bb.getInt(20));
            }
            if (b.length >= 4 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
                return jpeg(b);
            }
            if (b.length >= 30 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B'
                    && b[11] == 'P') {
                return webp(b);
            }
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
        return null;
    }

    /** Walks the JPEG segments to the frame header (SOF0..SOF15 but DHT, JPG and DAC) for the dimensions. */
    private static Sniffed jpeg(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xff) != 0xff) {
                return null;
            }
            int marker = b[i + 1] & 0xff;
            int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
                int height = ((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff);
                int width = ((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff);
                return new Sniffed("image/jpeg", width, height);
            }
            if (length < 2) {
                return null;
            }
            i += 2 + length;
        }
        return null;
    }

    private static Sniffed webp(byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        switch (chunk) {
            case "VP8 ":
                return new Sniffed("image/webp", bb.getShort(26) & 0x3fff, bb.getShort(28) & 0x3fff);
            case "VP8L":
                int bits = bb.getInt(21);
                return new Sniffed("image/webp", (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
            case "VP8X":
                int w = (b[24] & 0xff) | (b[25] & 0xff) << 8 | (b[26] & 0xff) << 16;
                int h = (b[27] & 0xff) | (b[28] & 0xff) << 8 | (b[29] & 0xff) << 16;
                return new Sniffed("image/webp", w + 1, h + 1);
            default:
                return null;
        }
    }

    private static DomainException refused(String type, String detail) {
        return new DomainException(422, type, "Unusable image", detail);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
