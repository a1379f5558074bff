package io.chuangguan.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NameMaskTest {

    @Test
    void keepsTheFirstAndLastCharacters() {
        assertEquals("李*", PromotionService.maskName("李娜"));
        assertEquals("王*强", PromotionService.maskName("王志强"));
        assertEquals("欧**锋", PromotionService.maskName("欧阳建锋"));
        assertEquals("*", PromotionService.maskName("王"));
    }
}
