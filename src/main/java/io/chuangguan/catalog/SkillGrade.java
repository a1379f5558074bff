package io.chuangguan.catalog;

import java.util.Arrays;

/** The national skill grades: 5 is the entry grade, 1 the highest. */
public enum SkillGrade {
    GRADE_5(5, "五级", "初级工"),
    GRADE_4(4, "四级", "中级工"),
    GRADE_3(3, "三级", "高级工"),
    GRADE_2(2, "二级", "技师"),
    GRADE_1(1, "一级", "高级技师");

    private final int level;
    private final String levelName;
    private final String title;

    SkillGrade(int level, String levelName, String title) {
        this.level = level;
        this.levelName = levelName;
        this.title = title;
    }

    public int level() {
        return level;
    }

    /** "四级" */
    public String levelName() {
        return levelName;
    }

    /** "中级工" */
    public String title() {
        return title;
    }

    public static SkillGrade of(int level) {
        return Arrays.stream(values()).filter(g -> g.level == level).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No skill grade " + level));
    }
}
