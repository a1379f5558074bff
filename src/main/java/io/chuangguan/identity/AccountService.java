package io.chuangguan.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;


import io.chuangguan.catalog.CatalogService;
import io.chuangguan.catalog.CatalogViews.TradeView;
import io.chuangguan.catalog.SkillGrade;
import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.Failures;
import io.chuangguan.common.Violation;
import io.chuangguan.identity.IdentityRequests.CreateAccountRequest;
import io.chuangguan.identity.IdentityRequests.WorkerPlacement;
import io.chuangguan.identity.IdentityViews.AccountView;
import io.chuangguan.identity.IdentityViews.IndustryRef;
import io.chuangguan.identity.IdentityViews.ScopeView;
import io.chuangguan.organization.OrganizationService;
import io.chuangguan.organization.OrganizationViews.EnterpriseRef;
import io.chuangguan.organization.OrganizationViews.RegionView;
import io.chuangguan.organization.OrganizationViews.TeamView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AccountService {

    private final PasswordHasher hasher;
    private final CatalogService catalog;
    private final OrganizationService organizations;

    public AccountService(PasswordHasher hasher, CatalogService catalog, OrganizationService organizations) {
        this.hasher = hasher;
        this.catalog = catalog;
        this.organizations = organizations;
    }

    /** Everything a token and a profile are made of. */
    public record Identity(Account account, Worker worker, List<Long> industryIds) {
    }

    @WithSession
    public Uni<Identity> identity(long accountId) {
        return Account.<Account>findById(accountId)
                .onItem().ifNull().failWith(() -> DomainException.notFound("Account", accountId))
                .chain(this::identity);
    }

    @WithSession
    public Uni<Identity> identity(Account account) {
        return Worker.<Worker>findById(account.id).chain(worker -> TrainerIndustry.<TrainerIndustry>list("accountId", account.id)
                .map(rows -> new Identity(account, worker, rows.stream().map(r -> r.industryId).sorted().toList())));
    }

    @WithSession
    public Uni<AccountView> view(Identity identity) {
        Account account = identity.account();
        Worker worker = identity.worker();
        AccountView empty = new AccountView(account.id, account.phone, account.displayName, account.roles,
                null, null, null, null, null, null, null, null);
        return scope(account, identity.industryIds()).chain(scope -> {
            if (worker == null) {
                return Uni.createFrom().item(withScope(empty, scope));
            }
            return organizations.enterprise(worker.enterpriseId).chain(enterprise -> catalog.trade(worker.tradeId)
                    .chain(trade -> (worker.teamId == null ? Uni.createFrom().<TeamView>nullItem()
                            : organizations.team(worker.teamId).map(TeamView::of))
                            .chain(team -> WorkerGrade.<WorkerGrade>find("accountId = ?1 and tradeId = ?2", account.id, worker.tradeId)
                                    .firstResult()
                                    .map(grade -> new AccountView(account.id, account.phone, account.displayName, account.roles,
                                            scope, EnterpriseRef.of(enterprise), team, TradeView.of(trade), worker.tradeSince,
                                            grade == null ? null : (int) grade.grade,
                                            grade == null ? null : SkillGrade.of(grade.grade).title(),
                                            grade == null ? null : grade.obtainedOn)))));
        });
    }

    @WithSession
    public Uni<AccountView> view(long accountId) {
        return identity(accountId).chain(this::view);
    }

    private static AccountView withScope(AccountView v, ScopeView scope) {
        return new AccountView(v.id(), v.phone(), v.displayName(), v.roles(), scope, v.enterprise(), v.team(), v.trade(),
                v.tradeSince(), v.grade(), v.gradeTitle(), v.gradeObtainedOn());
    }

    private Uni<ScopeView> scope(Account account, List<Long> industryIds) {
        Uni<RegionView> region = account.scopeRegionId == null ? Uni.createFrom().nullItem()
                : organizations.region(account.scopeRegionId).map(RegionView::of);
        return region.chain(r -> (account.scopeEnterpriseId == null ? Uni.createFrom().<EnterpriseRef>nullItem()
                : organizations.enterprise(account.scopeEnterpriseId).map(EnterpriseRef::of))
                .chain(e -> catalog.industriesByIds(industryIds).map(industries -> {
                    if (r == null && e == null && industries.isEmpty()) {
                        return null;
                    }
                    return new ScopeView(r, e, industries.stream().map(i -> new IndustryRef(i.id, i.code, i.name)).toList());
                })));
    }

    /** An account another account may read: itself, anyone for a system admin, workers in scope for a union admin. */
    @WithSession
    public Uni<AccountView> viewFor(Caller caller, long accountId) {
        if (caller.accountId() == accountId || caller.is(Caller.SYSTEM_ADMIN)) {
            return view(accountId);
        }
        if (!caller.is(Caller.UNION_ADMIN)) {
            return Uni.createFrom().failure(DomainException.notFound("Account", accountId));
        }
        return identity(accountId).chain(identity -> identity.worker() == null
                ? Uni.createFrom().failure(DomainException.notFound("Account", accountId))
                : organizations.enterpriseInScope(caller, identity.worker().enterpriseId,
                        () -> DomainException.notFound("Account", accountId)).chain(e -> view(identity)));
    }

    /**
     * Creates an account. A system admin may create any; a union admin only workers of an enterprise in its scope.
     */
    @WithSession
    public Uni<AccountView> create(Caller caller, CreateAccountRequest request) {
        return Panache.withTransaction(() -> createInTransaction(caller, request));
    }

    private Uni<AccountView> createInTransaction(Caller caller, CreateAccountRequest request) {
        Set<Role> roles = request.roles();
        if (!caller.is(Caller.SYSTEM_ADMIN) && !roles.equals(Set.of(Role.WORKER))) {
            return Uni.createFrom().failure(DomainException.forbidden("A union admin may create worker accounts only"));
        }
        List<Violation> violations = shapeViolations(request);
        if (!violations.isEmpty()) {
            return Uni.createFrom().failure(DomainException.unprocessable("The account does not fit its roles", violations));
        }
        Uni<Void> placement = request.worker() == null ? Uni.createFrom().voidItem()
                : checkPlacement(caller, request.worker());
        return placement
                .chain(() -> checkReferences(request))
                .chain(() -> Account.count("phone", request.phone()))
                .chain(existing -> existing > 0
                        ? Uni.createFrom().failure(DomainException.conflict("phone-taken",
                                "An account with phone " + request.phone() + " already exists"))
                        : hasher.hash(request.password()))
                .chain(hash -> {
                    Account account = new Account();
                    account.phone = request.phone();
                    account.displayName = request.displayName().strip();
                    account.passwordHash = hash;
                    account.roles = roles;
                    account.scopeRegionId = roles.contains(Role.UNION_ADMIN) ? request.scopeRegionId() : null;
                    account.scopeEnterpriseId = roles.contains(Role.UNION_ADMIN) ? request.scopeEnterpriseId() : null;
                    return account.<Account>persistAndFlush();
                })
                .onFailure(Failures::isUniqueViolation).transform(e -> DomainException.conflict("phone-taken",
                        "An account with phone " + request.phone() + " already exists"))
                .call(account -> persistSides(account, request))
                .call(account -> request.worker() == null || request.worker().grade() == null ? Uni.createFrom().voidItem()
                        : audit(caller.accountId(), "PRIOR_GRADE", "worker:" + account.id, "grade " + request.worker().grade()
                                + ", certificate " + request.worker().gradeCertificateNo() + " of " + request.worker().gradeObtainedOn()))
                .chain(account -> identity(account).chain(this::view));
    }

    private Uni<Void> persistSides(Account account, CreateAccountRequest request) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        WorkerPlacement placement = request.worker();
        if (placement != null) {
            Worker worker = new Worker();
            worker.accountId = account.id;
            worker.enterpriseId = placement.enterpriseId();
            worker.teamId = placement.teamId();
            worker.tradeId = placement.tradeId();
            worker.tradeSince = placement.tradeSince();
            chain = chain.chain(() -> worker.persist()).replaceWithVoid();
            if (placement.grade() != null) {
                WorkerGrade grade = new WorkerGrade();
                grade.accountId = account.id;
                grade.tradeId = placement.tradeId();
                grade.grade = placement.grade().shortValue();
                grade.obtainedOn = placement.gradeObtainedOn();
                grade.certificateNo = placement.gradeCertificateNo();
                chain = chain.chain(() -> grade.persist()).replaceWithVoid();
            }
        }
        if (account.roles.contains(Role.TRAINER)) {
            for (Long industryId : request.trainerIndustryIds().stream().distinct().toList()) {
                TrainerIndustry row = new TrainerIndustry();
                row.accountId = account.id;
                row.industryId = industryId;
                chain = chain.chain(() -> row.persist()).replaceWithVoid();
            }
        }
        return chain.call(() -> Panache.getSession().chain(s -> s.flush()));
    }

    /** Which parts a request must carry follows from its roles. */
    private static List<Violation> shapeViolations(CreateAccountRequest request) {
        List<Violation> violations = new ArrayList<>();
        Set<Role> roles = request.roles();
        if (roles.contains(Role.WORKER) != (request.worker() != null)) {
            violations.add(new Violation("worker", roles.contains(Role.WORKER)
                    ? "is required for a WORKER" : "is only for a WORKER"));
        }
        WorkerPlacement worker = request.worker();
        if (worker != null && (worker.grade() == null) != (worker.gradeObtainedOn() == null)) {
            violations.add(new Violation("worker.gradeObtainedOn", "goes together with worker.grade"));
        }
        if (worker != null && (worker.grade() == null) != (worker.gradeCertificateNo() == null)) {
            violations.add(new Violation("worker.gradeCertificateNo", "a grade held already needs the number of its certificate"));
        }
        boolean hasIndustries = request.trainerIndustryIds() != null && !request.trainerIndustryIds().isEmpty();
        if (roles.contains(Role.TRAINER) != hasIndustries) {
            violations.add(new Violation("trainerIndustryIds", roles.contains(Role.TRAINER)
                    ? "a TRAINER needs at least one industry" : "is only for a TRAINER"));
        }
        boolean region = request.scopeRegionId() != null;
        boolean enterprise = request.scopeEnterpriseId() != null;
        if (roles.contains(Role.UNION_ADMIN) && region == enterprise) {
            violations.add(new Violation("scopeRegionId", "a UNION_ADMIN needs exactly one of scopeRegionId and scopeEnterpriseId"));
        }
        if (!roles.contains(Role.UNION_ADMIN) && (region || enterprise)) {
            violations.add(new Violation(region ? "scopeRegionId" : "scopeEnterpriseId", "is only for a UNION_ADMIN"));
        }
        return violations;
    }

    private Uni<Void> checkPlacement(Caller caller, WorkerPlacement placement) {
        return organizations.enterpriseInScope(caller, placement.enterpriseId())
                .onFailure(e -> e instanceof DomainException d && d.status() == 404)
                .transform(e -> unprocessable("worker.enterpriseId", "no such enterprise"))
                .chain(enterprise -> placement.teamId() == null ? Uni.createFrom().voidItem()
                        : organizations.team(placement.teamId())
                                .onFailure().transform(e -> unprocessable("worker.teamId", "no such team"))
                                .invoke(team -> {
                                    if (!Objects.equals(team.enterpriseId, enterprise.id)) {
                                        throw unprocessable("worker.teamId", "is not a team of the worker's enterprise");
                                    }
                                }).replaceWithVoid())
                .chain(() -> catalog.trade(placement.tradeId())
                        .onFailure().transform(e -> unprocessable("worker.tradeId", "no such trade")).replaceWithVoid());
    }

    private Uni<Void> checkReferences(CreateAccountRequest request) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        if (request.scopeRegionId() != null) {
            chain = chain.chain(() -> organizations.region(request.scopeRegionId())
                    .onFailure().transform(e -> unprocessable("scopeRegionId", "no such region")).replaceWithVoid());
        }
        if (request.scopeEnterpriseId() != null) {
            chain = chain.chain(() -> organizations.enterprise(request.scopeEnterpriseId())
                    .onFailure().transform(e -> unprocessable("scopeEnterpriseId", "no such enterprise")).replaceWithVoid());
        }
        if (request.trainerIndustryIds() != null && !request.trainerIndustryIds().isEmpty()) {
            List<Long> ids = request.trainerIndustryIds().stream().distinct().toList();
            chain = chain.chain(() -> catalog.industriesByIds(ids).invoke(found -> {
                if (found.size() != ids.size()) {
                    throw unprocessable("trainerIndustryIds", "names an industry that does not exist");
                }
            }).replaceWithVoid());
        }
        return chain;
    }

    private static DomainException unprocessable(String field, String message) {
        return DomainException.unprocessable("The account refers to something that does not fit",
                List.of(new Violation(field, message)));
    }

    /** The grade a worker holds in a trade, or null. */
    @WithSession
    public Uni<WorkerGrade> grade(long accountId, long tradeId) {
        return WorkerGrade.find("accountId = ?1 and tradeId = ?2", accountId, tradeId).firstResult();
    }

    private Uni<Void> audit(long actor, String action, String subject, String detail) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into audit_log (actor_id, action, subject, detail)"
                + " values (?1, ?2, ?3, ?4)").setParameter(1, actor).setParameter(2, action).setParameter(3, subject)
                .setParameter(4, detail).executeUpdate()).replaceWithVoid();
    }

    /**
     * Within the caller's transaction: the worker now holds {@code grade} in the trade. A grade only ever goes up
     * (1 is the highest): anything else is refused, so no route can lower one.
     */
    public Uni<Void> setGrade(long accountId, long tradeId, int grade, java.time.LocalDate obtainedOn, String certificateNo) {
        return grade(accountId, tradeId).chain(existing -> {
            if (existing != null && existing.grade <= grade) {
                return Uni.createFrom().failure(DomainException.conflict("grade-not-higher", "The worker holds grade "
                        + existing.grade + " already; a grade only goes up"));
            }
            WorkerGrade row = existing != null ? existing : new WorkerGrade();
            row.accountId = accountId;
            row.tradeId = tradeId;
            row.grade = (short) grade;
            row.obtainedOn = obtainedOn;
            row.certificateNo = certificateNo;
            return existing != null ? Uni.createFrom().voidItem() : row.persist().replaceWithVoid();
        });
    }
}
