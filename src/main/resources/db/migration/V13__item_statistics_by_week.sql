-- Facility over time: shown and answered right per question version and week (Monday, in the application's zone),
-- folded with the item statistics from the attempts submitted since V10's watermark: the weeks before it stay empty.
create table item_statistic_week (
    version_id  bigint not null references question_version (id),
    week        date   not null,
    shown       int    not null,
    right_count int    not null,
    primary key (version_id, week)
);
