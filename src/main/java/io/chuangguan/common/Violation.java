package io.chuangguan.common;

/** One invalid field of a request: {@code field} is the JSON path as the client sent it. */
public record Violation(String field, String message) {
}
