"""The page geometry of the built-in templates (ND30: A4, margins 20/20/30/15 mm), shared by the
template builder and the rule that breaks a long agency name in the header."""

TEXT_WIDTH_MM = 210 - 30 - 15
# The national title at 13 pt bold is 95.7 mm wide: the right column (62.5 % = 103 mm, less
# the cell margins) keeps it on one line.
HEADER_LEFT_SHARE = 0.375
HEADER_CELL_MARGINS_MM = 2 * 1.9  # Word's default left and right cell margins
HEADER_SIZE_PT = 13
HEADER_LINE_MM = TEXT_WIDTH_MM * HEADER_LEFT_SHARE - HEADER_CELL_MARGINS_MM
# The minutes' signatures: three blocks side by side, each title line broken to fit its column.
SIGNATURES_PER_ROW = 3
SIGNATURE_COLUMN_MM = TEXT_WIDTH_MM / SIGNATURES_PER_ROW
SIGNATURE_SIZE_PT = 14
SIGNATURE_LINE_MM = SIGNATURE_COLUMN_MM - HEADER_CELL_MARGINS_MM
