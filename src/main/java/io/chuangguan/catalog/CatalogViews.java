package io.chuangguan.catalog;

import java.util.List;

/** What the catalog API returns. */
public final class CatalogViews {

    private CatalogViews() {
    }

    public record TradeView(Long id, String code, String name) {
        public static TradeView of(Trade trade) {
            return new TradeView(trade.id, trade.code, trade.name);
        }
    }

    public record IndustryView(Long id, String code, String name, List<TradeView> trades) {
    }

    public record SkillGradeView(int grade, String levelName, String title) {
        public static SkillGradeView of(SkillGrade grade) {
            return new SkillGradeView(grade.level(), grade.levelName(), grade.title());
        }
    }
}
