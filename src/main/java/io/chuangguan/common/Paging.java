package io.chuangguan.common;

import java.util.List;

/**
 * Page numbers and sizes as clients send them. A size is clamped to what the server serves; a page below 0 or beyond
 * {@value #MAX_PAGE} is a 400 (a deep page costs PostgreSQL a scan of every row before it, and page × size must not
 * overflow).
 */
public record Paging(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    public static final int MAX_PAGE = 10_000;

    public static Paging of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        if (p < 0 || p > MAX_PAGE) {
            throw new DomainException(400, "validation", "Invalid request", "The request has invalid fields",
                    List.of(new Violation("page", "must be between 0 and " + MAX_PAGE)));
        }
        int s = size == null || size <= 0 ? DEFAULT_SIZE : Math.min(size, MAX_SIZE);
        return new Paging(p, s);
    }

    public long offset() {
        return (long) page * size;
    }
}
