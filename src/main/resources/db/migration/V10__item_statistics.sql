-- Item statistics (questionbank.ItemStatistics): sums per question version, folded from submitted attempts up to
-- job_watermark('item-statistics').last_id, from which facility and point-biserial discrimination are computed.
create table item_statistic (
    version_id      bigint primary key references question_version (id),
    shown           int    not null,
    answered        int    not null,
    right_count     int    not null,
    -- the scores (0-100) of the attempts that showed the version, for the point-biserial
    score_sum       bigint not null,
    score_sq_sum    bigint not null,
    right_score_sum bigint not null
);
-- how often each option (by its authoring key) was chosen
create table item_option_choice (
    version_id bigint  not null references question_version (id),
    option_key char(1) not null,
    chosen     int     not null,
    primary key (version_id, option_key)
);
