package io.chuangguan.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class CatalogResourceTest {

    @Inject
    Fixtures fixtures;

    @Test
    void industriesListTheirTrades() {
        Fixtures.Org org = fixtures.org();

        List<Map<String, Object>> industries = given().get("/api/industries").then().statusCode(200)
                .contentType("application/json").extract().jsonPath().getList("");

        Map<String, Object> industry = industries.stream().filter(i -> ((Number) i.get("id")).longValue() == org.industryId())
                .findFirst().orElseThrow();
        Assertions.assertEquals("测试行业", industry.get("name"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> trades = (List<Map<String, Object>>) industry.get("trades");
        Assertions.assertEquals(1, trades.size());
        Assertions.assertEquals(Map.of("id", (int) org.tradeId(), "code", trades.get(0).get("code"), "name", "测试工种"), trades.get(0));
    }

    @Test
    void skillGradesRunFromFiveToOne() {
        given().get("/api/skill-grades").then().statusCode(200)
                .body("grade", equalTo(List.of(5, 4, 3, 2, 1)))
                .body("title", equalTo(List.of("初级工", "中级工", "高级工", "技师", "高级技师")));
    }
}
