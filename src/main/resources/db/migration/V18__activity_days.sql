-- The days a worker was active in a year, one bit a day (bit 0 is the 1st of January, Asia/Shanghai), so that the
-- distinct active workers of a range that is no calendar period are one AND per worker-year, not a count over their
-- day rows; exam_g<n>: the days they ran a CHALLENGE of an exam level of grade n (null: never that year), so the
-- workers who reached each grade's exam levels in a range are counted in the same pass. The place (enterprise,
-- trade) is the worker's when the row was first written, as in activity_worker.
create table activity_days (
    year          smallint  not null,
    account_id    bigint    not null references account (id),
    enterprise_id bigint    not null references enterprise (id),
    trade_id      bigint    not null,
    days          bit(366)  not null,
    exam_g1       bit(366),
    exam_g2       bit(366),
    exam_g3       bit(366),
    exam_g4       bit(366),
    exam_g5       bit(366),
    primary key (year, account_id)
);
create index activity_days_enterprise_idx on activity_days (year, enterprise_id);

insert into activity_days (year, account_id, enterprise_id, trade_id, days, exam_g1, exam_g2, exam_g3, exam_g4, exam_g5)
select extract(year from d)::smallint, account_id, (array_agg(enterprise_id order by d))[1], (array_agg(trade_id order by d))[1],
       bit_or(day),
       bit_or(day) filter (where exam_grades & 2 <> 0), bit_or(day) filter (where exam_grades & 4 <> 0),
       bit_or(day) filter (where exam_grades & 8 <> 0), bit_or(day) filter (where exam_grades & 16 <> 0),
       bit_or(day) filter (where exam_grades & 32 <> 0)
from (select period::date as d, account_id, enterprise_id, trade_id, exam_grades,
             set_bit(0::bit(366), extract(doy from period::date)::int - 1, 1) as day
      from activity_worker where length(period) = 10) day_rows
group by 1, 2;
