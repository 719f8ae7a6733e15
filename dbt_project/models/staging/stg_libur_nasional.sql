select
    tanggal::date as tanggal,
    nama,
    kategori
from {{ source('raw', 'libur_nasional') }}
