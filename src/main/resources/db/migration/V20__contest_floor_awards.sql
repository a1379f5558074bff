-- A contest run submitted faster than its questions can be read is kept with its score but counts for nothing
-- (no board, no placing, no promotion): its own status, so every query of counted runs stays "status = 'SUBMITTED'".
alter table contest_entry drop constraint contest_entry_status_check;
alter table contest_entry add constraint contest_entry_status_check check (status in ('OPEN', 'SUBMITTED', 'TOO_FAST', 'TIMED_OUT'));

-- Certificates of award for the placings a contest honours, each with the code its page asks for.
alter table contest_placing add column award_no varchar(32) unique, add column award_code varchar(16) unique;
