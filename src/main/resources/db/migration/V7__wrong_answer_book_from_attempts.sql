-- The 错题本 is read from the answers kept in the submitted papers (V6): a submission no longer writes a row per
-- wrong or right answer, which was most of its row writes.
drop table wrong_answer;
