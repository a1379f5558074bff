-- Skills contests (#17): a contest of one trade organised by a union for its scope, its frozen paper, registrations,
-- team rosters with a committed random draw, the entrants' runs, and the final placings.

-- A county's contests promote too (under their own rules), and a recorded result may come from a contest run here.
alter table contest_result drop constraint contest_result_tier_check;
alter table contest_result add constraint contest_result_tier_check check (tier in ('ENTERPRISE', 'COUNTY', 'CITY', 'PROVINCE', 'NATIONAL'));

create table contest (
    id                  bigserial primary key,
    name                varchar(128) not null,
    tier                varchar(10)  not null check (tier in ('ENTERPRISE', 'COUNTY', 'CITY', 'PROVINCE')),
    -- the organising unit: 'R' a region, 'E' an enterprise; its scope decides who may enter
    organiser_kind      char(1)      not null check (organiser_kind in ('E', 'R')),
    organiser_id        bigint       not null,
    trade_id            bigint       not null references trade (id),
    format              varchar(10)  not null check (format in ('INDIVIDUAL', 'TEAM')),
    registration_opens  timestamptz  not null,
    registration_closes timestamptz  not null,
    starts_at           timestamptz  not null,
    ends_at             timestamptz  not null,
    duration_seconds    int          not null check (duration_seconds between 60 and 86400),
    attempts_allowed    smallint     not null default 1 check (attempts_allowed between 1 and 5),
    qualify_count       int          not null default 0 check (qualify_count >= 0),
    promote_top         int          not null default 0 check (promote_top >= 0),
    -- a team contest: members drawn from each unit's roster, and members the unit names itself
    team_drawn          int check (team_drawn between 1 and 50),
    team_named          int not null default 0 check (team_named between 0 and 50),
    -- DRAFT → REGISTRATION → CLOSED (rosters frozen, seed committed) → DRAWN (seed revealed) → FINAL; RUNNING and
    -- MARKING are the contest window and after it, read from the clock
    phase               varchar(12)  not null default 'DRAFT'
        check (phase in ('DRAFT', 'REGISTRATION', 'CLOSED', 'DRAWN', 'FINAL')),
    -- the draw's seed (64 hex characters) is kept from the close and shown only once drawn; its SHA-256 is published
    seed                char(64),
    seed_commitment     char(64),
    closed_at           timestamptz,
    drawn_at            timestamptz,
    finalised_at        timestamptz,
    qualifies_from      bigint references contest (id),
    created_by          bigint       not null references account (id),
    created_at          timestamptz  not null default now(),
    check (registration_opens < registration_closes and registration_closes <= starts_at and starts_at < ends_at),
    check ((format = 'TEAM') = (team_drawn is not null))
);
create index contest_organiser_idx on contest (organiser_kind, organiser_id);
create index contest_trade_idx on contest (trade_id, starts_at);

-- The paper, composed by a trainer of the trade, the same versions for every entrant; frozen once the window opens.
create table contest_paper (
    contest_id  bigint   not null references contest (id),
    position    smallint not null,
    question_id bigint   not null references question (id),
    version_id  bigint   not null references question_version (id),
    primary key (contest_id, position),
    unique (contest_id, question_id)
);
create index contest_paper_question_idx on contest_paper (question_id);

create table contest_registration (
    contest_id    bigint      not null references contest (id),
    account_id    bigint      not null references account (id),
    enterprise_id bigint      not null references enterprise (id),
    registered_by bigint      not null references account (id),
    registered_at timestamptz not null default now(),
    primary key (contest_id, account_id)
);

-- A team contest's units: the roster (every worker of the trade) frozen at the close, its hash published.
create table contest_team (
    contest_id    bigint      not null references contest (id),
    enterprise_id bigint      not null references enterprise (id),
    registered_by bigint      not null references account (id),
    roster_size   int,
    roster_hash   char(64),
    primary key (contest_id, enterprise_id)
);

create table contest_roster (
    contest_id    bigint  not null references contest (id),
    enterprise_id bigint  not null references enterprise (id),
    account_id    bigint  not null references account (id),
    -- named by the unit before the close; drawn at the draw
    named         boolean not null default false,
    drawn         boolean not null default false,
    primary key (contest_id, account_id)
);
create index contest_roster_team_idx on contest_roster (contest_id, enterprise_id);

-- An entrant's run: the frozen paper in the entrant's order with their option orders, then the answers.
create table contest_entry (
    id            bigserial primary key,
    contest_id    bigint      not null references contest (id),
    account_id    bigint      not null references account (id),
    enterprise_id bigint      not null references enterprise (id),
    run_no        smallint    not null,
    status        varchar(10) not null check (status in ('OPEN', 'SUBMITTED', 'TIMED_OUT')),
    seed          bigint      not null,
    started_at    timestamptz not null,
    expires_at    timestamptz not null,
    question_ids  bigint[]    not null,
    version_ids   bigint[]    not null,
    option_orders text[]      not null,
    selected      text[],
    correct       boolean[],
    score         smallint,
    correct_count smallint,
    elapsed_ms    int,
    submitted_at  timestamptz,
    unique (contest_id, account_id, run_no)
);
-- one run open at a time per entrant
create unique index contest_entry_open_idx on contest_entry (contest_id, account_id) where status = 'OPEN';

-- The final placings, written once when the organiser finalises.
create table contest_placing (
    contest_id    bigint   not null references contest (id),
    account_id    bigint   not null references account (id),
    enterprise_id bigint   not null references enterprise (id),
    place         int      not null,
    score         smallint not null,
    elapsed_ms    int      not null,
    submitted_at  timestamptz not null,
    qualified     boolean  not null,
    certificate_no varchar(32),
    promotion_note varchar(200),
    primary key (contest_id, account_id)
);

create table contest_team_placing (
    contest_id    bigint        not null references contest (id),
    enterprise_id bigint        not null references enterprise (id),
    place         int           not null,
    mean_score    numeric(6, 2) not null,
    members       int           not null,
    primary key (contest_id, enterprise_id)
);
