package io.chuangguan.common;

import java.util.List;

/**
 * A failure the client can act on. Services throw it; {@link ProblemMapper} renders it as problem+json.
 * The {@code type} is a short slug, published as {@code https://chuangguan.io/problems/<type>}.
 */
public class DomainException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final List<Violation> violations;

    public DomainException(int status, String type, String title, String detail) {
        this(status, type, title, detail, List.of());
    }

    public DomainException(int status, String type, String title, String detail, List<Violation> violations) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.violations = List.copyOf(violations);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<Violation> violations() {
        return violations;
    }

    public static DomainException notFound(String what, Object id) {
        return new DomainException(404, "not-found", "Not found", what + " " + id + " does not exist");
    }

    public static DomainException conflict(String type, String detail) {
        return new DomainException(409, type, "Conflict", detail);
    }

    public static DomainException forbidden(String detail) {
        return new DomainException(403, "out-of-scope", "Forbidden", detail);
    }

    public static DomainException unprocessable(String detail, List<Violation> violations) {
        return new DomainException(422, "unprocessable", "Unprocessable request", detail, violations);
    }
}
