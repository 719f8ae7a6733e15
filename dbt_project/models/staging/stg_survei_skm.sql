with source as (select * from {{ loaded('survei_skm') }} s),

typed as (
    select
        respons_id,
        unit_kode,
        layanan_kode,
        {{ parse_date('tanggal') }} as tanggal,
        {% for i in range(1, 10) -%}
        case when u{{ i }} ~ '^[1-4]$' then u{{ i }}::integer end as u{{ i }},
        {% endfor -%}
        -- valid when every answer is 1-4 or empty (scoring.md §5)
        {% for i in range(1, 10) -%}
        (u{{ i }} is null or u{{ i }} ~ '^[1-4]$') {{ 'and' if not loop.last }}
        {% endfor %} as jawaban_valid,
        upper(jenis_kelamin) as jenis_kelamin,
        pendidikan,
        pekerjaan,
        saran,
        _batch_id,
        _line
    from source
)

select distinct on (respons_id) *
from typed
order by respons_id, _batch_id desc, _line desc
