-- Every raw document seen: parsed, or quarantined with the reason. Grain: one row per document.
select
    document_sha256,
    source_id,
    region_code,
    document_url,
    final_url,
    fetched_at,
    raw_path,
    title,
    release_date,
    layout,
    encoding,
    status,
    quarantine_reason,
    quarantine_message,
    n_observations,
    unknown_indicators,
    is_synthetic
from {{ ref('stg_bulletins__documents') }}
