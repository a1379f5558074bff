-- The union's fold does not wait behind attempts still open: it parks them here and folds each once it is closed,
-- so the figures trail the submissions by the job's interval, not by the longest time limit.
create table union_fold_pending (
    attempt_id bigint primary key references attempt (id)
);

-- Reads counted as they come, so a list of sent notices does not count a province's reads on every request.
alter table notice add column reads int not null default 0;
update notice n set reads = (select count(*) from notice_read r where r.notice_id = n.id);

-- Promotions and contest entries are counted per period for the union's figures.
create index promotion_record_approved_idx on promotion_record (approved_at);
create index contest_result_held_idx on contest_result (held_on);
