package io.chuangguan.common;

/** A refusal that clears by itself: rendered with a {@code Retry-After} header. */
public class RetryLaterException extends DomainException {

    private final long retryAfterSeconds;

    public RetryLaterException(String type, String detail, long retryAfterSeconds) {
        super(429, type, "Too Many Requests", detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 503: the service cannot answer now (a dependency is away or busy), and says when to ask again. */
    public static RetryLaterException unavailable(String type, String detail, long retryAfterSeconds) {
        return new RetryLaterException(503, "Service Unavailable", type, detail, retryAfterSeconds);
    }

    private RetryLaterException(int status, String title, String type, String detail, long retryAfterSeconds) {
        super(status, type, title, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** "42 seconds", "5 minutes", "3 hours": a wait in words, for a problem's detail. */
    public static String describe(long seconds) {
        return seconds < 120 ? seconds + " seconds" : seconds < 7200 ? (seconds + 59) / 60 + " minutes" : (seconds + 3599) / 3600 + " hours";
    }
}
