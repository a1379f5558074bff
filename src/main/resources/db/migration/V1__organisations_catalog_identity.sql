-- Regions: province > city > county, keyed by their administrative division code (GB/T 2260).
create table region (
    id         bigserial primary key,
    parent_id  bigint references region (id),
    level      varchar(8)  not null check (level in ('PROVINCE', 'CITY', 'COUNTY')),
    code       varchar(6)  not null unique check (code ~ '^[0-9]{6}$'),
    name       varchar(64) not null,
    check ((level = 'PROVINCE') = (parent_id is null))
);
create index region_parent_idx on region (parent_id);

create table industry (
    id   bigserial primary key,
    code varchar(32) not null unique,
    name varchar(64) not null
);

create table trade (
    id          bigserial primary key,
    industry_id bigint      not null references industry (id),
    code        varchar(32) not null unique,
    name        varchar(64) not null
);
create index trade_industry_idx on trade (industry_id);

create table enterprise (
    id          bigserial primary key,
    name        varchar(128) not null,
    -- unified social credit code (GB 32100-2015): 18 characters, the last a check character
    credit_code varchar(18)  not null unique,
    region_id   bigint       not null references region (id),
    industry_id bigint       not null references industry (id),
    size_class  varchar(8)   not null check (size_class in ('LARGE', 'MEDIUM', 'SMALL', 'MICRO'))
);
create index enterprise_region_idx on enterprise (region_id);
create index enterprise_industry_idx on enterprise (industry_id);

create table team (
    id            bigserial primary key,
    enterprise_id bigint      not null references enterprise (id),
    name          varchar(64) not null,
    unique (enterprise_id, name)
);

create table account (
    id                  bigserial primary key,
    phone               varchar(11)  not null unique check (phone ~ '^1[3-9][0-9]{9}$'),
    display_name        varchar(32)  not null,
    password_hash       varchar(100) not null,
    roles               varchar(64)  not null
        check (roles ~ '^(WORKER|TRAINER|UNION_ADMIN|SYSTEM_ADMIN)(,(WORKER|TRAINER|UNION_ADMIN|SYSTEM_ADMIN))*$'),
    -- the data scope of a union admin: a region (and everything below it) or one enterprise
    scope_region_id     bigint references region (id),
    scope_enterprise_id bigint references enterprise (id),
    created_at          timestamptz  not null default now(),
    check (scope_region_id is null or scope_enterprise_id is null)
);

-- A worker's place: one enterprise, team and current trade.
create table worker (
    account_id    bigint primary key references account (id),
    enterprise_id bigint not null references enterprise (id),
    team_id       bigint references team (id),
    trade_id      bigint not null references trade (id),
    -- when the worker started in the current trade (years in trade count for promotion)
    trade_since   date   not null
);
create index worker_enterprise_idx on worker (enterprise_id);
create index worker_trade_idx on worker (trade_id);

-- The skill grade a worker holds in a trade: 5 初级工 .. 1 高级技师.
create table worker_grade (
    account_id     bigint      not null references account (id),
    trade_id       bigint      not null references trade (id),
    grade          smallint    not null check (grade between 1 and 5),
    obtained_on    date        not null,
    certificate_no varchar(32),
    primary key (account_id, trade_id)
);

create table trainer_industry (
    account_id  bigint not null references account (id),
    industry_id bigint not null references industry (id),
    primary key (account_id, industry_id)
);

create table refresh_token (
    id         bigserial primary key,
    account_id bigint      not null references account (id),
    -- SHA-256 of the opaque token: a leaked table cannot be replayed
    token_hash varchar(64) not null unique,
    expires_at timestamptz not null,
    revoked_at timestamptz,
    created_at timestamptz not null default now()
);
create index refresh_token_account_idx on refresh_token (account_id);

-- Failed logins per phone, known or not, so a lockout says nothing about who has an account.
create table login_throttle (
    phone            varchar(32) primary key,
    failures         int         not null,
    window_start     timestamptz not null,
    locked_until     timestamptz
);
