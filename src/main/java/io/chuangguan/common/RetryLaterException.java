package io.chuangguan.common;

/** A refusal that clears by itself: rendered with a {@code Retry-After} header. */
public class RetryLaterException extends DomainException {

    private final long retryAfterSeconds;

    public RetryLaterException(String type, String detail, long retryAfterSeconds) {
        super(429, type, "Too Many Requests", detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
