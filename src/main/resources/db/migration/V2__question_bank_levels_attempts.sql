-- Knowledge points tag questions within a trade; draw rules and weak-point analysis use them.
create table knowledge_point (
    id       bigserial primary key,
    trade_id bigint      not null references trade (id),
    name     varchar(64) not null,
    unique (trade_id, name)
);

-- A question is its identity; what it says lives in versions. Editing a published question makes a new
-- version; attempts point at the version they showed.
create table question (
    id         bigserial primary key,
    trade_id   bigint      not null references trade (id),
    -- the author's reference, stable across versions (e.g. STM-001)
    ref        varchar(32) not null,
    created_at timestamptz not null default now(),
    unique (trade_id, ref)
);

create table question_version (
    id           bigserial primary key,
    question_id  bigint      not null references question (id),
    version      int         not null check (version > 0),
    status       varchar(10) not null check (status in ('DRAFT', 'PUBLISHED', 'RETIRED')),
    type         varchar(10) not null check (type in ('SINGLE', 'MULTIPLE', 'TRUE_FALSE')),
    stem         text        not null,
    -- JSON array of {key, text}, keys A, B, C ... in authoring order
    options      text        not null,
    -- correct keys in authoring order, e.g. "A,C"
    correct_keys varchar(16) not null check (correct_keys ~ '^[A-H](,[A-H])*$'),
    explanation  text        not null,
    difficulty   smallint    not null check (difficulty between 1 and 5),
    grade        smallint    not null check (grade between 1 and 5),
    created_at   timestamptz not null default now(),
    published_at timestamptz,
    unique (question_id, version),
    check (type <> 'SINGLE' or correct_keys ~ '^[A-H]$'),
    check (type <> 'TRUE_FALSE' or correct_keys in ('A', 'B')),
    check (type <> 'MULTIPLE' or correct_keys like '%,%')
);
-- at most one published version of a question at a time
create unique index question_version_published_idx on question_version (question_id) where status = 'PUBLISHED';

create table question_version_kp (
    version_id         bigint not null references question_version (id),
    knowledge_point_id bigint not null references knowledge_point (id),
    primary key (version_id, knowledge_point_id)
);

-- One step of a trade's level map.
create table level (
    id                 bigserial primary key,
    trade_id           bigint      not null references trade (id),
    map_order          int         not null check (map_order > 0),
    name               varchar(64) not null,
    grade              smallint    not null check (grade between 1 and 5),
    question_count     int         not null check (question_count between 1 and 200),
    -- JSON: {"parts": [{"knowledgePoints": ["安全规程"], "difficultyMin": 1, "difficultyMax": 2, "count": 4}]};
    -- the rest of question_count is drawn from the level's grade
    draw_rule          text        not null,
    time_limit_seconds int         not null check (time_limit_seconds > 0),
    pass_mark          smallint    not null check (pass_mark between 0 and 100),
    star1              smallint    not null,
    star2              smallint    not null,
    star3              smallint    not null,
    exam               boolean     not null default false,
    unique (trade_id, map_order),
    check (star1 <= star2 and star2 <= star3 and star3 <= 100)
);

create table attempt (
    id             bigserial primary key,
    account_id     bigint      not null references account (id),
    trade_id       bigint      not null references trade (id),
    -- null for a practice drawn from the wrong-answer book
    level_id       bigint references level (id),
    mode           varchar(10) not null check (mode in ('CHALLENGE', 'PRACTICE')),
    status         varchar(10) not null check (status in ('OPEN', 'SUBMITTED', 'TIMED_OUT')),
    seed           bigint      not null,
    started_at     timestamptz not null,
    expires_at     timestamptz not null,
    submitted_at   timestamptz,
    score          smallint check (score between 0 and 100),
    correct_count  int,
    total          int         not null,
    passed         boolean,
    stars          smallint,
    points_earned  int,
    -- the submission's answer as first given, replayed on a repeated submission
    result         text,
    check (mode = 'PRACTICE' or level_id is not null)
);
create index attempt_account_idx on attempt (account_id, started_at desc);
-- one open challenge per worker and level
create unique index attempt_open_challenge_idx on attempt (account_id, level_id) where status = 'OPEN' and mode = 'CHALLENGE';

create table attempt_question (
    attempt_id          bigint      not null references attempt (id),
    position            int         not null,
    question_id         bigint      not null references question (id),
    question_version_id bigint      not null references question_version (id),
    -- the authoring keys in the order shown: "C,A,D,B" shows option C as A, A as B ...
    option_order        varchar(16) not null,
    -- what the worker chose, in shown keys ("A,C"), and whether it was right
    selected            varchar(16),
    correct             boolean,
    primary key (attempt_id, position),
    unique (attempt_id, question_id)
);

-- The worker's standing on a level: best CHALLENGE score (what counts for points), pass, stars.
create table level_progress (
    account_id          bigint      not null references account (id),
    level_id            bigint      not null references level (id),
    best_score          smallint    not null default 0,
    best_attempt_id     bigint references attempt (id),
    best_at             timestamptz,
    stars               smallint    not null default 0,
    passed_at           timestamptz,
    challenge_attempts  int         not null default 0,
    practice_attempts   int         not null default 0,
    primary key (account_id, level_id)
);

-- Points per worker and period: 'ALL', an ISO week '2026-W48' or a month '2026-11', counted in the
-- configured zone. reached_at is when the total last grew (ties rank the earlier first).
create table point_total (
    account_id bigint      not null references account (id),
    period     varchar(10) not null,
    points     int         not null check (points >= 0),
    reached_at timestamptz not null,
    primary key (account_id, period)
);

-- 错题本: every question a worker got wrong, until they get it right.
create table wrong_answer (
    account_id          bigint      not null references account (id),
    question_id         bigint      not null references question (id),
    trade_id            bigint      not null references trade (id),
    last_version_id     bigint      not null references question_version (id),
    wrong_count         int         not null,
    last_wrong_at       timestamptz not null,
    mastered_at         timestamptz,
    primary key (account_id, question_id)
);
create index wrong_answer_open_idx on wrong_answer (account_id, trade_id) where mastered_at is null;
