"""Rows on the wire: Arrow record batches as bare IPC messages, from workers to the writer.

A worker serialises each table's rows as one IPC record-batch message under
the table's schema stripped of its descriptions (a schema with its Thai and
English metadata would weigh more than the rows). The writer never decodes
them: an IPC stream is a schema message, record-batch messages and an
end-of-stream marker, so staging a chunk is joining bytes. That keeps the
single writer's cost per document near zero, which is what lets more
workers mean more documents per second.

Converting rows to Arrow costs about a microsecond per column per call, rows
or no rows, and a document has a few rows in each of its tables: so a worker
converts the tables of a group of documents in one call each
(`encode_documents`) and cuts one message per document out of the result.
Each message holds its rows in the table's key order, so the writer orders a
part file by moving whole documents (`store.write.documents_in_order`), not by
sorting their rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from operator import itemgetter
from typing import Any

import pyarrow as pa

from pipeline.batch.outbox import Converted
from pipeline.batch.result import WorkResult, bug_message, failure
from pipeline.errors import INTERNAL_ERROR
from pipeline.model import RowTuples
from pipeline.store.schema import SORT_KEYS, TABLES

BARE: dict[str, pa.Schema] = {name: pa.schema([f.remove_metadata() for f in schema]) for name, schema in TABLES.items()}
_SCHEMA_MESSAGE = {name: schema.serialize().to_pybytes() for name, schema in BARE.items()}
END_OF_STREAM = b"\xff\xff\xff\xff\x00\x00\x00\x00"


# The struct a table's rows make: typed rows are tuples in column order, so a table
# converts in one call, several times faster than a column or a dict at a time.
_ROW_TYPE = {name: pa.struct(list(schema)) for name, schema in BARE.items()}
_KEY = {name: itemgetter(*map(schema.get_field_index, SORT_KEYS[name])) for name, schema in BARE.items()}


def encode_documents(documents: Sequence[RowTuples]) -> list[dict[str, bytes]]:
    """Each document's rows as one record-batch message per table it has rows in (typed
    rows whose fields are the table's columns), in the table's key order, every table
    converted once for all the documents."""
    messages: list[dict[str, bytes]] = [{} for _ in documents]
    for table in sorted({name for tables in documents for name, rows in tables.items() if rows}):
        rows: list[tuple[Any, ...]] = []
        spans = []  # (document, first row, row count)
        for n, tables in enumerate(documents):
            own = tables.get(table)
            if own:
                spans.append((n, len(rows), len(own)))
                rows.extend(sorted(own, key=_KEY[table]))  # built in key order: one pass makes sure
        batch = pa.RecordBatch.from_struct_array(pa.array(rows, type=_ROW_TYPE[table]))
        for n, first, count in spans:
            messages[n][table] = batch.slice(first, count).serialize().to_pybytes()
    return messages


def stream(table: str, messages: Iterable[bytes]) -> bytes:
    """A complete IPC stream of `table` from record-batch messages."""
    return b"".join([_SCHEMA_MESSAGE[table], *messages, END_OF_STREAM])


def read_stream(data: pa.Buffer) -> pa.Table:
    """The table in an IPC stream, zero-copy over `data` (e.g. a memory map slice)."""
    return pa.ipc.open_stream(data).read_all()


def with_payload(converted: Sequence[Converted]) -> list[WorkResult]:
    """The results, each with its rows encoded for the writer (`encode_documents`, all in
    one go). Rows that Arrow refuses fail their own file, not the others."""
    try:
        payloads = encode_documents([tables for _, tables in converted])
    except Exception as err:  # a bug in the rows must cost one file, not the group
        if len(converted) > 1:
            return [result for one in converted for result in with_payload([one])]
        return [_unencodable(converted[0][0], err)]
    return [
        replace(result, payload=payload) if payload else result for (result, _), payload in zip(converted, payloads)
    ]


def _unencodable(done: WorkResult, err: Exception) -> WorkResult:
    """A converted file whose rows Arrow refused: failed, with what is known of it."""
    return failure(
        done.path,
        INTERNAL_ERROR.code,
        bug_message(err),
        sha256=done.sha256,
        size=done.size,
        format=done.format,
        seconds=done.seconds,
    )
