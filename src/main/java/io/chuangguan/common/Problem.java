package io.chuangguan.common;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** RFC 9457 problem details, the body of every error response. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://chuangguan.io/problems/";

    public static Problem of(int status, String type, String title, String detail, String instance) {
        return new Problem(TYPE_BASE + type, title, status, detail, instance, List.of());
    }

    public Problem withViolations(List<Violation> list) {
        return new Problem(type, title, status, detail, instance, list);
    }
}
