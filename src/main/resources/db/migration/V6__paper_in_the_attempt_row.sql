-- A paper lives in its attempt's row, as parallel arrays in the order shown (position i is element i + 1).
-- Ten rows per run, each with two indexes and three foreign-key checks, made a start and a submission several
-- times dearer in PostgreSQL than the run itself (bench/RESULTS.md). Published versions are never deleted or
-- changed, so the version ids keep pointing at what was shown without a foreign key.
alter table attempt
    add column question_ids  bigint[],
    add column version_ids   bigint[],
    -- the authoring keys in the order shown: "C,A,D,B" shows option C as A, A as B ...
    add column option_orders text[],
    -- what the worker chose, in shown keys ("A,C"; "" for none), and whether it was right; null until submitted
    add column selected      text[],
    add column correct       boolean[];

-- The stored result no longer carries the review (it is rebuilt from the arrays), so it stays small enough to be
-- kept inline without compression. Each row is rewritten once.
update attempt a
set question_ids = p.question_ids, version_ids = p.version_ids, option_orders = p.option_orders,
    selected = case when a.status = 'SUBMITTED' then p.selected end,
    correct = case when a.status = 'SUBMITTED' then p.correct end,
    result = (a.result::jsonb - 'questions')::text
from (select attempt_id,
             array_agg(question_id order by position) as question_ids,
             array_agg(question_version_id order by position) as version_ids,
             array_agg(option_order order by position) as option_orders,
             array_agg(coalesce(selected, '') order by position) as selected,
             array_agg(coalesce(correct, false) order by position) as correct
      from attempt_question group by attempt_id) p
where p.attempt_id = a.id;

update attempt set question_ids = '{}', version_ids = '{}', option_orders = '{}', result = (result::jsonb - 'questions')::text
where question_ids is null;

alter table attempt
    alter column question_ids set not null,
    alter column version_ids set not null,
    alter column option_orders set not null,
    add constraint attempt_paper_shape check (
        cardinality(version_ids) = cardinality(question_ids)
        and cardinality(option_orders) = cardinality(question_ids)
        and (selected is null or cardinality(selected) = cardinality(question_ids))
        and (correct is null or cardinality(correct) = cardinality(question_ids)));

drop table attempt_question;
