package io.chuangguan.frontend;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The sheets the console's browser run uploads: three steelmaker questions tagged with a knowledge point of the run,
 * once with a bad row (an answer that is not among the options) and once fixed. Stems carry the run's tag, so runs
 * against the same database never find each other's questions as duplicates. Also runnable on its own:
 * {@code java -cp "target/quarkus-app/lib/main/*" src/test/java/io/chuangguan/frontend/ConsoleSheets.java DIR POINT TAG}.
 */
public final class ConsoleSheets {

    private static final List<String> HEADERS = List.of("编号", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F",
            "选项G", "选项H", "答案", "解析", "难度", "等级", "知识点", "题库");

    private ConsoleSheets() {
    }

    public static void write(Path dir, String point, String tag) throws IOException {
        Files.createDirectories(dir);
        sheet(dir.resolve("questions-with-an-error.xlsx"), point, tag, "E");
        sheet(dir.resolve("questions-fixed.xlsx"), point, tag, "B");
    }

    private static void sheet(Path file, String point, String tag, String secondAnswer) throws IOException {
        String[][] rows = {
            { "单选", "【" + tag + "】转炉炼钢的主要氧化剂是（ ）。", "工业纯氧", "空气", "铁矿石", "石灰", "A" },
            { "单选", "【" + tag + "】钢包吹氩的主要目的是（ ）。", "提高钢水温度", "均匀成分和温度", "脱碳", "增氮", secondAnswer },
            { "判断", "【" + tag + "】出钢前必须确认钢包烘烤合格。", "", "", "", "", "正确" },
        };
        try (OutputStream out = Files.newOutputStream(file)) {
            Workbook wb = new Workbook(out, "e2e", "1.0");
            Worksheet ws = wb.newWorksheet("题目");
            for (int c = 0; c < HEADERS.size(); c++) {
                ws.value(0, c, HEADERS.get(c));
            }
            for (int r = 0; r < rows.length; r++) {
                String[] row = rows[r];
                ws.value(r + 1, 1, row[0]);
                ws.value(r + 1, 2, row[1]);
                for (int o = 0; o < 4; o++) {
                    if (!row[2 + o].isEmpty()) {
                        ws.value(r + 1, 3 + o, row[2 + o]);
                    }
                }
                ws.value(r + 1, 11, row[6]);
                ws.value(r + 1, 12, "见炼钢工艺规程。");
                ws.value(r + 1, 13, "2");
                ws.value(r + 1, 14, "5");
                ws.value(r + 1, 15, point);
                ws.value(r + 1, 16, "练习");
            }
            wb.finish();
        }
    }

    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]), args[1], args[2]);
    }
}
