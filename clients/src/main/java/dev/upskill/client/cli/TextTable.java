package dev.upskill.client.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header and rows of cells, columns as wide as their widest cell (cut with an ellipsis at a
 * column's maximum), numbers aligned right, two spaces between columns, no trailing blanks.
 */
final class TextTable {

    private final String[] header;
    private final int[] maxWidths;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    /**
     * @param header the column names
     * @param maxWidths the widest each column may be ({@link Integer#MAX_VALUE}: never cut)
     * @param right which columns align right (numbers)
     */
    TextTable(String[] header, int[] maxWidths, boolean[] right) {
        this.header = header;
        this.maxWidths = maxWidths;
        this.right = right;
    }

    /** Adds a row of as many cells as there are columns. */
    TextTable add(String... cells) {
        rows.add(cells);
        return this;
    }

    String render() {
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = new int[header.length];
        for (String[] row : all) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], Math.min(maxWidths[i], row[i].length()));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i].length() <= maxWidths[i] ? row[i] : row[i].substring(0, maxWidths[i] - 1) + "…";
                String spaces = " ".repeat(Math.max(0, widths[i] - cell.length()));
                line.append(right[i] ? spaces + cell : cell + spaces).append("  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
