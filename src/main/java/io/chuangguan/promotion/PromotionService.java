package io.chuangguan.promotion;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chuangguan.catalog.SkillGrade;
import io.chuangguan.challenge.LevelMapService;
import io.chuangguan.challenge.LevelProgress;
import io.chuangguan.common.AppConfig;
import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.Failures;
import io.chuangguan.common.PageView;
import io.chuangguan.common.Paging;
import io.chuangguan.common.Timestamps;
import io.chuangguan.identity.AccountService;
import io.chuangguan.integrity.IntegrityService;
import io.chuangguan.level.Level;
import io.chuangguan.level.LevelService;
import io.chuangguan.organization.OrganizationService;
import io.chuangguan.promotion.PromotionRequests.Decision;
import io.chuangguan.promotion.PromotionViews.ApplicationView;
import io.chuangguan.promotion.PromotionViews.Condition;
import io.chuangguan.promotion.PromotionViews.Eligibility;
import io.chuangguan.promotion.PromotionViews.Evidence;
import io.chuangguan.promotion.PromotionViews.ExamEvidence;
import io.chuangguan.promotion.PromotionViews.LevelRef;
import io.chuangguan.promotion.PromotionViews.RecordView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Skill-grade promotion by the online exam route: eligibility, applications, review, records. */
@ApplicationScoped
public class PromotionService {

    private static final String CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom CODES = new SecureRandom();

    private final AccountService accounts;
    private final LevelService levels;
    private final LevelMapService standings;
    private final OrganizationService organizations;
    private final IntegrityService integrity;
    private final AppConfig config;
    private final Clock clock;
    private final ObjectMapper json;

    public PromotionService(AccountService accounts, LevelService levels, LevelMapService standings,
            OrganizationService organizations, IntegrityService integrity, AppConfig config, Clock clock, ObjectMapper json) {
        this.accounts = accounts;
        this.levels = levels;
        this.standings = standings;
        this.organizations = organizations;
        this.integrity = integrity;
        this.config = config;
        this.clock = clock;
        this.json = json;
    }

    /** The checklist, and what an application would freeze. */
    private record Assessment(long accountId, long tradeId, long enterpriseId, Eligibility eligibility, Evidence evidence) {
    }

    public Uni<Eligibility> eligibility(Caller caller, Long tradeId) {
        return mapFirst(caller, tradeId).chain(() -> eligibilityInSession(caller, tradeId));
    }

    /**
     * The trade's level map into the shared cache before a session takes a connection: a request must not wait for a
     * shared load while holding one (common.Caches). The worker's trade is in their token.
     */
    private Uni<Void> mapFirst(Caller caller, Long tradeId) {
        Long trade = tradeId != null ? tradeId : caller.tradeId();
        return trade == null ? Uni.createFrom().voidItem() : levels.map(trade).replaceWithVoid();
    }

