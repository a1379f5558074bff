-- Level maps edited in the console: a trade's draft map is published as a whole. A level taken off the map is
-- retired (kept, with its progress and attempts), never deleted; map order is unique among the levels on the map.
alter table level add column retired_at timestamptz;
alter table level drop constraint level_trade_id_map_order_key;
create unique index level_map_order_idx on level (trade_id, map_order) where retired_at is null;

-- The draft of a trade's map: the levels in order, as JSON (each with the id of the level it edits, or none for a
-- new one). Publishing applies it and deletes it.
create table level_map_draft (
    trade_id   bigint      primary key references trade (id),
    levels     text        not null,
    updated_by bigint      not null references account (id),
    updated_at timestamptz not null default now()
);

-- Every publication of a map: who, when, and the map as published.
create table level_map_publication (
    id           bigserial primary key,
    trade_id     bigint      not null references trade (id),
    published_by bigint      not null references account (id),
    published_at timestamptz not null default now(),
    levels       text        not null
);
