package io.chuangguan.promotion;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public final class PromotionRequests {

    private PromotionRequests() {
    }

    public enum Decision { APPROVE, REJECT }

    public record ApplyRequest(Long tradeId) {
    }

    public record DecisionRequest(@NotNull Decision decision, @Size(max = 500) String comment) {
    }
}
