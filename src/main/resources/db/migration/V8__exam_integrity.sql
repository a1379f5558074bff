-- Exams that can be trusted (README: "Rules of exams, practice and promotions").

-- The questions that decide grades are kept apart from the ones that teach. EXAM questions appear only on the
-- CHALLENGE papers of exam levels and their keys never leave the server; LEARNING questions appear everywhere else.
-- A question keeps its pool for good: a LEARNING question's keys may have been shown already.
alter table question add column pool varchar(8) not null default 'LEARNING' check (pool in ('LEARNING', 'EXAM'));

alter table attempt
    -- the server's time from start to submission
    add column elapsed_ms integer,
    -- whether the run counted (points, unlocks, promotion): false for a run faster than the floor; null while open
    add column counted    boolean,
    -- where it was started from: evidence for the reviewers of integrity flags
    add column client_ip  inet,
    add column device_id  varchar(64);

-- How many attempts a worker started in the current window of each limit: 'STARTS' (every start) and
-- 'EXAM:<level id>' (an exam level's CHALLENGE). Counted inside the start's own statement, so the limits are exact
-- across instances and cost no round trip of their own. No foreign key: it is written on every start.
create table start_quota (
    account_id   bigint      not null,
    subject      varchar(32) not null,
    window_start timestamptz not null,
    window_ms    int         not null,
    used         int         not null,
    primary key (account_id, subject)
) with (fillfactor = 50); -- room on each page for the next version of a row: its updates stay HOT

-- the job that closes abandoned attempts finds them by this
create index attempt_open_expiry_idx on attempt (expires_at) where status = 'OPEN';

-- What union admins review: runs and patterns that look like cheating. A flag is a hint for people, never a penalty
-- by itself.
create table integrity_flag (
    id          bigserial primary key,
    account_id  bigint       not null references account (id),
    kind        varchar(20)  not null check (kind in ('TOO_FAST', 'PERFECT_STREAK', 'SHARED_DEVICE', 'SHARED_ADDRESS',
                                                      'IDENTICAL_ANSWERS')),
    -- the same finding is raised once (e.g. "SHARED_DEVICE:<account>:<device>:<day>")
    dedupe_key  varchar(200) not null unique,
    attempt_id  bigint references attempt (id),
    detail      text         not null,
    raised_at   timestamptz  not null default now(),
    status      varchar(10)  not null default 'OPEN' check (status in ('OPEN', 'CLEARED', 'CONFIRMED')),
    reviewed_by bigint references account (id),
    reviewed_at timestamptz,
    note        varchar(500)
);
create index integrity_flag_account_idx on integrity_flag (account_id, status);
create index integrity_flag_status_idx on integrity_flag (status, raised_at);

-- Where a scanning job got to: the submission time up to which it has looked.
create table job_watermark (
    job     varchar(40) primary key,
    last_at timestamptz not null
);

-- The integrity scan reads only the runs that can raise its flags, by these: runs under the floor (rare), and
-- perfect CHALLENGE runs. The hot path pays for an index entry only when a run is one of those.
create index attempt_not_counted_idx on attempt (submitted_at) where counted = false;
create index attempt_perfect_idx on attempt (submitted_at) where score = 100 and mode = 'CHALLENGE';

-- A contest result is recorded once per worker and contest; a retry returns the first. Earlier repeats are dropped
-- (their promotions stay, as records that were issued).
delete from contest_result c using contest_result d
where c.account_id = d.account_id and c.contest_name = d.contest_name and c.tier = d.tier and c.held_on = d.held_on
  and c.id > d.id;
alter table contest_result add constraint contest_result_once unique (account_id, contest_name, tier, held_on);
-- what recording it did (the certificate it issued, or why none), so that a retry answers what the first did
alter table contest_result add column certificate_no varchar(32), add column outcome varchar(200);

-- An application that a promotion by another route overtook is closed, with the reason in its comment.
alter table promotion_application drop constraint promotion_application_status_check;
alter table promotion_application add constraint promotion_application_status_check
    check (status in ('PENDING', 'APPROVED', 'REJECTED', 'CLOSED'));

-- Pending applications that an earlier promotion overtook already.
update promotion_application pa set status = 'CLOSED', decided_at = now(),
    comment = 'Overtaken: the worker holds grade ' || wg.grade || ' already'
from worker_grade wg
where wg.account_id = pa.account_id and wg.trade_id = pa.trade_id and pa.status = 'PENDING' and pa.grade_to >= wg.grade;
