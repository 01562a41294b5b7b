-- Every raw document seen: parsed, or quarantined with the reason. Grain: one row per document.
select * from {{ ref('stg_bulletins__documents') }}
