-- A session is a family of refresh tokens: one login, then each refresh's successor. Its access tokens carry its id
-- (the sid claim), so that revoking the family revokes them too (SessionRevocations).
alter table refresh_token add column family_id uuid;
update refresh_token set family_id = gen_random_uuid() where family_id is null;
alter table refresh_token alter column family_id set not null;
create index refresh_token_family_idx on refresh_token (family_id);
-- why a token stopped: ROTATED (a refresh replaced it: a replay within the grace gets the same new pair),
-- LOGOUT or REUSE (the family is revoked)
alter table refresh_token add column revoked_reason text
  check (revoked_reason in ('ROTATED', 'LOGOUT', 'REUSE'));

-- Failed logins are counted in Redis now, per phone and client address (identity.LoginThrottle).
drop table login_throttle;

-- An outbox row whose board update keeps failing while Redis answers (a poison row) is parked after a few tries,
-- so that it stops holding up the rows behind it; an operator sees it in the log and the metrics.
alter table leaderboard_outbox add column failures int not null default 0;
alter table leaderboard_outbox add column parked_at timestamptz;

-- The 错题本 folded: per worker, trade and learning question ever answered wrong, what its attempts say, up to
-- the attempt job_watermark('wrong-answer-book').last_id (challenge.WrongAnswerFold). A read adds the worker's attempts
-- after it, so a year of daily play costs a read of this table's rows plus a day's attempts, not the whole history.
create table wrong_answer_book (
    account_id      bigint      not null references account (id),
    trade_id        bigint      not null,
    question_id     bigint      not null,
    wrong_count     int         not null,
    last_wrong_at   timestamptz not null,
    last_version_id bigint      not null,
    last_right_at   timestamptz,
    primary key (account_id, trade_id, question_id)
);
alter table job_watermark add column last_id bigint;
