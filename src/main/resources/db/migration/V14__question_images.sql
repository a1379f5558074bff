-- Pictures in stems and options: stored by the SHA-256 of their bytes (the same picture once), served at
-- /images/<hash> with long cache headers. Text refers to them as ![](/images/<hash>).
create table question_image (
    hash        char(64)    primary key,
    media_type  varchar(16) not null check (media_type in ('image/png', 'image/jpeg', 'image/webp')),
    bytes       bytea       not null check (octet_length(bytes) <= 1048576),
    width       int         not null,
    height      int         not null,
    uploaded_by bigint      not null references account (id),
    uploaded_at timestamptz not null default now()
);
