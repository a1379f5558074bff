-- FILL_BLANK: the stem marks each blank with ___ (three or more underscores); the version's options are the blanks in
-- order, each option's text its accepted answers separated by |; the correct keys are every blank. The worker types a
-- text per blank, stored on the attempt as a JSON array in place of the chosen keys.
alter table question_version drop constraint question_version_type_check;
alter table question_version add constraint question_version_type_check
    check (type in ('SINGLE', 'MULTIPLE', 'TRUE_FALSE', 'FILL_BLANK'));
