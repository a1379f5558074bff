package io.chuangguan.union;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The union's tables as .xlsx: Chinese headers, a title line naming the unit, the period and the filters, numbers as
 * numbers (rates as percentages) so the sheet sums and sorts. The file is built in memory (a province's 10,030
 * enterprises make a sheet of some hundred KB) and sent whole; callers build it off the event loop.
 */
final class UnionSheets {

    static final String MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** A column: its header, its width and whether its numbers are rates (0..1, shown as %). */
    record Column(String header, int width, boolean rate) {
        static Column text(String header, int width) {
            return new Column(header, width, false);
        }

        static Column number(String header) {
            return new Column(header, 12, false);
        }

        static Column rate(String header) {
            return new Column(header, 12, true);
        }
    }

    private UnionSheets() {
    }

    static byte[] write(String sheetName, String title, List<Column> columns, Iterable<List<Object>> rows, ZoneId zone) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(out, "Chuangguan", "1.0");
            Worksheet sheet = workbook.newWorksheet(sheetName);
            sheet.value(0, 0, title);
            sheet.style(0, 0).bold().fontSize(13).set();
            for (int c = 0; c < columns.size(); c++) {
                sheet.value(1, c, columns.get(c).header());
                sheet.width(c, columns.get(c).width());
            }
            sheet.range(1, 0, 1, columns.size() - 1).style().bold().fillColor("DDEBF7").set();
            sheet.freezePane(0, 2);
            int r = 2;
            for (List<Object> row : rows) {
                for (int c = 0; c < row.size(); c++) {
                    Object value = row.get(c);
                    if (value == null) {
                        continue;
                    }
                    if (value instanceof Number n) {
                        sheet.value(r, c, n);
                        if (columns.get(c).rate()) {
                            sheet.style(r, c).format("0.0%").set();
                        }
                    } else if (value instanceof Instant at) {
                        sheet.value(r, c, TIME.format(at.atZone(zone)));
                    } else if (value instanceof LocalDate day) {
                        sheet.value(r, c, day.toString());
                    } else {
                        sheet.value(r, c, value.toString());
                    }
                }
                if (r % 1000 == 0) {
                    sheet.flush();
                }
                r++;
            }
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
