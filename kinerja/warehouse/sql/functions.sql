-- Parsing and identifier checks shared by the validation suites (expectations/) and usable from
-- SQL. Plain SQL functions, no exception blocks: they run per row on every loaded batch.

-- A real calendar date from its parts, or null (never an error: CASE guards make_date). Integer
-- arithmetic only: it runs several times per row in every batch's validation.
create or replace function ingest.make_date_or_null(y int, m int, d int) returns date
language sql immutable parallel safe as $$
    select case when y between 1900 and 2200 and m between 1 and 12 and d between 1 and
        case when m = 2 then case when y % 4 = 0 and (y % 100 <> 0 or y % 400 = 0) then 29 else 28 end
             when m in (4, 6, 9, 11) then 30 else 31 end
        then make_date(y, m, d) end
$$;

-- A date by position, once its shape is known: year first (YYYY-MM-DD…) or day first (DD/MM/YYYY…).
create or replace function ingest.date_ymd(value text) returns date
language sql immutable parallel safe as $$
    select ingest.make_date_or_null(substr(value, 1, 4)::int, substr(value, 6, 2)::int, substr(value, 9, 2)::int)
$$;

create or replace function ingest.date_dmy(value text) returns date
language sql immutable parallel safe as $$
    select ingest.make_date_or_null(substr(value, 7, 4)::int, substr(value, 4, 2)::int, substr(value, 1, 2)::int)
$$;

-- A date in one of the formats of sources.md (YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY), optionally
-- followed by a time; null when the text is not a real calendar date. Single expressions, so
-- PostgreSQL can inline them.
create or replace function ingest.parse_date_general(value text) returns date
language sql immutable parallel safe as $$
    select case
        when value ~ '^\d{4}-\d{2}-\d{2}([ T]|$)' then ingest.date_ymd(value)
        when value ~ '^\d{2}[/-]\d{2}[/-]\d{4}([ T]|$)' then ingest.date_dmy(value)
    end
$$;

create or replace function ingest.make_time_or_null(h int, m int, s int) returns time
language sql immutable parallel safe as $$
    select case when h between 0 and 23 and m between 0 and 59 and s between 0 and 59 then make_time(h, m, s) end
$$;

-- The wall-clock datetime written in the text (any offset ignored); null when not a valid datetime.
-- After the shape check the parts sit at known places, so split_part replaces further regexes.
create or replace function ingest.parse_timestamp_general(value text) returns timestamp
language sql immutable parallel safe as $$
    select case when value ~ '^.{10}[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$' then
        ingest.parse_date_general(value) + ingest.make_time_or_null(
            split_part(substr(value, 12), ':', 1)::int,
            substr(split_part(substr(value, 12), ':', 2), 1, 2)::int,
            coalesce(nullif(substr(split_part(substr(value, 12), ':', 3), 1, 2), '')::int, 0))
    end
$$;

-- parse_date and parse_timestamp: the shapes exports write most, recognised by position after a
-- translate() that maps every digit to 9, then the general functions above for anything else
-- (regexes cost microseconds a row, and these run on every row of every batch). Same results:
-- tests/test_parsing.py compares both ways.
create or replace function ingest.parse_date(value text) returns date
language sql immutable parallel safe as $$
    select case translate(value, '012345678', '999999999')
        when '9999-99-99' then ingest.date_ymd(value)
        when '99/99/9999' then ingest.date_dmy(value)
        when '99-99-9999' then ingest.date_dmy(value)
        else ingest.parse_date_general(value)
    end
$$;

-- HH:MM[:SS] at character 12, once the shape is known.
create or replace function ingest.time_at_12(value text) returns time
language sql immutable parallel safe as $$
    select ingest.make_time_or_null(substr(value, 12, 2)::int, substr(value, 15, 2)::int,
                                    coalesce(nullif(substr(value, 18, 2), '')::int, 0))
$$;

create or replace function ingest.parse_timestamp(value text) returns timestamp
language sql immutable parallel safe as $$
    select case translate(value, '012345678T', '999999999 ')
        when '99/99/9999 99:99:99' then ingest.date_dmy(value) + ingest.time_at_12(value)
        when '99-99-9999 99:99:99' then ingest.date_dmy(value) + ingest.time_at_12(value)
        when '99/99/9999 99:99' then ingest.date_dmy(value) + ingest.time_at_12(value)
        when '9999-99-99 99:99:99' then ingest.date_ymd(value) + ingest.time_at_12(value)
        when '9999-99-99 99:99' then ingest.date_ymd(value) + ingest.time_at_12(value)
        else ingest.parse_timestamp_general(value)
    end
$$;

-- HH:MM[:SS] as a time; null when invalid.
create or replace function ingest.parse_time(value text) returns time
language sql immutable parallel safe as $$
    select case when value ~ '^\d{1,2}:\d{2}(:\d{2})?$' then
        ingest.make_time_or_null(substring(value from '^(\d{1,2}):')::int, substring(value from '^\d{1,2}:(\d{2})')::int, 0)
    end
$$;

-- What is wrong with a NIP (sources.md "Identifiers"), or null when it is well formed.
-- PNS: birth date YYYYMMDD, CPNS start YYYYMM after birth, sex digit 1/2, serial >= 001.
-- NI PPPK: birth date checked, the rest only digits. Without jenis_asn, a NIP whose positions 13-14
-- cannot be a month is taken as NI PPPK.
create or replace function ingest.nip_problem(nip text, jenis_asn text default null) returns text
language sql immutable parallel safe as $$
    select case
        when nip is null then null
        -- the common case first: 18 digits (a counted regex like \d{18} costs several times more), then checks by position
        when length(nip) = 18 and nip ~ '^\d+$' then case
            when ingest.make_date_or_null(substr(nip, 1, 4)::int, substr(nip, 5, 2)::int, substr(nip, 7, 2)::int) is null
                then 'NIP ' || nip || ': birth date ' || substr(nip, 1, 8) || ' is not a real date'
            when coalesce(upper(jenis_asn), case when substr(nip, 13, 2)::int between 1 and 12 then 'PNS' else 'PPPK' end) = 'PPPK'
                then null
            when substr(nip, 13, 2)::int not between 1 and 12
                then 'NIP ' || nip || ': CPNS start month ' || substr(nip, 9, 6) || ' is not a real month'
            when substr(nip, 9, 6) <= substr(nip, 1, 6)
                then 'NIP ' || nip || ': CPNS start ' || substr(nip, 9, 6) || ' is not after the birth date'
            when substr(nip, 15, 1) not in ('1', '2') then 'NIP ' || nip || ': sex digit must be 1 or 2'
            when substr(nip, 16, 3) = '000' then 'NIP ' || nip || ': serial number 000 is not issued'
            end
        when nip ~ '^\d([.,]\d+)?[eE][+-]?\d+$'
            then 'NIP ' || nip || ' was turned into a number by Excel and lost its digits; export the column as text'
        when nip !~ '^\d+$' then 'NIP ' || nip || ' must contain only digits'
        else 'NIP ' || nip || ' has ' || length(nip)::text || ' digits instead of 18 (leading digits lost?)'
    end
$$;
