"""Archive-scale conversion: discover inputs, plan against the manifest, run
workers, stage their rows and compact them into the Parquet dataset.

Nothing here parses a report; `worker` hands each file to `pipeline.read` and
`pipeline.parse` and carries the rows back to the one writer.
"""