    @WithSession
    Uni<Eligibility> eligibilityInSession(Caller caller, Long tradeId) {
        return assess(caller.accountId(), tradeId).chain(a -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select id from promotion_application where account_id = ?1 and trade_id = ?2 and status = 'PENDING'", Long.class)
                .setParameter(1, a.accountId()).setParameter(2, a.tradeId()).getResultList())
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(a.eligibility())
                        : application(ids.get(0)).map(a.eligibility()::withPending)));
    }

    private Uni<Assessment> assess(long accountId, Long requestedTrade) {
        return accounts.identity(accountId).chain(identity -> {
            var worker = identity.worker();
            if (worker == null) {
                return Uni.createFrom().failure(DomainException.forbidden("Only workers are promoted"));
            }
            long trade = requestedTrade != null ? requestedTrade : worker.tradeId;
            if (trade != worker.tradeId) {
                return Uni.createFrom().failure(DomainException.forbidden("You can apply in your own trade only"));
            }
            return accounts.grade(accountId, trade).chain(grade -> {
                Integer current = grade == null ? null : (int) grade.grade;
                if (current != null && current == 1) {
                    return Uni.createFrom().item(new Assessment(accountId, trade, worker.enterpriseId,
                            new Eligibility(trade, 1, null, null, false, List.of()), null));
                }
                int next = current == null ? 5 : current - 1;
                LocalDate since = grade != null ? grade.obtainedOn : worker.tradeSince;
                int months = (int) Period.between(since, LocalDate.now(clock.withZone(config.zone()))).toTotalMonths();
                return requiredYears(trade, next).chain(years -> levels.map(trade).chain(map -> {
                    List<Level> exams = map.stream().filter(l -> l.grade == next && l.exam).toList();
                    return standings.standings(accountId, exams.stream().map(l -> l.id).toList()).chain(progress -> {
                        Map<Long, LevelProgress> byLevel = progress.stream()
                                .collect(Collectors.toMap(p -> p.levelId, Function.identity()));
                        List<LevelRef> missing = new ArrayList<>();
                        List<ExamEvidence> passed = new ArrayList<>();
                        for (Level exam : exams) {
                            LevelProgress p = byLevel.get(exam.id);
                            if (p != null && p.passed() && p.bestScore >= exam.passMark) {
                                passed.add(new ExamEvidence(exam.id, exam.name, p.bestAttemptId, p.bestScore));
                            } else {
                                missing.add(new LevelRef(exam.id, exam.name));
                            }
                        }
                        boolean examsMet = !exams.isEmpty() && missing.isEmpty();
                        boolean yearsMet = months >= years * 12;
                        List<Condition> conditions = List.of(
                                new Condition("EXAM_LEVELS", examsMet, missing, null, null, null),
                                new Condition("YEARS_IN_GRADE", yearsMet, null, years, months, Math.max(0, years * 12 - months)));
                        Eligibility eligibility = new Eligibility(trade, current, next, SkillGrade.of(next).title(),
                                examsMet && yearsMet, conditions);
                        return organizations.enterprise(worker.enterpriseId).map(enterprise -> new Assessment(accountId, trade,
                                worker.enterpriseId, eligibility, new Evidence(passed, months, enterprise.id, enterprise.name)));
                    });
                }));
            });
        });
    }

    private Uni<Integer> requiredYears(long tradeId, int targetGrade) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select min_years from promotion_rule where trade_id = ?1 and target_grade = ?2", Short.class)
                .setParameter(1, tradeId).setParameter(2, (short) targetGrade).getResultList())
                .map(rows -> rows.isEmpty() ? defaultYears().getOrDefault(targetGrade, 4) : rows.get(0).intValue());
    }

    private Map<Integer, Integer> defaultYears() {
        Map<Integer, Integer> years = new HashMap<>();
        for (String pair : config.promotion().yearsInGrade().split(",")) {
            String[] kv = pair.trim().split("=");
            years.put(Integer.parseInt(kv[0]), Integer.parseInt(kv[1]));
        }
        return years;
    }

    /** 201 with the application; 409 when not eligible (saying why) or when one is already waiting. */
    public Uni<ApplicationView> apply(Caller caller, Long tradeId) {
        return mapFirst(caller, tradeId).chain(() -> applyInSession(caller, tradeId));
    }

    @WithSession
    Uni<ApplicationView> applyInSession(Caller caller, Long tradeId) {
        long accountId = caller.accountId();
        return Panache.withTransaction(() -> assess(accountId, tradeId).chain(a -> {
            Eligibility e = a.eligibility();
            if (!e.eligible()) {
                String why = e.nextGrade() == null ? "you hold the highest grade already"
                        : e.conditions().stream().filter(c -> !c.met()).map(c -> c.type().equals("EXAM_LEVELS")
                                ? "exam levels not passed: " + c.missingLevels().stream().map(LevelRef::name).collect(Collectors.joining(", "))
                                : c.monthsMissing() + " more months in the current grade").collect(Collectors.joining("; "));
                return Uni.createFrom().failure(DomainException.conflict("not-eligible", "Not eligible yet: " + why));
            }
            Instant now = clock.instant();
            return Panache.getSession().chain(s -> s.createNativeQuery("insert into promotion_application (account_id, trade_id,"
                    + " grade_from, grade_to, status, evidence, enterprise_id, applied_at) values (?1, ?2, nullif(?3, 0), ?4, 'PENDING', ?5, ?6, ?7)"
                    + " returning id", Long.class)
                    .setParameter(1, accountId).setParameter(2, a.tradeId())
                    .setParameter(3, e.currentGrade() == null ? (short) 0 : e.currentGrade().shortValue())
                    .setParameter(4, e.nextGrade().shortValue()).setParameter(5, write(a.evidence()))
                    .setParameter(6, a.enterpriseId()).setParameter(7, now).getSingleResult())
                    .call(id -> audit(accountId, "APPLY", "promotion_application:" + id, "grade " + e.nextGrade()))
                    .chain(this::application);
        })).onFailure(Failures::isUniqueViolation).transform(x -> DomainException.conflict("application-pending",
                "An application for this grade is already waiting for review"));
    }

    /** Applications a reviewer may see: its region's or enterprise's workers; all for a system admin. */
    @WithSession
    public Uni<PageView<ApplicationView>> applications(Caller caller, String status, Paging paging) {
        StringBuilder where = new StringBuilder(" from promotion_application pa join account a on a.id = pa.account_id"
                + " join enterprise e on e.id = pa.enterprise_id"
                + " join region county on county.id = e.region_id join region city on city.id = county.parent_id where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (status != null) {
            where.append(" and pa.status = :status");
            params.put("status", status);
        }
        try {
            OrganizationService.narrowToScope(caller, where, params);
        } catch (DomainException e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.getSession().chain(s -> {
            var count = s.createNativeQuery("select count(*)" + where, Long.class);
            var page = s.createNativeQuery("select " + PromotionRows.Application.COLUMNS + where + " order by pa.applied_at desc, pa.id desc limit "
                    + paging.size() + " offset " + paging.offset(), Object[].class);
            params.forEach((k, v) -> {
                count.setParameter(k, v);
                page.setParameter(k, v);
            });
            return count.getSingleResult().chain(total -> page.getResultList().map(rows -> rows.stream().map(this::applicationView).toList())
                    .chain(this::withFlags).map(items -> new PageView<>(items, total, paging.page(), paging.size())));
        });
    }

    /**
     * Approves (a promotion record with a certificate number; the worker's grade changes in the same transaction)
     * or rejects. Out of the reviewer's scope → 403; decided already → 409. Every change is audited.
     */
    @WithSession
    public Uni<ApplicationView> decide(Caller caller, long applicationId, Decision decision, String comment) {
        long reviewer = caller.accountId();
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select " + PromotionRows.Pending.COLUMNS + " from promotion_application where id = ?1 for update", Object[].class)
                .setParameter(1, applicationId).getResultList())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().failure(DomainException.notFound("Promotion application", applicationId));
                    }
                    PromotionRows.Pending pending = PromotionRows.Pending.of(rows.get(0));
                    long worker = pending.workerId();
                    long trade = pending.tradeId();
                    int to = pending.gradeTo();
                    long enterprise = pending.enterpriseId();
                    if (worker == reviewer) {
                        return Uni.createFrom().failure(DomainException.forbidden("Nobody decides on their own application"));
                    }
                    return organizations.enterpriseInScope(caller, enterprise,
                            () -> DomainException.notFound("Promotion application", applicationId)).chain(inScope -> {
                        if (!"PENDING".equals(pending.status())) {
                            return Uni.createFrom().failure(DomainException.conflict("already-decided",
                                    "This application was decided already (" + pending.status() + ")"));
                        }
                        return accounts.grade(worker, trade);
                    }).chain(held -> {
                        if (decision == Decision.APPROVE && held != null && held.grade <= to) {
                            return Uni.createFrom().failure(DomainException.conflict("application-overtaken",
                                    "The worker holds grade " + held.grade + " already; approving would not raise it"));
                        }
                        Instant now = clock.instant();
                        String status = decision == Decision.APPROVE ? "APPROVED" : "REJECTED";
                        Uni<Void> effect = decision == Decision.REJECT ? Uni.createFrom().voidItem()
                                : issueRecord(applicationId, "ONLINE_EXAM", worker, trade, held == null ? null : (int) held.grade, to,
                                        pending.evidence(), reviewer, now).replaceWithVoid();
                        return effect
                                .chain(() -> Panache.getSession().chain(s -> s.createNativeQuery("update promotion_application"
                                        + " set status = ?1, decided_at = ?2, decided_by = ?3, comment = ?4 where id = ?5")
                                        .setParameter(1, status).setParameter(2, now).setParameter(3, reviewer)
                                        .setParameter(4, comment == null ? "" : comment).setParameter(5, applicationId).executeUpdate()))
                                .call(() -> audit(reviewer, status, "promotion_application:" + applicationId, comment));
                    });
                })).chain(() -> application(applicationId)).chain(view -> withFlags(List.of(view))).map(list -> list.get(0));
    }

    /** Reviewers see each applicant's integrity flags next to the evidence. */
    private Uni<List<ApplicationView>> withFlags(List<ApplicationView> applications) {
        return integrity.standingFlags(applications.stream().map(ApplicationView::workerId).distinct().toList())
                .map(flags -> applications.stream().map(a -> a.withFlags(flags.getOrDefault(a.workerId(), List.of()))).toList());
    }

    private Uni<String> issueRecord(Long applicationId, String route, long worker, long trade, Integer from, int to, String evidence,
            long reviewer, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select nextval('certificate_serial')", Long.class).getSingleResult())
                .chain(serial -> {
                    int year = now.atZone(config.zone()).getYear();
                    String certificate = String.format("%s-%d-%d-%06d", config.promotion().certificatePrefix(), year, to, serial);
                    String code = newVerificationCode();
                    return Panache.getSession().chain(s -> s.createNativeQuery("insert into promotion_record (account_id, trade_id,"
                            + " grade_from, grade_to, route, application_id, evidence, approved_by, approved_at, certificate_no,"
                            + " verification_code) values (?1, ?2, nullif(?3, 0), ?4, ?11, nullif(?5, 0), ?6, ?7, ?8, ?9, ?10)")
                            .setParameter(1, worker).setParameter(2, trade).setParameter(3, from == null ? (short) 0 : from.shortValue())
                            .setParameter(4, (short) to).setParameter(5, applicationId == null ? 0L : applicationId)
                            .setParameter(11, route).setParameter(6, evidence)
                            .setParameter(7, reviewer).setParameter(8, now).setParameter(9, certificate).setParameter(10, code)
                            .executeUpdate())
                            .chain(() -> accounts.setGrade(worker, trade, to, now.atZone(config.zone()).toLocalDate(), certificate))
                            .call(() -> audit(reviewer, "ISSUE_RECORD", "worker:" + worker, certificate))
                            .call(() -> closeOvertaken(worker, trade, to, applicationId, certificate, reviewer, now))
                            .replaceWith(certificate);
                });
    }

    /**
     * A promotion to {@code grade} closes the worker's pending applications for that grade or a lower one: approving
     * them later could only lower the grade again.
     */
    private Uni<Void> closeOvertaken(long worker, long trade, int grade, Long applicationId, String certificate, long actor,
            Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                with closed as (
                    update promotion_application set status = 'CLOSED', decided_at = ?1, comment = ?2
                    where account_id = ?3 and trade_id = ?4 and status = 'PENDING' and grade_to >= ?5 and id <> ?6
                    returning id)
                insert into audit_log (actor_id, action, subject, detail)
                select ?7, 'CLOSE_OVERTAKEN', 'promotion_application:' || id, ?8 from closed""")
                .setParameter(1, now).setParameter(2, "Overtaken: certificate " + certificate + " promoted the worker to grade " + grade)
                .setParameter(3, worker).setParameter(4, trade).setParameter(5, (short) grade)
                .setParameter(6, applicationId == null ? 0L : applicationId).setParameter(7, actor).setParameter(8, certificate)
                .executeUpdate()).replaceWithVoid();
    }

    /** A code a certificate's page asks for (grade and award certificates alike): 12 letters and digits, no look-alikes. */
    public static String newVerificationCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            code.append(CODE_ALPHABET.charAt(CODES.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    /** A recorded contest result's outcome, and whether this request recorded it (false: a retry got the first). */
    public record RecordedContest(PromotionViews.ContestOutcome outcome, boolean created) {
    }

    /**
     * Records a contest result for a worker in the caller's scope, once per worker and contest (name, tier, day): a
     * retry gets the first outcome back, a different placing for the same contest is refused. A placing the rules
     * reward promotes directly: to the rule's grade, or one grade up for a worker already there, but never beyond the
     * best grade the tier's rules give (an enterprise contest never makes a 高级技师). Nobody records their own.
     */
    @WithSession
    public Uni<RecordedContest> recordContest(Caller caller, long workerId, PromotionRequests.ContestResultRequest r) {
        long recorder = caller.accountId();
        if (recorder == workerId) {
            return Uni.createFrom().failure(DomainException.forbidden("Nobody records their own contest result"));
        }
        String contest = r.contestName().strip();
        return Panache.withTransaction(() -> accounts.identity(workerId).onFailure(DomainException.class)
                .transform(e -> DomainException.notFound("Worker", workerId)).chain(identity -> {
            var worker = identity.worker();
            if (worker == null) {
                return Uni.createFrom().failure(DomainException.notFound("Worker", workerId));
            }
            return organizations.enterpriseInScope(caller, worker.enterpriseId, () -> DomainException.notFound("Worker", workerId))
                    .chain(() -> Panache.getSession().chain(s -> s.createNativeQuery("insert into contest_result (account_id, trade_id,"
                            + " contest_name, tier, held_on, place, award, recorded_by) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                            + " on conflict (account_id, contest_name, tier, held_on) do nothing returning id", Long.class)
                            .setParameter(1, workerId).setParameter(2, worker.tradeId).setParameter(3, contest)
                            .setParameter(4, r.tier().name()).setParameter(5, r.heldOn()).setParameter(6, r.placing())
                            .setParameter(7, r.award() == null ? "" : r.award()).setParameter(8, recorder).getResultList()))
                    .chain(ids -> ids.isEmpty() ? firstOutcome(workerId, contest, r)
                            : promoteForContest(ids.get(0), recorder, workerId, worker.tradeId, worker.enterpriseId, contest, r)
                                    .map(outcome -> new RecordedContest(outcome, true)));
        }));
    }

    private Uni<PromotionViews.ContestOutcome> promoteForContest(long resultId, long recorder, long workerId, long tradeId,
            long enterpriseId, String contest, PromotionRequests.ContestResultRequest r) {
        return audit(recorder, "CONTEST_RESULT", "worker:" + workerId, contest + " " + r.tier() + " #" + r.placing())
                .chain(() -> accounts.grade(workerId, tradeId)).chain(grade -> {
                    Integer current = grade == null ? null : (int) grade.grade;
                    Integer target = contestGrade(r.tier().name(), r.placing());
                    int ceiling = tierCeiling(r.tier().name());
                    String refusal = null;
                    int to = 0;
                    if (target == null) {
                        refusal = "this placing does not promote";
                    } else {
                        to = current != null && current <= target ? current - 1 : target;
                        if (to < ceiling) {
                            refusal = "a " + r.tier() + " contest promotes to grade " + ceiling + " (" + SkillGrade.of(ceiling).title()
                                    + ") at most, and the worker holds grade " + current + " already";
                        }
                    }
                    if (refusal != null) {
                        String why = refusal;
                        return outcome(resultId, null, why).replaceWith(new PromotionViews.ContestOutcome(resultId, false, current,
                                null, null, why));
                    }
                    int grantedGrade = to;
                    String evidence = write(new Evidence(List.of(), 0, enterpriseId, contest + "（" + r.tier()
                            + "，第" + r.placing() + "名" + (r.award() == null ? "" : "，" + r.award()) + "，" + r.heldOn() + "）"));
                    return issueRecord(null, "CONTEST", workerId, tradeId, current, grantedGrade, evidence, recorder, clock.instant())
                            .call(certificate -> outcome(resultId, certificate, null))
                            .map(certificate -> new PromotionViews.ContestOutcome(resultId, true, current, grantedGrade, certificate, null));
                });
    }

    private Uni<Integer> outcome(long resultId, String certificate, String reason) {
        return Panache.getSession().chain(s -> s.createNativeQuery("update contest_result set certificate_no = ?1, outcome = ?2"
                + " where id = ?3").setParameter(1, certificate).setParameter(2, reason).setParameter(3, resultId).executeUpdate());
    }

    /** A retry of a recorded result: what the first recording did; a different placing is refused. */
    private Uni<RecordedContest> firstOutcome(long workerId, String contest, PromotionRequests.ContestResultRequest r) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select " + PromotionRows.RecordedResult.COLUMNS
                + " from contest_result c left join promotion_record p on p.certificate_no = c.certificate_no"
                + " where c.account_id = ?1 and c.contest_name = ?2 and c.tier = ?3 and c.held_on = ?4", Object[].class)
                .setParameter(1, workerId).setParameter(2, contest).setParameter(3, r.tier().name()).setParameter(4, r.heldOn())
                .getSingleResult())
                .map(PromotionRows.RecordedResult::of)
                .map(first -> {
                    if (first.place() != r.placing()) {
                        throw DomainException.conflict("contest-result-recorded", "This worker's result in " + contest
                                + " is recorded already, with placing " + first.place());
                    }
                    return new RecordedContest(new PromotionViews.ContestOutcome(first.id(), first.certificateNo() != null,
                            first.gradeFrom(), first.gradeTo(), first.certificateNo(), first.outcome()), false);
                });
    }

    /** The best grade any placing of the tier earns: no contest of the tier promotes beyond it. */
    int tierCeiling(String tier) {
        int best = 5;
        for (String rule : config.promotion().contestRules().split(",")) {
            String[] parts = rule.trim().split("[:=]");
            if (parts[0].equals(tier)) {
                best = Math.min(best, Integer.parseInt(parts[2]));
            }
        }
        return best;
    }

    /** The best (lowest) grade a placing earns under the configured rules, or null. */
    Integer contestGrade(String tier, int placing) {
        Integer best = null;
        for (String rule : config.promotion().contestRules().split(",")) {
            String[] parts = rule.trim().split("[:=]");
            if (parts[0].equals(tier) && placing <= Integer.parseInt(parts[1])) {
                int grade = Integer.parseInt(parts[2]);
                best = best == null ? grade : Math.min(best, grade);
            }
        }
        return best;
    }

    /** The worker's promotion history; for another worker the reader must be an admin in scope. */
    @WithSession
    public Uni<List<RecordView>> records(Caller caller, long workerId) {
        Uni<Void> allowed = caller.accountId() == workerId ? Uni.createFrom().voidItem()
                : !(caller.is(Caller.UNION_ADMIN) || caller.is(Caller.SYSTEM_ADMIN))
                        ? Uni.createFrom().failure(DomainException.notFound("Worker", workerId))
                        : accounts.identity(workerId).onFailure(DomainException.class)
                                .transform(e -> DomainException.notFound("Worker", workerId)).chain(identity -> identity.worker() == null
                                ? Uni.createFrom().failure(DomainException.notFound("Worker", workerId))
                                : organizations.enterpriseInScope(caller, identity.worker().enterpriseId,
                                        () -> DomainException.notFound("Worker", workerId)).replaceWithVoid());
        return allowed.chain(() -> Panache.getSession().chain(s -> s.createNativeQuery("select " + PromotionRows.Issued.COLUMNS
                + " from promotion_record where account_id = ?1 order by approved_at desc", Object[].class)
                .setParameter(1, workerId).getResultList()))
                .map(rows -> rows.stream().map(PromotionRows.Issued::of).map(r -> new RecordView(r.id(), r.tradeId(), r.gradeFrom(),
                        r.gradeTo(), SkillGrade.of(r.gradeTo()).title(), r.route(), r.certificateNo(), r.verificationCode(),
                        "/certificates/" + r.certificateNo() + "?code=" + r.verificationCode(), r.approvedAt())).toList());
    }


    private Uni<ApplicationView> application(long id) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select " + PromotionRows.Application.COLUMNS
                + " from promotion_application pa join account a on a.id = pa.account_id where pa.id = ?1", Object[].class)
                .setParameter(1, id).getSingleResult())
                .map(this::applicationView);
    }

    private ApplicationView applicationView(Object[] row) {
        PromotionRows.Application r = PromotionRows.Application.of(row);
        return new ApplicationView(r.id(), r.workerId(), r.workerName(), r.tradeId(), r.gradeFrom(), r.gradeTo(), r.status(),
                read(r.evidence()), r.appliedAt(), r.decidedAt(), r.comment(), r.certificateNo(), null);
    }

    private Uni<Integer> audit(long actor, String action, String subject, String detail) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into audit_log (actor_id, action, subject, detail)"
                + " values (?1, ?2, ?3, ?4)").setParameter(1, actor).setParameter(2, action).setParameter(3, subject)
                .setParameter(4, detail == null ? "" : detail).executeUpdate());
    }

    private String write(Evidence evidence) {
        try {
            return json.writeValueAsString(evidence);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Evidence read(String evidence) {
        try {
            return json.readValue(evidence, Evidence.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String CERTIFICATE = """
            from promotion_record r
            join account a on a.id = r.account_id
            join trade t on t.id = r.trade_id
            join industry i on i.id = t.industry_id
            join worker w on w.account_id = r.account_id
            join enterprise e on e.id = w.enterprise_id
            join region county on county.id = e.region_id
            join region city on city.id = county.parent_id
            join region province on province.id = city.parent_id
            """;

    @WithSession
    public Uni<PromotionViews.CertificateView> certificateByNumber(String number) {
        return certificate("r.certificate_no = ?1", number);
    }

    @WithSession
    public Uni<PromotionViews.CertificateView> certificateByCode(String code) {
        return certificate("r.verification_code = ?1", code);
    }

    private Uni<PromotionViews.CertificateView> certificate(String where, String value) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select " + PromotionRows.Certificate.COLUMNS + " " + CERTIFICATE
                + " where " + where, Object[].class).setParameter(1, value).getResultList()).map(rows -> {
                    if (rows.isEmpty()) {
                        return null;
                    }
                    PromotionRows.Certificate r = PromotionRows.Certificate.of(rows.get(0));
                    SkillGrade grade = SkillGrade.of(r.grade());
                    String url = config.publicUrl() + "/verify/" + r.verificationCode();
                    return new PromotionViews.CertificateView(r.name(), maskName(r.name()),
                            r.phone().substring(0, 3) + "****" + r.phone().substring(7), r.industry(), r.trade(), grade.levelName(),
                            grade.title(), r.certificateNo(),
                            java.time.format.DateTimeFormatter.ofPattern("yyyy年M月d日").format(r.approvedAt().atZone(config.zone())),
                            r.province() + "总工会", "ONLINE_EXAM".equals(r.route()) ? "线上理论考核（闯关考核）" : "职业技能竞赛",
                            r.verificationCode(), url, QrCodes.svg(url));
                });
    }

    /** 王志强 → 王*强, 李娜 → 李*. */
    static String maskName(String name) {
        if (name.length() <= 1) {
            return "*";
        }
        return name.charAt(0) + "*".repeat(Math.max(1, name.length() - 2)) + (name.length() > 2 ? name.substring(name.length() - 1) : "");
    }
}
