-- attempt, partitioned by month (Asia/Shanghai) through its id: an attempt's id is its month's base plus a number from
-- the sequence, so the hot path's statements, which find an attempt by id, read one month's partition, and a month of
-- attempts can be detached and archived whole (docs/architecture.md, "Partitions"). A month's base is
-- (months since January 2020) x 10^12: December 2026 is 83 x 10^12, and ids stay below 2^53 (JavaScript's exact
-- integers) until the year 2770.

create function attempt_month_base(month date) returns bigint language sql immutable parallel safe
    as $$ select ((extract(year from month)::int - 2020) * 12 + extract(month from month)::int - 1)::bigint * 1000000000000 $$;

-- The lowest id an open attempt can have (the month of a day ago: an attempt is open for minutes) and the end of this
-- month's ids. The hot path's statements that look for open attempts or close them say
-- id >= attempt_recent_id() and id < attempt_id_ceiling(), so they read this month's partition only (and, on the first
-- day of a month, the last one's too), however many months the table holds.
create function attempt_recent_id() returns bigint language sql stable parallel safe
    as $$ select attempt_month_base((now() at time zone 'Asia/Shanghai' - interval '1 day')::date) $$;
create function attempt_id_ceiling() returns bigint language sql stable parallel safe
    as $$ select attempt_month_base((now() at time zone 'Asia/Shanghai' + interval '1 month')::date) $$;

-- The attempts so far become the first partition, below this month's base; their ids do not change. Its own foreign
-- keys stand for the partitioned table's when it is attached (their rows are not checked again).
alter table attempt rename to attempt_before_partitions;
alter index attempt_pkey rename to attempt_before_partitions_pkey;
alter index attempt_account_idx rename to attempt_before_partitions_account_idx;
alter index attempt_not_counted_idx rename to attempt_before_partitions_not_counted_idx;
alter index attempt_open_challenge_idx rename to attempt_before_partitions_open_challenge_idx;
alter index attempt_open_expiry_idx rename to attempt_before_partitions_open_expiry_idx;
alter index attempt_perfect_idx rename to attempt_before_partitions_perfect_idx;

create table attempt (like attempt_before_partitions including defaults including constraints including storage)
    partition by range (id);
alter table attempt alter column id set default attempt_month_base((now() at time zone 'Asia/Shanghai')::date) + nextval('attempt_id_seq');
alter sequence attempt_id_seq owned by attempt.id;
alter table attempt add primary key (id);
create index attempt_account_idx on attempt (account_id, started_at desc);
create index attempt_not_counted_idx on attempt (submitted_at) where counted = false;
create index attempt_open_expiry_idx on attempt (expires_at) where status = 'OPEN';
create index attempt_perfect_idx on attempt (submitted_at) where score = 100 and mode = 'CHALLENGE';
alter table attempt add constraint attempt_account_id_fkey foreign key (account_id) references account (id),
    add constraint attempt_level_id_fkey foreign key (level_id) references level (id),
    add constraint attempt_trade_id_fkey foreign key (trade_id) references trade (id);

do $$
begin
    execute format('alter table attempt attach partition attempt_before_partitions for values from (minvalue) to (%s)',
                   attempt_month_base((now() at time zone 'Asia/Shanghai')::date));
end $$;

-- what referred to the old table refers to the partitioned one
alter table integrity_flag drop constraint integrity_flag_attempt_id_fkey,
    add constraint integrity_flag_attempt_id_fkey foreign key (attempt_id) references attempt (id);
alter table leaderboard_outbox drop constraint leaderboard_outbox_attempt_id_fkey,
    add constraint leaderboard_outbox_attempt_id_fkey foreign key (attempt_id) references attempt (id);
alter table level_progress drop constraint level_progress_best_attempt_id_fkey,
    add constraint level_progress_best_attempt_id_fkey foreign key (best_attempt_id) references attempt (id);
alter table union_fold_pending drop constraint union_fold_pending_attempt_id_fkey,
    add constraint union_fold_pending_attempt_id_fkey foreign key (attempt_id) references attempt (id);

-- A month's partition, made ahead of time by every instance's AttemptPartitions (hourly; the advisory lock makes one do
-- it). A unique index over partitions must hold the partition key, so "one open CHALLENGE per worker and level" is
-- each partition's own unique index, and a start also looks for an open one from id >= attempt_recent_id().
create function attempt_partitions_ahead(months int) returns int language plpgsql as $$
declare
    month date;
    name text;
    made int := 0;
begin
    if not pg_try_advisory_xact_lock(hashtext('attempt_partitions')) then
        return 0;
    end if;
    for i in 0..months loop
        month := (date_trunc('month', now() at time zone 'Asia/Shanghai') + make_interval(months => i))::date;
        name := 'attempt_' || to_char(month, 'YYYY_MM');
        if to_regclass(name) is not null and not exists (select 1 from pg_inherits
                                                         where inhparent = 'attempt'::regclass and inhrelid = to_regclass(name)) then
            raise exception '% exists but is not a partition of attempt (detached?): rename or drop it', name;
        end if;
        if to_regclass(name) is null then
            -- a new partition locks the table for a moment: never queue the hot path behind a long transaction
            set local lock_timeout = '2s';
            execute format('create table %I partition of attempt for values from (%s) to (%s)', name,
                           attempt_month_base(month), attempt_month_base((month + interval '1 month')::date));
            execute format('create unique index %I on %I (account_id, level_id) where status = ''OPEN'' and mode = ''CHALLENGE''',
                           name || '_open_challenge_idx', name);
            made := made + 1;
        end if;
    end loop;
    return made;
end $$;

select attempt_partitions_ahead(3);
