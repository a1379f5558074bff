package io.chuangguan.promotion;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

public final class PromotionViews {

    private PromotionViews() {
    }

    public record LevelRef(Long id, String name) {
    }

    /** One condition of the checklist: exam levels of the next grade passed, or enough years in the grade. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Condition(String type, boolean met, List<LevelRef> missingLevels, Integer requiredYears, Integer monthsServed,
            Integer monthsMissing) {
    }

    /**
     * The checklist for the next grade; {@code pendingApplication} is the caller's application still waiting for review
     * (null when there is none), so the phone can show "under review" instead of an apply button.
     */
    public record Eligibility(Long tradeId, Integer currentGrade, Integer nextGrade, String nextGradeTitle, boolean eligible,
            List<Condition> conditions, ApplicationView pendingApplication) {

        Eligibility(Long tradeId, Integer currentGrade, Integer nextGrade, String nextGradeTitle, boolean eligible,
                List<Condition> conditions) {
            this(tradeId, currentGrade, nextGrade, nextGradeTitle, eligible, conditions, null);
        }

        Eligibility withPending(ApplicationView pending) {
            return new Eligibility(tradeId, currentGrade, nextGrade, nextGradeTitle, eligible, conditions, pending);
        }
    }

    public record ExamEvidence(Long levelId, String levelName, Long attemptId, int score) {
    }

    /** What an application froze when it was made. */
    public record Evidence(List<ExamEvidence> exams, int monthsInGrade, Long enterpriseId, String enterpriseName) {
    }

    /** An application; {@code flags}: the applicant's integrity flags not cleared, for reviewers (null for the applicant). */
    public record ApplicationView(Long id, Long workerId, String workerName, Long tradeId, Integer gradeFrom, int gradeTo,
            String status, Evidence evidence, Instant appliedAt, Instant decidedAt, String comment, String certificateNo,
            List<io.chuangguan.integrity.IntegrityViews.FlagView> flags) {

        ApplicationView withFlags(List<io.chuangguan.integrity.IntegrityViews.FlagView> applicantFlags) {
            return new ApplicationView(id, workerId, workerName, tradeId, gradeFrom, gradeTo, status, evidence, appliedAt, decidedAt,
                    comment, certificateNo, applicantFlags);
        }
    }

    /** {@code certificateUrl} opens the printable certificate (it carries the verification code the page asks for). */
    public record RecordView(Long id, Long tradeId, Integer gradeFrom, int gradeTo, String gradeTitle, String route,
            String certificateNo, String verificationCode, String certificateUrl, Instant approvedAt) {
    }

    /** What a certificate and its verification page show. */
    public record CertificateView(String holderName, String maskedName, String maskedPhone, String industry, String trade,
            String gradeLevel, String gradeTitle, String certificateNo, String issuedOn, String issuer, String route,
            String verificationCode, String verifyUrl, String qrSvg) {
    }

    /** A recorded contest result and what it did: the promotion record, or why there was none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContestOutcome(Long contestResultId, boolean promoted, Integer gradeFrom, Integer gradeTo, String certificateNo,
            String reason) {
    }
}
