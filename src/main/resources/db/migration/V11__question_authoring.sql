-- Question-bank authoring: a version goes DRAFT -> IN_REVIEW -> PUBLISHED -> RETIRED, and is published only by a
-- reviewer who did not write it (four eyes). Every change is written to question_audit.

alter table question_version drop constraint question_version_status_check;
alter table question_version add constraint question_version_status_check
    check (status in ('DRAFT', 'IN_REVIEW', 'PUBLISHED', 'RETIRED'));

alter table question_version
    -- null for versions loaded before authoring existed (the demo bank's first load)
    add column author_id      bigint references account (id),
    add column submitted_at   timestamptz,
    add column reviewer_id    bigint references account (id),
    add column review_comment varchar(500),
    add column retired_at     timestamptz,
    add column updated_at     timestamptz not null default now(),
    add constraint question_version_four_eyes check (reviewer_id is null or author_id is null or reviewer_id <> author_id),
    add constraint question_version_published_reviewed check (status <> 'PUBLISHED' or author_id is null or reviewer_id is not null);

-- at most one version being worked on (a draft or one in review) per question
create unique index question_version_open_idx on question_version (question_id) where status in ('DRAFT', 'IN_REVIEW');

-- The stem as the near-duplicate check compares it: full and half width folded (NFKC), lower case, without spaces
-- and punctuation, Chinese included.
create function question_stem_key(stem text) returns text language sql immutable parallel safe as $$
    select regexp_replace(lower(normalize(stem, NFKC)), '[[:space:][:punct:]。、“”‘’《》【】（）…—·～！？，：；]', '', 'g')
$$;

-- the key of the question's newest version: duplicates are looked up by trade and key. A trigger keeps it, so
-- every way a version is written (the console, an import, the demo loader) keeps it true.
alter table question add column stem_key text;
create function question_stem_key_sync() returns trigger language plpgsql as $$
begin
    update question set stem_key = question_stem_key(new.stem)
    where id = new.question_id and new.version = (select max(version) from question_version where question_id = new.question_id);
    return null;
end $$;
create trigger question_version_stem_key after insert or update of stem on question_version
    for each row execute function question_stem_key_sync();
update question q set stem_key = question_stem_key(v.stem)
from (select distinct on (question_id) question_id, stem from question_version order by question_id, version desc) v
where v.question_id = q.id;
create index question_stem_key_idx on question (trade_id, stem_key);

create table question_audit (
    id          bigserial primary key,
    question_id bigint      not null references question (id),
    version     int         not null,
    actor_id    bigint      not null references account (id),
    action      varchar(10) not null check (action in ('CREATED', 'IMPORTED', 'EDITED', 'SUBMITTED', 'APPROVED', 'RETURNED',
                                                       'RETIRED')),
    comment     varchar(500),
    -- for an edit of a draft in place: the version as it was before, as JSON
    before      text,
    at          timestamptz not null default now()
);
create index question_audit_question_idx on question_audit (question_id, id);
