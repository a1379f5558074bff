package io.chuangguan.questionbank;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/** Pictures for questions: told apart by their bytes, stored once, served with long cache headers. */
@QuarkusTest
class QuestionImagesTest {

    @Inject
    Fixtures fixtures;

    static byte[] picture(String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    /** A lossless WebP header (VP8L) of the given size; enough for the server, which reads headers only. */
    static byte[] webp(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(32).put("WEBP".getBytes()).put("VP8L".getBytes()).putInt(20).put((byte) 0x2f)
                .putInt((width - 1) | (height - 1) << 14);
        return b.array();
    }

    private static io.restassured.response.ValidatableResponse upload(String token, byte[] bytes, String type) {
        return given().auth().oauth2(token).contentType(type).body(bytes).post("/api/question-images").then();
    }

    @Test
    void picturesAreKnownByTheirBytesAndServedByTheirHash() throws IOException {
        Fixtures.Org org = fixtures.org();
        String trainer = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        byte[] png = picture("png", 320, 200);

        String hash = upload(trainer, png, "image/png").statusCode(201)
                .body("mediaType", equalTo("image/png")).body("width", equalTo(320)).body("height", equalTo(200))
                .body("markdown", containsString("![](/images/")).extract().path("hash");
        assertEquals(QuestionImages.sha256(png), hash);
        // the same picture again, declared as something else: the same record
        upload(trainer, png, "application/octet-stream").statusCode(201).body("hash", equalTo(hash));
        assertEquals(1, fixtures.count("select count(*) from question_image where hash = ?", hash));
        upload(trainer, picture("jpg", 64, 48), "image/png").statusCode(201).body("mediaType", equalTo("image/jpeg"))
                .body("width", equalTo(64)).body("height", equalTo(48));
        upload(trainer, webp(100, 50), "image/webp").statusCode(201).body("mediaType", equalTo("image/webp"))
                .body("width", equalTo(100)).body("height", equalTo(50));

        byte[] served = given().get("/images/" + hash).then().statusCode(200).contentType("image/png")
                .header("Cache-Control", containsString("immutable")).header("ETag", "\"" + hash + "\"")
                .header("X-Content-Type-Options", "nosniff").extract().asByteArray();
        assertArrayEquals(png, served);
        given().get("/images/" + "0".repeat(64)).then().statusCode(404);
        given().get("/images/not-a-hash").then().statusCode(404);
    }

    @Test
    void aQuestionShowsOnlyPicturesThatWereUploaded() throws IOException {
        Fixtures.Org org = fixtures.org();
        String trainer = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        String markdown = upload(trainer, picture("png", 40, 40), "image/png").statusCode(201).extract().path("markdown");
        java.util.Map<String, Object> draft = new java.util.HashMap<>(QuestionAuthoringTest.single("图中的设备是什么？" + markdown));
        given().auth().oauth2(trainer).contentType(io.restassured.http.ContentType.JSON).body(draft)
                .post("/api/trades/{t}/questions", org.tradeId()).then().statusCode(201)
                .body("versions[0].stem", containsString(markdown));
        draft.put("options", java.util.List.of(java.util.Map.of("text", "氧枪"), java.util.Map.of("text", "![](/images/" + "a".repeat(64) + ")")));
        draft.put("stem", "另一道带图的题");
        given().auth().oauth2(trainer).contentType(io.restassured.http.ContentType.JSON).body(draft)
                .post("/api/trades/{t}/questions", org.tradeId()).then().statusCode(422)
                .body("violations.field", contains("options[1]"))
                .body("violations[0].message", containsString("图片不存在"));
    }

    @Test
    void whatIsNotAPictureOrTooLargeIsRefused() throws IOException {
        Fixtures.Org org = fixtures.org();
        String trainer = Fixtures.login(fixtures.trainer(org.industryId()).phone());
        long before = fixtures.count("select count(*) from question_image");

        upload(trainer, "<svg onload=alert(1)>".getBytes(), "image/png").statusCode(422).contentType(containsString("problem+json"))
                .body("type", containsString("not-an-image"));
        upload(trainer, picture("gif", 10, 10), "image/png").statusCode(422);
        byte[] large = new byte[QuestionImages.MAX_BYTES + 1];
        System.arraycopy(picture("png", 10, 10), 0, large, 0, 33);
        upload(trainer, large, "image/png").statusCode(413);
        upload(trainer, webp(5000, 10), "image/webp").statusCode(422).body("type", containsString("image-dimensions"));
        upload(trainer, new byte[0], "image/png").statusCode(422);
        upload(Fixtures.login(fixtures.worker(org).phone()), picture("png", 10, 10), "image/png").statusCode(403);
        given().contentType("image/png").body(picture("png", 10, 10)).post("/api/question-images").then().statusCode(401);
        upload(trainer, picture("png", 10, 10), "text/plain").statusCode(415);
        assertEquals(before, fixtures.count("select count(*) from question_image"));
    }
}
