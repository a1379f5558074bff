-- Skills contest results recorded by a union; a good enough placing promotes directly (route CONTEST).
create table contest_result (
    id           bigserial primary key,
    account_id   bigint       not null references account (id),
    trade_id     bigint       not null references trade (id),
    contest_name varchar(128) not null,
    tier         varchar(10)  not null check (tier in ('ENTERPRISE', 'CITY', 'PROVINCE', 'NATIONAL')),
    held_on      date         not null,
    place        int          not null check (place > 0),
    award        varchar(64),
    recorded_by  bigint       not null references account (id),
    recorded_at  timestamptz  not null default now()
);
create index contest_result_account_idx on contest_result (account_id);
