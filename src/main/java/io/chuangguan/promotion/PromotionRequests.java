package io.chuangguan.promotion;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public final class PromotionRequests {

    private PromotionRequests() {
    }

    public enum Decision { APPROVE, REJECT }

    public record ApplyRequest(Long tradeId) {
    }

    public enum Tier { ENTERPRISE, COUNTY, CITY, PROVINCE, NATIONAL }

    public record ContestResultRequest(@NotNull @jakarta.validation.constraints.NotBlank @Size(max = 128) String contestName,
            @NotNull Tier tier, @NotNull @jakarta.validation.constraints.PastOrPresent java.time.LocalDate heldOn,
            @NotNull @jakarta.validation.constraints.Min(1) Integer placing, @Size(max = 64) String award) {
    }

    public record DecisionRequest(@NotNull Decision decision, @Size(max = 500) String comment) {
    }
}
