"""From a reader's raw rows to tidy records: the logical table, cell lists,
title-block metadata, quantities, and the records written to Parquet."""
