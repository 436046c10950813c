"""How these reports look, written once: header vocabulary and matching,
in-cell markup, list labels, page splits. Readers and the parse stage both
use these rules, so they sit below both and import neither."""
