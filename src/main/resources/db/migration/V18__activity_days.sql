-- The days a worker was active in a year, one bit a day (bit 0 is the 1st of January, Asia/Shanghai), so that the
-- distinct active workers of a range that is no calendar period are one AND per worker-year, not a count over
-- their day rows. The place (enterprise, trade) is the worker's when the row was first written, as in activity_worker.
create table activity_days (
    year          smallint  not null,
    account_id    bigint    not null references account (id),
    enterprise_id bigint    not null references enterprise (id),
    trade_id      bigint    not null,
    days          bit(366)  not null,
    primary key (year, account_id)
);
create index activity_days_enterprise_idx on activity_days (year, enterprise_id);

insert into activity_days (year, account_id, enterprise_id, trade_id, days)
select extract(year from period::date)::smallint, account_id,
       (array_agg(enterprise_id order by period))[1], (array_agg(trade_id order by period))[1],
       bit_or(set_bit(0::bit(366), extract(doy from period::date)::int - 1, 1))
from activity_worker
where length(period) = 10
group by 1, 2;

-- A range's workers who ran exam levels are counted from their day rows: few rows carry an exam grade.
create index activity_worker_exam_idx on activity_worker (period) where exam_grades <> 0;
