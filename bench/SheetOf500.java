import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/** Writes a question sheet of N rows (default 500) in the template's layout: a trainer's typical upload. */
public class SheetOf500 {
    public static void main(String[] args) throws Exception {
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        List<String> headers = List.of("编号", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "选项G", "选项H",
                "答案", "解析", "难度", "等级", "知识点", "题库");
        List<String> points = List.of("冶炼工艺", "质量控制", "炉外精炼", "安全规程", "设备与操作", "原辅材料", "节能环保");
        try (OutputStream out = new FileOutputStream(args[0])) {
            Workbook wb = new Workbook(out, "bench", "1.0");
            Worksheet ws = wb.newWorksheet("题目");
            for (int c = 0; c < headers.size(); c++) {
                ws.value(0, c, headers.get(c));
            }
            for (int r = 1; r <= rows; r++) {
                int kind = r % 3;
                ws.value(r, 0, "BENCH-" + r);
                ws.value(r, 1, kind == 0 ? "单选" : kind == 1 ? "多选" : "判断");
                ws.value(r, 2, "第" + r + "题：转炉冶炼第" + (r % 17 + 1) + "阶段时，下列关于操作要点" + r + "的说法哪项符合规程？");
                if (kind != 2) {
                    for (int o = 0; o < 4; o++) {
                        ws.value(r, 3 + o, "选项" + (char) ('甲' + o) + "：操作要点" + r + "的第" + (o + 1) + "种说法");
                    }
                }
                ws.value(r, 11, kind == 0 ? "B" : kind == 1 ? "AC" : "正确");
                ws.value(r, 12, "依据炼钢安全操作规程第" + r + "条。");
                ws.value(r, 13, String.valueOf(1 + r % 5));
                ws.value(r, 14, String.valueOf(1 + r % 5));
                ws.value(r, 15, points.get(r % points.size()));
                ws.value(r, 16, r % 4 == 0 ? "考试" : "练习");
            }
            wb.finish();
        }
    }
}
