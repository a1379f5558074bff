-- The union's figures (#16): roll-ups folded from submitted attempts, targets with their follow-ups, notices.

-- Where each enterprise sits: its county (when it has one), city and province. The region tree has three levels.
create view enterprise_place as
select e.id as enterprise_id, e.size_class, e.industry_id, e.region_id,
       case when r.level = 'COUNTY' then r.id end as county_id,
       case r.level when 'COUNTY' then r.parent_id when 'CITY' then r.id end as city_id,
       case r.level when 'COUNTY' then p.parent_id when 'CITY' then r.parent_id else r.id end as province_id
from enterprise e
join region r on r.id = e.region_id
left join region p on p.id = r.parent_id;

-- A worker's activity in one period: a day '2026-12-04', an ISO week '2026-W49', a month '2026-12', a quarter
-- '2026-Q4' or a year '2026' (Asia/Shanghai). One row per worker and period is what makes active workers exact:
-- the fold counts a worker as newly active in a period only when it inserts this row. The place (enterprise, team,
-- trade) is the worker's when the row was first written.
create table activity_worker (
    period         varchar(10) not null,
    account_id     bigint      not null references account (id),
    enterprise_id  bigint      not null references enterprise (id),
    team_id        bigint,
    trade_id       bigint      not null,
    challenge_runs int         not null,
    practice_runs  int         not null,
    levels_passed  int         not null,
    score_sum      bigint      not null,
    scored_runs    int         not null,
    points         bigint      not null,
    -- bit g set: ran a CHALLENGE of an exam level of grade g
    exam_grades    smallint    not null,
    last_run_at    timestamptz not null,
    primary key (period, account_id)
);
create index activity_worker_enterprise_idx on activity_worker (enterprise_id, period);

-- The same figures summed per unit: kind 'E' an enterprise, 'R' a region (county, city, province: every region above
-- the enterprise gets the row), by the worker's trade and the enterprise's size class, so a breakdown by trade,
-- industry or size class of any unit reads a handful of rows. Distinct workers add up across units, trades and size
-- classes because a worker is counted in one place per period.
create table activity_unit (
    period         varchar(10) not null,
    unit_kind      char(1)     not null check (unit_kind in ('E', 'R')),
    unit_id        bigint      not null,
    trade_id       bigint      not null,
    size_class     varchar(8)  not null,
    active         int         not null,
    challenge_runs int         not null,
    practice_runs  int         not null,
    levels_passed  int         not null,
    score_sum      bigint      not null,
    scored_runs    int         not null,
    points         bigint      not null,
    -- workers who ran an exam level of grade 1..5 (index 1 = grade 1)
    exam_reached   int[]       not null,
    primary key (unit_kind, unit_id, period, trade_id, size_class)
);
create index activity_unit_period_idx on activity_unit (period, unit_kind);

-- Answers per month, unit and question (under each of its knowledge points): the weak points.
create table activity_answer (
    month              varchar(7) not null,
    unit_kind          char(1)    not null check (unit_kind in ('E', 'R')),
    unit_id            bigint     not null,
    knowledge_point_id bigint     not null,
    question_id        bigint     not null,
    answered           int        not null,
    wrong              int        not null,
    primary key (unit_kind, unit_id, month, knowledge_point_id, question_id)
);

-- Registered workers per unit, trade and size class, recounted by the roll-up job (a minute old at most).
create table registered_unit (
    unit_kind  char(1)    not null check (unit_kind in ('E', 'R')),
    unit_id    bigint     not null,
    trade_id   bigint     not null,
    size_class varchar(8) not null,
    workers    int        not null,
    primary key (unit_kind, unit_id, trade_id, size_class)
);

-- 项目化管理: a union sets targets for the units directly below it.
create table union_target (
    id            bigserial primary key,
    unit_kind     char(1)       not null check (unit_kind in ('E', 'R')),
    unit_id       bigint        not null,
    metric        varchar(20)   not null
        check (metric in ('PARTICIPATION_RATE', 'ACTIVE_WORKERS', 'LEVELS_PASSED', 'PROMOTIONS', 'SMALL_COVERAGE')),
    value         numeric(12, 4) not null check (value > 0),
    starts_on     date          not null,
    deadline      date          not null,
    note          varchar(200),
    set_by        bigint        not null references account (id),
    set_at        timestamptz   not null default now(),
    -- the unit whose admin set it (the setter's scope), so the setter's successors see it too
    setter_kind   char(1)       not null check (setter_kind in ('E', 'R')),
    setter_id     bigint        not null,
    check (deadline >= starts_on),
    check (metric not in ('PARTICIPATION_RATE', 'SMALL_COVERAGE') or value <= 1)
);
create index union_target_unit_idx on union_target (unit_kind, unit_id);
create index union_target_setter_idx on union_target (setter_kind, setter_id);

-- 督办: a target behind schedule marked as followed up, with a note.
create table target_follow_up (
    id        bigserial primary key,
    target_id bigint       not null references union_target (id) on delete cascade,
    note      varchar(500) not null,
    by_id     bigint       not null references account (id),
    at        timestamptz  not null default now()
);
create index target_follow_up_target_idx on target_follow_up (target_id);

-- A notice to the workers of a union's scope (optionally one industry or trade). Recipients are counted when it
-- is sent; a worker's list matches notices by their place, so sending to a province writes one row.
create table notice (
    id           bigserial primary key,
    title        varchar(60)   not null,
    body         varchar(2000) not null,
    link         varchar(200),
    scope_kind   char(1)       not null check (scope_kind in ('E', 'R')),
    scope_id     bigint        not null,
    industry_id  bigint references industry (id),
    trade_id     bigint references trade (id),
    recipients   int           not null,
    sent_by      bigint        not null references account (id),
    sent_at      timestamptz   not null default now()
);
create index notice_scope_idx on notice (scope_kind, scope_id, sent_at desc);

create table notice_read (
    notice_id  bigint      not null references notice (id),
    account_id bigint      not null references account (id),
    read_at    timestamptz not null default now(),
    primary key (notice_id, account_id)
);
