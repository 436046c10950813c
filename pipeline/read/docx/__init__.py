"""Word (.docx) reader: tables from the document XML, merges and list numbering rebuilt."""
