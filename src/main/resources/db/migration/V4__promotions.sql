-- Years a worker must hold the current grade (or, without a grade, be in the trade) before the next grade.
-- A trade without its own row uses app.promotion.years-in-grade.
create table promotion_rule (
    trade_id     bigint   not null references trade (id),
    target_grade smallint not null check (target_grade between 1 and 5),
    min_years    smallint not null check (min_years >= 0),
    primary key (trade_id, target_grade)
);

create table promotion_application (
    id            bigserial primary key,
    account_id    bigint      not null references account (id),
    trade_id      bigint      not null references trade (id),
    grade_from    smallint check (grade_from between 1 and 5),
    grade_to      smallint    not null check (grade_to between 1 and 5),
    status        varchar(10) not null check (status in ('PENDING', 'APPROVED', 'REJECTED')),
    -- frozen at application time: exam attempts and scores, years in grade, the enterprise
    evidence      text        not null,
    enterprise_id bigint      not null references enterprise (id),
    applied_at    timestamptz not null,
    decided_at    timestamptz,
    decided_by    bigint references account (id),
    comment       varchar(500)
);
-- one open application per worker, trade and grade
create unique index promotion_application_pending_idx on promotion_application (account_id, trade_id, grade_to)
    where status = 'PENDING';
create index promotion_application_status_idx on promotion_application (status, applied_at);

-- Certificate numbers: <province code>-<year>-<grade>-<6-digit serial>, e.g. 37-2026-5-000042.
create sequence certificate_serial;

create table promotion_record (
    id             bigserial primary key,
    account_id     bigint      not null references account (id),
    trade_id       bigint      not null references trade (id),
    grade_from     smallint check (grade_from between 1 and 5),
    grade_to       smallint    not null check (grade_to between 1 and 5),
    route          varchar(12) not null check (route in ('ONLINE_EXAM', 'CONTEST')),
    application_id bigint references promotion_application (id),
    evidence       text        not null,
    approved_by    bigint      not null references account (id),
    approved_at    timestamptz not null,
    certificate_no varchar(32) not null unique,
    -- printed on the certificate and checked on the public verification page
    verification_code varchar(16) not null unique
);
create index promotion_record_account_idx on promotion_record (account_id);

create table audit_log (
    id         bigserial primary key,
    actor_id   bigint      not null references account (id),
    action     varchar(32) not null,
    subject    varchar(64) not null,
    detail     text,
    at         timestamptz not null default now()
);
create index audit_log_subject_idx on audit_log (subject);
