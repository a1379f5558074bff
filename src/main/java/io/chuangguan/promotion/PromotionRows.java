package io.chuangguan.promotion;

import java.time.Instant;

import io.chuangguan.common.Timestamps;

/**
 * The rows PromotionService reads with native SQL, each a record with the columns it is read from and the one place
 * where positions become typed fields (a column added to a list is added to its record here, nowhere else).
 */
final class PromotionRows {

    private PromotionRows() {
    }

    /** An application as its decision reads it, locked. */
    record Pending(long workerId, long tradeId, Integer gradeFrom, int gradeTo, String status, String evidence, long enterpriseId) {
        static final String COLUMNS = "account_id, trade_id, grade_from, grade_to, status, evidence, enterprise_id";

        static Pending of(Object[] r) {
            return new Pending(asLong(r[0]), asLong(r[1]), asInteger(r[2]), asInteger(r[3]), (String) r[4], (String) r[5], asLong(r[6]));
        }
    }

    /** An application as reviewers and applicants see it; {@code pa} is the application, {@code a} its worker. */
    record Application(long id, long workerId, String workerName, long tradeId, Integer gradeFrom, int gradeTo, String status,
            String evidence, Instant appliedAt, Instant decidedAt, String comment, String certificateNo) {
        static final String COLUMNS = "pa.id, pa.account_id, a.display_name, pa.trade_id, pa.grade_from,"
                + " pa.grade_to, pa.status, pa.evidence, pa.applied_at, pa.decided_at, pa.comment,"
                + " (select certificate_no from promotion_record r where r.application_id = pa.id)";

        static Application of(Object[] r) {
            return new Application(asLong(r[0]), asLong(r[1]), (String) r[2], asLong(r[3]), asInteger(r[4]), asInteger(r[5]),
                    (String) r[6], (String) r[7], asInstant(r[8]), asInstant(r[9]), (String) r[10], (String) r[11]);
        }
    }

    /** A contest result already recorded, with the promotion it made (if any). */
    record RecordedResult(long id, int place, String certificateNo, String outcome, Integer gradeFrom, Integer gradeTo) {
        static final String COLUMNS = "c.id, c.place, c.certificate_no, c.outcome, p.grade_from, p.grade_to";

        static RecordedResult of(Object[] r) {
            return new RecordedResult(asLong(r[0]), asInteger(r[1]), (String) r[2], (String) r[3], asInteger(r[4]), asInteger(r[5]));
        }
    }

    /** A promotion record of a worker's history. */
    record Issued(long id, long tradeId, Integer gradeFrom, int gradeTo, String route, String certificateNo, String verificationCode,
            Instant approvedAt) {
        static final String COLUMNS = "id, trade_id, grade_from, grade_to, route, certificate_no, verification_code, approved_at";

        static Issued of(Object[] r) {
            return new Issued(asLong(r[0]), asLong(r[1]), asInteger(r[2]), asInteger(r[3]), (String) r[4], (String) r[5], (String) r[6],
                    asInstant(r[7]));
        }
    }

    /** What a certificate prints; {@code r} is the promotion record. */
    record Certificate(String name, String phone, String industry, String trade, int grade, String certificateNo, Instant approvedAt,
            String route, String verificationCode, String province) {
        static final String COLUMNS = "a.display_name, a.phone, i.name, t.name, r.grade_to, r.certificate_no, r.approved_at, r.route,"
                + " r.verification_code, province.name";

        static Certificate of(Object[] r) {
            return new Certificate((String) r[0], (String) r[1], (String) r[2], (String) r[3], asInteger(r[4]), (String) r[5],
                    asInstant(r[6]), (String) r[7], (String) r[8], (String) r[9]);
        }
    }

    private static long asLong(Object value) {
        return ((Number) value).longValue();
    }

    private static Integer asInteger(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    private static Instant asInstant(Object value) {
        return value == null ? null : Timestamps.instant(value);
    }
}
