package io.chuangguan.contest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.challenge.Paper;
import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.Violation;
import io.chuangguan.contest.ContestRequests.BulkRegistration;
import io.chuangguan.contest.ContestRequests.ContestDraft;
import io.chuangguan.contest.ContestRequests.PaperByHand;
import io.chuangguan.contest.ContestRequests.PaperByRule;
import io.chuangguan.contest.ContestRequests.TeamRegistration;
import io.chuangguan.contest.ContestViews.BulkOutcome;
import io.chuangguan.contest.ContestViews.ContestView;
import io.chuangguan.contest.ContestViews.DrawTeam;
import io.chuangguan.contest.ContestViews.DrawView;
import io.chuangguan.contest.ContestViews.Mine;
import io.chuangguan.contest.ContestViews.MonitorRow;
import io.chuangguan.contest.ContestViews.MonitorView;
import io.chuangguan.contest.ContestViews.Refused;
import io.chuangguan.contest.ContestViews.Registration;
import io.chuangguan.contest.Contests.ContestRow;
import io.chuangguan.level.DrawRule;
import io.chuangguan.questionbank.Candidate;
import io.chuangguan.questionbank.QuestionBankService;
import io.chuangguan.questionbank.QuestionPool;
import io.chuangguan.questionbank.WithheldQuestions;
import io.chuangguan.union.UnitDirectory;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A contest from its definition to the draw: the organiser defines it and opens registration, a trainer of the trade
 * composes its paper (frozen once the window opens), workers register (or their unit's admin registers them, or the
 * unit's team), and for a team contest the close freezes the rosters and commits the seed, which the draw reveals.
 */
@ApplicationScoped
public class ContestService {

    private final Pool pool;
    private final Contests contests;
    private final UnitDirectory units;
    private final QuestionBankService bank;
    private final WithheldQuestions withheld;

    public ContestService(Pool pool, Contests contests, UnitDirectory units, QuestionBankService bank, WithheldQuestions withheld) {
        this.pool = pool;
        this.contests = contests;
        this.units = units;
        this.bank = bank;
        this.withheld = withheld;
    }

    // ---------------------------------------------------------------- definition

    public Uni<ContestView> create(Caller caller, ContestDraft d) {
        return checkDraft(caller, d).chain(() -> pool.preparedQuery("""
                insert into contest (name, tier, organiser_kind, organiser_id, trade_id, format, registration_opens, registration_closes,
                                     starts_at, ends_at, duration_seconds, attempts_allowed, qualify_count, promote_top, team_drawn,
                                     team_named, qualifies_from, created_by)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) returning id""")
                .execute(draftTuple(d).addLong(caller.accountId())))
                .chain(rows -> contests.get(rows.iterator().next().getLong(0))).map(c -> view(c, null));
    }

    /** Changes the definition while the contest is a DRAFT. */
    public Uni<ContestView> update(Caller caller, long id, ContestDraft d) {
        return contests.organised(caller, id).chain(c -> checkDraft(caller, d).chain(() -> pool.withTransaction(tx -> contests.lock(tx, id)
                .chain(locked -> {
                    if (!locked.phase().equals("DRAFT")) {
                        throw Contests.wrongState(locked, locked.state(contests.now()), "a DRAFT");
                    }
                    return tx.preparedQuery("""
                            update contest set name = $1, tier = $2, organiser_kind = $3, organiser_id = $4, trade_id = $5, format = $6,
                                registration_opens = $7, registration_closes = $8, starts_at = $9, ends_at = $10, duration_seconds = $11,
                                attempts_allowed = $12, qualify_count = $13, promote_top = $14, team_drawn = $15, team_named = $16,
                                qualifies_from = $17
                            where id = $18""").execute(draftTuple(d).addLong(id));
                })))).chain(() -> contests.get(id)).map(c -> view(c, null));
    }

    private static Tuple draftTuple(ContestDraft d) {
        String[] organiser = d.organiser().split(":");
        boolean team = d.format().equals("TEAM");
        return Tuple.from(java.util.Arrays.asList(d.name().strip(), d.tier(), organiser[0].equals("enterprise") ? "E" : "R",
                Long.parseLong(organiser[1]), d.tradeId(), d.format(), Contests.utc(d.registrationOpens()),
                Contests.utc(d.registrationCloses()), Contests.utc(d.startsAt()), Contests.utc(d.endsAt()), d.durationSeconds(),
                (short) (d.attemptsAllowed() == null ? 1 : d.attemptsAllowed().intValue()), d.qualifyCount() == null ? 0 : d.qualifyCount(),
                d.promoteTop() == null ? 0 : d.promoteTop(), team ? d.teamDrawn() : null, team && d.teamNamed() != null ? d.teamNamed() : 0,
                d.qualifiesFrom()));
    }

    /** The windows in order, the organiser in the caller's scope and of the tier's level, the trade known: else 400/404. */
    private Uni<Void> checkDraft(Caller caller, ContestDraft d) {
        List<Violation> violations = new ArrayList<>();
        if (!d.registrationOpens().isBefore(d.registrationCloses())) {
            violations.add(new Violation("registrationCloses", "must be after registrationOpens"));
        }
        if (d.startsAt().isBefore(d.registrationCloses())) {
            violations.add(new Violation("startsAt", "must not be before registrationCloses"));
        }
        if (!d.startsAt().isBefore(d.endsAt())) {
            violations.add(new Violation("endsAt", "must be after startsAt"));
        }
        if (d.endsAt().getEpochSecond() - d.startsAt().getEpochSecond() > 6 * 86_400L) {
            violations.add(new Violation("endsAt", "a contest's window is at most 6 days"));
        }
        if (d.format().equals("TEAM") && d.teamDrawn() == null) {
            violations.add(new Violation("teamDrawn", "a TEAM contest draws at least one member per team"));
        }
        if (!d.organiser().matches("(region|enterprise):\\d{1,18}")) {
            violations.add(new Violation("organiser", "must be region:ID or enterprise:ID"));
        }
        if (!violations.isEmpty()) {
            return Uni.createFrom().failure(new DomainException(400, "validation", "Invalid request", "The request has invalid fields",
                    violations));
        }
        return units.resolve(caller, d.organiser()).chain(placed -> {
            UnitDirectory.PathStep last = placed.path().get(placed.path().size() - 1);
            String level = d.organiser().startsWith("enterprise") ? "ENTERPRISE" : last.level();
            if (!d.tier().equals(level)) {
                return Uni.createFrom().failure(new DomainException(400, "validation", "Invalid request", "The request has invalid fields",
                        List.of(new Violation("tier", "a " + d.tier() + " contest is organised by a unit of that level, not a " + level))));
            }
            return pool.preparedQuery("select 1 from trade where id = $1").execute(Tuple.of(d.tradeId())).invoke(rows -> {
                if (rows.size() == 0) {
                    throw DomainException.notFound("Trade", d.tradeId());
                }
            }).chain(() -> d.qualifiesFrom() == null ? Uni.createFrom().voidItem() : checkQualifying(caller, d));
        });
    }

    static final List<String> TIERS = List.of("ENTERPRISE", "COUNTY", "CITY", "PROVINCE");

    /** The contest whose qualifiers may enter: one the caller sees, of the same trade and a lower tier. */
    private Uni<Void> checkQualifying(Caller caller, ContestDraft d) {
        return contests.visible(caller, d.qualifiesFrom()).invoke(from -> {
            String problem = from.tradeId() != d.tradeId() ? "must be a contest of the same trade"
                    : TIERS.indexOf(from.tier()) >= TIERS.indexOf(d.tier()) ? "must be a contest of a lower tier" : null;
            if (problem != null) {
                throw new DomainException(400, "validation", "Invalid request", "The request has invalid fields",
                        List.of(new Violation("qualifiesFrom", problem)));
            }
        }).replaceWithVoid();
    }

    /** Whether the worker may enter a contest that only the qualifiers of another one enter. */
    private Uni<Boolean> qualified(ContestRow c, long account) {
        return c.qualifiesFrom() == null ? Uni.createFrom().item(true)
                : pool.preparedQuery("select exists (select 1 from contest_placing where contest_id = $1 and account_id = $2 and qualified)")
                        .execute(Tuple.of(c.qualifiesFrom(), account)).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** DRAFT → REGISTRATION. */
    public Uni<ContestView> publish(Caller caller, long id) {
        return move(caller, id, c -> {
            if (!c.phase().equals("DRAFT")) {
                throw Contests.wrongState(c, c.state(contests.now()), "a DRAFT");
            }
            return "update contest set phase = 'REGISTRATION' where id = $1";
        });
    }

    private Uni<ContestView> move(Caller caller, long id, java.util.function.Function<ContestRow, String> statement) {
        return contests.organised(caller, id).chain(() -> pool.withTransaction(tx -> contests.lock(tx, id)
                .chain(c -> tx.preparedQuery(statement.apply(c)).execute(Tuple.of(id)))))
                .chain(() -> contests.get(id)).map(c -> view(c, null));
    }

    ContestView view(ContestRow c, Mine mine) {
        return new ContestView(c.id(), c.name(), c.tier(), c.organiserKey(), c.organiserName(), c.tradeId(), c.tradeName(), c.format(),
                c.registrationOpens(),
                c.registrationCloses(), c.startsAt(), c.endsAt(), c.durationSeconds(), c.attemptsAllowed(), c.qualifyCount(), c.promoteTop(),
                c.teamDrawn(), c.teamNamed(), c.state(contests.now()), contests.now(), c.paperSize(), c.qualifiesFrom(), mine);
    }

    /** The contests the caller organises (a union admin's scope; every one for a system admin). */
    public Uni<List<ContestView>> organised(Caller caller) {
        if (caller.is(Caller.SYSTEM_ADMIN)) {
            return contests.list("true", Tuple.tuple()).map(list -> list.stream().map(c -> view(c, null)).toList());
        }
        return units.resolve(caller, null).chain(home -> {
            UnitDirectory.PathStep own = home.path().get(home.path().size() - 1);
            // the organising units within the caller's: their own, and for a region every region and enterprise below it
            String where = own.kind() == io.chuangguan.union.UnitRef.Kind.ENTERPRISE
                    ? "c.organiser_kind = 'E' and c.organiser_id = $1"
                    : "(c.organiser_kind = 'R' and c.organiser_id in (with recursive sub as (select id from region where id = $1"
                            + " union all select r.id from region r join sub on r.parent_id = sub.id) select id from sub))"
                            + " or (c.organiser_kind = 'E' and c.organiser_id in (select ep.enterprise_id from enterprise_place ep"
                            + " where $1 in (ep.county_id, ep.city_id, ep.province_id)))";
            return contests.list(where, Tuple.of(own.id())).map(list -> list.stream().map(c -> view(c, null)).toList());
        });
    }

    // ---------------------------------------------------------------- the paper

    /** A trainer of the trade's industry composes the paper by hand: the questions' published versions are frozen. */
    public Uni<ContestView> composeByHand(Caller caller, long id, PaperByHand request) {
        List<Long> ids = request.questionIds();
        if (new HashSet<>(ids).size() != ids.size()) {
            return Uni.createFrom().failure(new DomainException(400, "validation", "Invalid request", "The request has invalid fields",
                    List.of(new Violation("questionIds", "a question appears twice"))));
        }
        return composable(caller, id).chain(c -> bank.publishedCandidates(c.tradeId(), QuestionPool.LEARNING)
                .chain(learning -> bank.publishedCandidates(c.tradeId(), QuestionPool.EXAM).map(exam -> {
                    Map<Long, Candidate> byQuestion = new HashMap<>();
                    learning.forEach(q -> byQuestion.put(q.questionId(), q));
                    exam.forEach(q -> byQuestion.put(q.questionId(), q));
                    List<Violation> violations = new ArrayList<>();
                    List<Candidate> chosen = new ArrayList<>();
                    for (int i = 0; i < ids.size(); i++) {
                        Candidate q = byQuestion.get(ids.get(i));
                        if (q == null) {
                            violations.add(new Violation("questionIds[" + i + "]", "is no published question of the contest's trade"));
                        } else {
                            chosen.add(q);
                        }
                    }
                    if (!violations.isEmpty()) {
                        throw DomainException.unprocessable("The paper names questions the trade does not have", violations);
                    }
                    return chosen;
                })).chain(chosen -> writePaper(c, chosen)));
    }

    /** A trainer composes the paper by the level editor's rules: the draw a level would make, once, frozen. */
    public Uni<ContestView> composeByRule(Caller caller, long id, PaperByRule request) {
        DrawRule rule;
        try {
            rule = DrawRule.parseCached(request.drawRule());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(new DomainException(400, "validation", "Invalid request", "The request has invalid fields",
                    List.of(new Violation("drawRule", "is no draw rule: " + e.getMessage()))));
        }
        return composable(caller, id).chain(c -> bank.publishedCandidates(c.tradeId(), QuestionPool.LEARNING).chain(pool -> {
            List<Candidate> chosen = Paper.sample(pool, rule, request.grade(), request.count(), new java.security.SecureRandom().nextLong());
            if (chosen.isEmpty()) {
                return Uni.createFrom().failure(DomainException.conflict("empty-question-bank", "The trade has no published questions"));
            }
            return writePaper(c, chosen);
        }));
    }

    /** The contest if the caller is a trainer of its trade's industry and the window has not opened: else 404 / 409. */
    private Uni<ContestRow> composable(Caller caller, long id) {
        if (!caller.is(Caller.TRAINER)) {
            return Uni.createFrom().failure(DomainException.forbidden("Only a trainer of the trade composes a contest's paper"));
        }
        return contests.get(id).call(c -> pool.preparedQuery("select industry_id from trade where id = $1").execute(Tuple.of(c.tradeId()))
                .invoke(rows -> {
                    if (!caller.industryIds().contains(rows.iterator().next().getLong(0))) {
                        throw DomainException.notFound("Contest", id);
                    }
                    String state = c.state(contests.now());
                    if (!contests.now().isBefore(c.startsAt()) || state.equals("FINAL")) {
                        throw DomainException.conflict("paper-frozen", "The paper froze when the contest's window opened");
                    }
                }));
    }

    private Uni<ContestView> writePaper(ContestRow c, List<Candidate> chosen) {
        Long[] questions = chosen.stream().map(Candidate::questionId).toArray(Long[]::new);
        Long[] versions = chosen.stream().map(Candidate::versionId).toArray(Long[]::new);
        return pool.withTransaction(tx -> contests.lock(tx, c.id()).chain(locked -> {
            if (!contests.now().isBefore(locked.startsAt())) {
                throw DomainException.conflict("paper-frozen", "The paper froze when the contest's window opened");
            }
            return tx.preparedQuery("delete from contest_paper where contest_id = $1").execute(Tuple.of(c.id()))
                    .chain(() -> tx.preparedQuery("insert into contest_paper (contest_id, position, question_id, version_id)"
                            + " select $1, (u.ord - 1)::smallint, u.q, u.v from unnest($2::bigint[], $3::bigint[]) with ordinality as u(q, v, ord)")
                            .execute(Tuple.of(c.id(), questions, versions)));
        })).invoke(() -> withheld.invalidate(c.tradeId())).chain(() -> contests.get(c.id())).map(x -> view(x, null));
    }

    // ---------------------------------------------------------------- registration

    /** A worker registers themself, within the registration window, for an INDIVIDUAL contest. */
    public Uni<ContestView> register(Caller caller, long id) {
        return contests.visibleToWorker(caller, id).chain(c -> {
            requireRegistrationOpen(c);
            if (c.team()) {
                throw DomainException.conflict("team-contest", "A team contest's members are its units' rosters, drawn at random");
            }
            return qualified(c, caller.accountId()).chain(qualified -> {
                if (!qualified) {
                    throw DomainException.forbidden("Only the qualifiers of contest " + c.qualifiesFrom() + " enter this contest");
                }
                return pool.preparedQuery("insert into contest_registration (contest_id, account_id, enterprise_id, registered_by)"
                        + " values ($1, $2, $3, $2) on conflict do nothing").execute(Tuple.of(id, caller.accountId(), caller.enterpriseId()));
            }).chain(() -> mine(caller, c)).map(mine -> view(c, mine));
        });
    }

    private void requireRegistrationOpen(ContestRow c) {
        Instant now = contests.now();
        if (!c.phase().equals("REGISTRATION") || now.isBefore(c.registrationOpens()) || !now.isBefore(c.registrationCloses())) {
            throw DomainException.conflict("registration-closed", "Registration for this contest is not open");
        }
    }

    /** A unit's admin registers workers of the trade in their scope and the organiser's; each refusal says why. */
    public Uni<BulkOutcome> registerBulk(Caller caller, long id, BulkRegistration request) {
        return contests.visible(caller, id).chain(c -> {
            requireRegistrationOpen(c);
            if (c.team()) {
                throw DomainException.conflict("team-contest", "A team contest registers units, not workers");
            }
            Long[] ids = request.accountIds().stream().distinct().toArray(Long[]::new);
            return pool.preparedQuery("""
                    select u.id, w.enterprise_id, w.trade_id,
                           exists (select 1 from contest_registration r where r.contest_id = $2 and r.account_id = u.id),
                           $3::bigint is null or exists (select 1 from contest_placing p where p.contest_id = $3 and p.account_id = u.id
                                                         and p.qualified)
                    from unnest($1::bigint[]) as u(id) left join worker w on w.account_id = u.id""")
                    .execute(Tuple.of(ids, id, c.qualifiesFrom()))
                    .chain(rows -> {
                        List<Row> list = new ArrayList<>();
                        rows.forEach(list::add);
                        return checkEach(caller, c, list);
                    });
        });
    }

    private Uni<BulkOutcome> checkEach(Caller caller, ContestRow c, List<Row> rows) {
        List<Long> registered = new ArrayList<>();
        List<Long> already = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        List<Row> candidates = new ArrayList<>();
        for (Row r : rows) {
            long account = r.getLong(0);
            if (r.getLong(1) == null) {
                refused.add(new Refused(account, "is no worker"));
            } else if (r.getLong(2) != c.tradeId()) {
                refused.add(new Refused(account, "works in another trade"));
            } else if (r.getBoolean(3)) {
                already.add(account);
            } else if (!r.getBoolean(4)) {
                refused.add(new Refused(account, "did not qualify in contest " + c.qualifiesFrom()));
            } else {
                candidates.add(r);
            }
        }
        // each enterprise checked once, one after another: a stream, not a chain of thousands of nested steps (whose
        // subscription would run as deep on the event loop's stack)
        Map<Long, Boolean> enterpriseOk = new HashMap<>();
        Uni<Void> checks = Multi.createFrom().iterable(candidates.stream().map(r -> r.getLong(1)).distinct().toList())
                .onItem().transformToUniAndConcatenate(enterprise -> contests.administers(caller, enterprise)
                        .chain(mine -> contests.inScope(pool, c, enterprise).invoke(in -> enterpriseOk.put(enterprise, mine && in))))
                .collect().last().replaceWithVoid();
        return checks.chain(() -> {
            List<Long> accepted = new ArrayList<>();
            List<Long> acceptedUnits = new ArrayList<>();
            for (Row r : candidates) {
                if (enterpriseOk.get(r.getLong(1))) {
                    accepted.add(r.getLong(0));
                    acceptedUnits.add(r.getLong(1));
                } else {
                    refused.add(new Refused(r.getLong(0), "is not in your scope and the contest's"));
                }
            }
            if (accepted.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            // the accepted in one statement: thousands of workers are one round trip
            return pool.preparedQuery("""
                    insert into contest_registration (contest_id, account_id, enterprise_id, registered_by)
                    select $1, u.account, u.enterprise, $4 from unnest($2::bigint[], $3::bigint[]) as u(account, enterprise)
                    on conflict do nothing returning account_id""")
                    .execute(Tuple.of(c.id(), accepted.toArray(Long[]::new), acceptedUnits.toArray(Long[]::new), caller.accountId()))
                    .invoke(inserted -> {
                        java.util.Set<Long> fresh = new java.util.HashSet<>();
                        inserted.forEach(r -> fresh.add(r.getLong(0)));
                        // one registered meanwhile by someone else is already registered
                        accepted.forEach(account -> (fresh.contains(account) ? registered : already).add(account));
                    }).replaceWithVoid();
        }).map(v -> new BulkOutcome(registered, already, refused));
    }

    /** A unit's admin enters their enterprise as a team, naming up to {@code teamNamed} members of the trade. */
    public Uni<DrawView> registerTeam(Caller caller, long id, TeamRegistration request) {
        long enterprise = request.enterpriseId();
        List<Long> named = request.named() == null ? List.of() : request.named().stream().distinct().toList();
        return contests.visible(caller, id).chain(c -> {
            requireRegistrationOpen(c);
            if (!c.team()) {
                throw DomainException.conflict("individual-contest", "An individual contest registers workers, not teams");
            }
            if (named.size() > c.teamNamed()) {
                throw new DomainException(400, "validation", "Invalid request", "The request has invalid fields",
                        List.of(new Violation("named", "a team names at most " + c.teamNamed() + " members")));
            }
            return contests.administers(caller, enterprise).chain(mine -> contests.inScope(pool, c, enterprise).chain(in -> {
                if (!mine || !in) {
                    throw DomainException.notFound("Enterprise", enterprise);
                }
                return pool.preparedQuery("select count(*) from worker where account_id = any($1) and enterprise_id = $2 and trade_id = $3")
                        .execute(Tuple.of(named.toArray(Long[]::new), enterprise, c.tradeId()));
            })).chain(rows -> {
                if (rows.iterator().next().getLong(0) != named.size()) {
                    throw DomainException.unprocessable("The named members must be workers of the trade in the enterprise",
                            List.of(new Violation("named", "holds someone who is not a worker of the trade in the enterprise")));
                }
                return pool.withTransaction(tx -> tx.preparedQuery("insert into contest_team (contest_id, enterprise_id, registered_by)"
                        + " values ($1, $2, $3) on conflict do nothing").execute(Tuple.of(id, enterprise, caller.accountId()))
                        .chain(() -> tx.preparedQuery("delete from contest_roster where contest_id = $1 and enterprise_id = $2")
                                .execute(Tuple.of(id, enterprise)))
                        .chain(() -> tx.preparedQuery("insert into contest_roster (contest_id, enterprise_id, account_id, named)"
                                + " select $1, $2, unnest($3::bigint[]), true").execute(Tuple.of(id, enterprise, named.toArray(Long[]::new)))));
            }).chain(() -> drawView(caller, id));
        });
    }

    /** The registrations (an INDIVIDUAL contest) or the roster members (a TEAM one) the caller may see. */
    public Uni<List<Registration>> registrations(Caller caller, long id) {
        return contests.visible(caller, id).chain(c -> contests.organises(caller, c).chain(organiser -> {
            Long ownEnterprise = caller.scopeEnterpriseId();
            Long ownRegion = caller.scopeRegionId();
            if (!organiser && ownEnterprise == null && ownRegion == null) {
                throw DomainException.notFound("Contest", id);
            }
            // the organiser sees everyone; a unit's admin inside the organiser's scope, the entrants of their unit
            String unit = organiser ? "" : ownEnterprise != null ? " and x.enterprise_id = $2"
                    : " and exists (select 1 from enterprise_place ep where ep.enterprise_id = x.enterprise_id"
                            + " and $2 in (ep.county_id, ep.city_id, ep.province_id))";
            String sql = c.team()
                    ? "select x.account_id, a.display_name, a.phone, x.enterprise_id, e.name, null::timestamptz,"
                            + " case when x.named then 'NAMED' when x.drawn then 'DRAWN' else 'ROSTER' end"
                            + " from contest_roster x join account a on a.id = x.account_id join enterprise e on e.id = x.enterprise_id"
                            + " where x.contest_id = $1" + unit + " order by e.name, x.account_id"
                    : "select x.account_id, a.display_name, a.phone, x.enterprise_id, e.name, x.registered_at, null"
                            + " from contest_registration x join account a on a.id = x.account_id join enterprise e on e.id = x.enterprise_id"
                            + " where x.contest_id = $1" + unit + " order by x.registered_at, x.account_id";
            return pool.preparedQuery(sql).execute(organiser ? Tuple.of(id) : Tuple.of(id, ownEnterprise != null ? ownEnterprise : ownRegion))
                    .map(rows -> {
                List<Registration> list = new ArrayList<>();
                for (Row r : rows) {
                    list.add(new Registration(r.getLong(0), r.getString(1), mask(r.getString(2)), r.getLong(3), r.getString(4),
                            Contests.instant(r, 5), r.getString(6)));
                }
                return list;
            });
        }));
    }

    static String mask(String phone) {
        return phone == null || phone.length() < 7 ? phone : phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
    }

    // ---------------------------------------------------------------- close and draw

    /**
     * Closes registration (not before its time): a TEAM contest's rosters (every worker of the trade in each unit) are
     * frozen with their hashes, and the draw's seed is chosen and its commitment published.
     */
    public Uni<DrawView> close(Caller caller, long id) {
        return contests.organised(caller, id).chain(() -> pool.withTransaction(tx -> contests.lock(tx, id).chain(c -> {
            if (!c.phase().equals("REGISTRATION")) {
                throw Contests.wrongState(c, c.state(contests.now()), "in REGISTRATION");
            }
            if (contests.now().isBefore(c.registrationCloses())) {
                throw DomainException.conflict("registration-open", "Registration closes at " + c.registrationCloses());
            }
            if (!c.team()) {
                return tx.preparedQuery("update contest set phase = 'CLOSED', closed_at = now() where id = $1").execute(Tuple.of(id))
                        .replaceWithVoid();
            }
            String seed = ContestDraw.newSeed();
            return tx.preparedQuery("""
                    insert into contest_roster (contest_id, enterprise_id, account_id)
                    select t.contest_id, t.enterprise_id, w.account_id from contest_team t
                    join worker w on w.enterprise_id = t.enterprise_id and w.trade_id = $2
                    where t.contest_id = $1
                    on conflict do nothing""").execute(Tuple.of(id, c.tradeId()))
                    .chain(() -> tx.preparedQuery("select enterprise_id, array_agg(account_id order by account_id) from contest_roster"
                            + " where contest_id = $1 group by 1").execute(Tuple.of(id)))
                    .chain(rosters -> {
                        Uni<Void> writes = Uni.createFrom().voidItem();
                        for (Row r : rosters) {
                            long enterprise = r.getLong(0);
                            List<Long> roster = List.of(r.getArrayOfLongs(1));
                            writes = writes.chain(() -> tx.preparedQuery("update contest_team set roster_size = $3, roster_hash = $4"
                                    + " where contest_id = $1 and enterprise_id = $2")
                                    .execute(Tuple.of(id, enterprise, roster.size(), ContestDraw.rosterHash(roster))).replaceWithVoid());
                        }
                        return writes;
                    })
                    .chain(() -> tx.preparedQuery("update contest set phase = 'CLOSED', closed_at = now(), seed = $2, seed_commitment = $3"
                            + " where id = $1").execute(Tuple.of(id, seed, ContestDraw.commitment(seed))).replaceWithVoid());
        }))).chain(() -> drawView(caller, id));
    }

    /** Reveals the seed and draws each team's members from its frozen roster (a TEAM contest, once closed). */
    public Uni<DrawView> draw(Caller caller, long id) {
        return contests.organised(caller, id).chain(() -> pool.withTransaction(tx -> contests.lock(tx, id).chain(c -> {
            if (!c.team() || !c.phase().equals("CLOSED")) {
                throw Contests.wrongState(c, c.state(contests.now()), "a closed TEAM contest");
            }
            if (!contests.now().isBefore(c.endsAt())) {
                throw DomainException.conflict("contest-over", "The contest's window is over");
            }
            return tx.preparedQuery("select enterprise_id, array_agg(account_id order by account_id) filter (where not named)"
                    + " from contest_roster where contest_id = $1 group by 1").execute(Tuple.of(id)).chain(teams -> {
                        List<Long> drawn = new ArrayList<>();
                        for (Row r : teams) {
                            Long[] candidates = r.getArrayOfLongs(1);
                            drawn.addAll(ContestDraw.draw(c.seed(), r.getLong(0), candidates == null ? List.of() : List.of(candidates),
                                    c.teamDrawn()));
                        }
                        return tx.preparedQuery("update contest_roster set drawn = true where contest_id = $1 and account_id = any($2)")
                                .execute(Tuple.of(id, drawn.toArray(Long[]::new)));
                    }).chain(() -> tx.preparedQuery("update contest set phase = 'DRAWN', drawn_at = now() where id = $1").execute(Tuple.of(id)));
        }))).chain(() -> drawView(caller, id));
    }

    /**
     * The published draw: the commitment from the close, the seed once drawn, each team's frozen roster (account ids)
     * with its hash, the named and the drawn members, and whether the roster still hashes to what was published.
     */
    public Uni<DrawView> drawView(Caller caller, long id) {
        return contests.visible(caller, id).chain(c -> pool.preparedQuery("""
                select t.enterprise_id, e.name, t.roster_size, t.roster_hash,
                       coalesce(array_agg(x.account_id order by x.account_id) filter (where x.account_id is not null), '{}'),
                       coalesce(array_agg(x.account_id order by x.account_id) filter (where x.named), '{}'),
                       coalesce(array_agg(x.account_id order by x.account_id) filter (where x.drawn), '{}')
                from contest_team t join enterprise e on e.id = t.enterprise_id
                left join contest_roster x on x.contest_id = t.contest_id and x.enterprise_id = t.enterprise_id
                where t.contest_id = $1 group by 1, 2, 3, 4 order by 1""").execute(Tuple.of(id)).map(rows -> {
                    boolean frozen = c.closedAt() != null;
                    List<DrawTeam> teams = new ArrayList<>();
                    for (Row r : rows) {
                        List<Long> roster = List.of(r.getArrayOfLongs(4));
                        teams.add(new DrawTeam(r.getLong(0), r.getString(1), r.getInteger(2) == null ? roster.size() : r.getInteger(2),
                                r.getString(3), frozen ? roster : List.of(), List.of(r.getArrayOfLongs(5)), List.of(r.getArrayOfLongs(6)),
                                frozen && r.getString(3) != null ? ContestDraw.rosterHash(roster).equals(r.getString(3)) : null));
                    }
                    return new DrawView(c.id(), c.state(contests.now()), c.seedCommitment(), c.drawnAt() == null ? null : c.seed(),
                            c.closedAt(), c.drawnAt(), c.teamDrawn() == null ? 0 : c.teamDrawn(), ContestDraw.ALGORITHM, teams);
                }));
    }

    // ---------------------------------------------------------------- the worker's list and monitoring

    /** The contests open to the worker (their trade, their enterprise in the organiser's scope), with their part in each. */
    public Uni<List<ContestView>> forWorker(Caller caller) {
        if (caller.enterpriseId() == null || caller.tradeId() == null) {
            return Uni.createFrom().item(List.of());
        }
        return contests.list("""
                c.phase <> 'DRAFT' and c.trade_id = $1 and exists (select 1 from enterprise_place ep where ep.enterprise_id = $2
                    and ((c.organiser_kind = 'E' and c.organiser_id = ep.enterprise_id)
                         or (c.organiser_kind = 'R' and c.organiser_id in (ep.county_id, ep.city_id, ep.province_id))))""",
                Tuple.of(caller.tradeId(), caller.enterpriseId())).chain(list -> {
                    if (list.isEmpty()) {
                        return Uni.createFrom().item(List.<ContestView>of());
                    }
                    return mineAll(caller, list).map(mine -> list.stream().map(c -> view(c, mine.get(c.id()))).toList());
                });
    }

    /** One contest: a worker's with their part in it; an admin's in reach; a trainer's of their industries' trades. */
    public Uni<ContestView> viewFor(Caller caller, long id) {
        if (caller.is(Caller.WORKER)) {
            return contests.visibleToWorker(caller, id).chain(c -> mine(caller, c).map(mine -> view(c, mine)));
        }
        if (caller.is(Caller.TRAINER) && !caller.is(Caller.UNION_ADMIN) && !caller.is(Caller.SYSTEM_ADMIN)) {
            return contests.get(id).call(c -> pool.preparedQuery("select industry_id from trade where id = $1").execute(Tuple.of(c.tradeId()))
                    .invoke(rows -> {
                        if (!caller.industryIds().contains(rows.iterator().next().getLong(0))) {
                            throw DomainException.notFound("Contest", id);
                        }
                    })).map(c -> view(c, null));
        }
        return contests.visible(caller, id).map(c -> view(c, null));
    }

    Uni<Mine> mine(Caller caller, ContestRow c) {
        return mineAll(caller, List.of(c)).map(m -> m.get(c.id()));
    }

    /** The worker's part in each contest, in one read. */
    Uni<Map<Long, Mine>> mineAll(Caller caller, List<ContestRow> list) {
        Long[] ids = list.stream().map(ContestRow::id).toArray(Long[]::new);
        return pool.preparedQuery("""
                select c.id,
                       exists (select 1 from contest_registration r where r.contest_id = c.id and r.account_id = $2),
                       (select case when x.named then 'NAMED' when x.drawn then 'DRAWN' else 'ROSTER' end from contest_roster x
                        where x.contest_id = c.id and x.account_id = $2),
                       (select count(*)::int from contest_entry e where e.contest_id = c.id and e.account_id = $2),
                       (select e.id from contest_entry e where e.contest_id = c.id and e.account_id = $2 and e.status = 'OPEN'),
                       (select max(e.score)::int from contest_entry e where e.contest_id = c.id and e.account_id = $2 and e.status = 'SUBMITTED'),
                       p.place, coalesce(p.qualified, false), p.certificate_no, p.award_no, p.award_code,
                       (select k.qualifies_from is null or exists (select 1 from contest_placing q where q.contest_id = k.qualifies_from
                                                                   and q.account_id = $2 and q.qualified)
                        from contest k where k.id = c.id),
                       (select array_agg(e.id order by e.run_no) from contest_entry e where e.contest_id = c.id and e.account_id = $2)
                from unnest($1::bigint[]) as c(id)
                left join contest_placing p on p.contest_id = c.id and p.account_id = $2""").execute(Tuple.of(ids, caller.accountId()))
                .map(rows -> {
                    Map<Long, Mine> byId = new LinkedHashMap<>();
                    Map<Long, ContestRow> contestsById = new HashMap<>();
                    list.forEach(c -> contestsById.put(c.id(), c));
                    Instant now = contests.now();
                    for (Row r : rows) {
                        ContestRow c = contestsById.get(r.getLong(0));
                        boolean registered = r.getBoolean(1);
                        boolean mayRegister = !c.team() && !registered && r.getBoolean(11) && c.phase().equals("REGISTRATION")
                                && !now.isBefore(c.registrationOpens()) && now.isBefore(c.registrationCloses());
                        byId.put(c.id(), new Mine(registered, mayRegister, r.getString(2), r.getInteger(3), r.getLong(4), r.getInteger(5),
                                r.getInteger(6), r.getBoolean(7), r.getString(8), ContestResults.awardUrl(r.getString(9), r.getString(10)),
                                r.getArrayOfLongs(12) == null ? List.of() : List.of(r.getArrayOfLongs(12))));
                    }
                    return byId;
                });
    }

    /**
     * Registered, started and submitted entrants by unit, for the organiser while the contest runs; {@code tooFast} those
     * whose run came in under the answer-time floor (kept, not counted).
     */
    public Uni<MonitorView> monitor(Caller caller, long id) {
        return contests.organised(caller, id).chain(c -> pool.preparedQuery("""
                with entrants as (
                    select account_id, enterprise_id from contest_registration where contest_id = $1 and not $2
                    union all
                    select account_id, enterprise_id from contest_roster where contest_id = $1 and $2 and (named or drawn))
                select n.enterprise_id, e.name, count(*)::int,
                       count(*) filter (where exists (select 1 from contest_entry x where x.contest_id = $1 and x.account_id = n.account_id))::int,
                       count(*) filter (where exists (select 1 from contest_entry x where x.contest_id = $1 and x.account_id = n.account_id
                                                      and x.status = 'SUBMITTED'))::int,
                       count(*) filter (where exists (select 1 from contest_entry x where x.contest_id = $1 and x.account_id = n.account_id
                                                      and x.status = 'TOO_FAST'))::int
                from entrants n join enterprise e on e.id = n.enterprise_id group by 1, 2 order by 2""").execute(Tuple.of(id, c.team()))
                .map(rows -> {
                    List<MonitorRow> unitRows = new ArrayList<>();
                    int registered = 0;
                    int started = 0;
                    int submitted = 0;
                    int tooFast = 0;
                    for (Row r : rows) {
                        unitRows.add(new MonitorRow(r.getLong(0), r.getString(1), r.getInteger(2), r.getInteger(3), r.getInteger(4),
                                r.getInteger(5)));
                        registered += r.getInteger(2);
                        started += r.getInteger(3);
                        submitted += r.getInteger(4);
                        tooFast += r.getInteger(5);
                    }
                    return new MonitorView(id, c.state(contests.now()), registered, started, submitted, tooFast, unitRows);
                }));
    }

    /**
     * The unit an entrant runs for, as a column of a statement over {@code contest c} with the account as {@code $2}: their
     * registration's, or in a team contest their roster's if drawn or named; null when they may not run. The unit is the
     * registration's, not the token's: a worker who moves enterprise meanwhile still counts for the team that entered them.
     */
    static final String ENTRANT_UNIT = "case when c.format = 'TEAM' then (select x.enterprise_id from contest_roster x"
            + " where x.contest_id = c.id and x.account_id = $2 and (x.named or x.drawn))"
            + " else (select x.enterprise_id from contest_registration x where x.contest_id = c.id and x.account_id = $2) end";

    static Set<Long> ids(Row r, int column) {
        Long[] ids = r.getArrayOfLongs(column);
        return ids == null ? Set.of() : Set.of(ids);
    }
}
