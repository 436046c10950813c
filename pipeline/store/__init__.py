"""The Parquet dataset: schemas, deterministic writing, loading for analysts,
and the data dictionary generated from the schemas."""
