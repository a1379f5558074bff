package io.chuangguan.organization;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chuangguan.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OrganizationResourceTest {

    @Inject
    Fixtures fixtures;

    @Test
    void regionsFormATreeOfProvinceCityCounty() {
        Fixtures.Org org = fixtures.org();

        List<Map<String, Object>> provinces = given().get("/api/regions").then().statusCode(200)
                .body("level", everyItem(equalTo("PROVINCE"))).extract().jsonPath().getList("");
        Map<String, Object> province = provinces.stream().filter(p -> ((Number) p.get("id")).longValue() == org.provinceId())
                .findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> city = ((List<Map<String, Object>>) province.get("children")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> county = ((List<Map<String, Object>>) city.get("children")).get(0);
        assertEquals("CITY", city.get("level"));
        assertEquals((int) org.countyId(), county.get("id"));
    }

    @Test
    void enterprisesArePagedAndFilteredByRegionAndName() {
        Fixtures.Org org = fixtures.org();
        for (int i = 0; i < 3; i++) {
            fixtures.enterprise(org.countyId(), org.industryId());
        }
        String admin = Fixtures.login(fixtures.systemAdmin().phone());

        given().auth().oauth2(admin).queryParam("regionId", org.provinceId()).queryParam("size", 2)
                .get("/api/enterprises").then().statusCode(200)
                .body("total", equalTo(4)).body("items", hasSize(2)).body("size", equalTo(2))
                .body("items.city.id", everyItem(equalTo((int) org.cityId())));
        given().auth().oauth2(admin).queryParam("regionId", org.cityId()).queryParam("page", 1).queryParam("size", 3)
                .get("/api/enterprises").then().statusCode(200).body("items", hasSize(1));
        given().auth().oauth2(admin).queryParam("size", 1000).get("/api/enterprises").then().statusCode(200)
                .body("size", equalTo(100)).body("items.size()", lessThanOrEqualTo(100));
        String name = fixtures.text("select name from enterprise where id = ?", org.enterpriseId());
        given().auth().oauth2(admin).queryParam("regionId", org.provinceId()).queryParam("q", name.substring(4))
                .get("/api/enterprises").then().statusCode(200).body("total", equalTo(1)).body("items[0].name", equalTo(name));
    }

    @Test
    void aUnionAdminSeesOnlyItsOwnRegion() {
        Fixtures.Org mine = fixtures.org();
        Fixtures.Org other = fixtures.org();
        String union = Fixtures.login(fixtures.unionAdminOfRegion(mine.cityId()).phone());

        given().auth().oauth2(union).get("/api/enterprises").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo((int) mine.enterpriseId()));
        given().auth().oauth2(union).queryParam("regionId", other.cityId()).get("/api/enterprises").then()
                .statusCode(404).contentType("application/problem+json")
                // the same answer as for a region that does not exist: nothing is told about what lies outside
                .body("detail", equalTo("Region " + other.cityId() + " does not exist"));
        given().auth().oauth2(union).get("/api/enterprises/" + mine.enterpriseId() + "/teams").then().statusCode(200)
                .body("id", equalTo(List.of((int) mine.teamId())));
        given().auth().oauth2(union).get("/api/enterprises/" + other.enterpriseId() + "/teams").then().statusCode(404)
                .body("detail", equalTo("Enterprise " + other.enterpriseId() + " does not exist"));

        String worker = Fixtures.login(fixtures.worker(mine).phone());
        given().auth().oauth2(worker).get("/api/enterprises").then().statusCode(403);
    }
}
