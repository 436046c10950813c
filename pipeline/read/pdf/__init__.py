"""PDF reader: ruled grids and characters from PDFium, repaired Thai text,
rows assembled across pages; pdfplumber where PDFium finds no grid."""
