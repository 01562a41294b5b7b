-- One row per raw document the ingest step saw: parsed or quarantined, and why.
select
    document_sha256,
    source_id,
    region_code,
    url as document_url,
    final_url,
    fetched_at,
    raw_path,
    title,
    release_date,
    layout,
    encoding,
    status,
    reason as quarantine_reason,
    message as quarantine_message,
    n_observations,
    array_to_string(unknown_indicators, '、') as unknown_indicators,
    is_synthetic
from {{ source('bulletins', 'documents') }}
