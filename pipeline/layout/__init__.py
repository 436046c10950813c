"""How these reports look, written once: header vocabulary, matching and
joining, in-cell markup, list labels, wrapped lines, page numbers, page
splits. Readers and the parse stage both use these rules, so they sit below
both and import neither."""
