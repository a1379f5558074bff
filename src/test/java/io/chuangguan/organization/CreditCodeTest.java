package io.chuangguan.organization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CreditCodeTest {

    @Test
    void acceptsTheStandardsExampleAndRejectsATypo() {
        // the worked example of GB 32100-2015
        assertTrue(CreditCode.isValid("91350100M000100Y43"));
        assertEquals('3', CreditCode.checkCharacter("91350100M000100Y4"));
        assertFalse(CreditCode.isValid("91350100M000100Y44"));
        assertFalse(CreditCode.isValid("91350100M000100Y4"));
        assertFalse(CreditCode.isValid("91350100I000100Y43"), "I is not in the code's alphabet");
    }
}
