-- Board updates waiting to reach Redis: written in the submission's transaction, deleted once relayed.
-- The relay writes absolute totals read from point_total, so replaying a row is harmless.
create table leaderboard_outbox (
    id         bigserial primary key,
    account_id bigint      not null references account (id),
    attempt_id bigint      not null references attempt (id),
    -- the periods the points were earned in (a relay after midnight must not move them to the next week)
    week       varchar(10) not null,
    month      varchar(10) not null,
    created_at timestamptz not null default now()
);
create index leaderboard_outbox_attempt_idx on leaderboard_outbox (attempt_id);

-- Final standings of ended weeks and months: the top of every board, kept after Redis lets the period expire.
create table leaderboard_archive (
    board      varchar(64) not null,
    period     varchar(10) not null,
    rank       int         not null,
    account_id bigint      not null references account (id),
    points     int         not null,
    reached_at timestamptz not null,
    primary key (board, period, rank)
);
