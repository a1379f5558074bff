package io.chuangguan.union;

import java.time.LocalDate;

import org.jboss.resteasy.reactive.RestQuery;

/** The unit and the period of a figures request, as query parameters shared by every figures endpoint and its export. */
public class PeriodParams {

    /** region:&lt;id&gt;, enterprise:&lt;id&gt; or team:&lt;id&gt;; none: the caller's own unit. */
    @RestQuery
    String unit;
    /** DAY, WEEK, MONTH (default), QUARTER, YEAR or RANGE. */
    @RestQuery
    String period;
    /** A day inside the period (YYYY-MM-DD; default today). */
    @RestQuery
    String at;
    /** A range's first and last day. */
    @RestQuery
    String from;
    @RestQuery
    String to;

    Span span(LocalDate today) {
        return Span.parse(period, at, from, to, today);
    }
}
